"""Every object page is built on `VisibleObjectView` and every API object view on the restricted base (with
`AuditedRetrieveMixin` where reading one object is an audited read), unless it is exempted here with its
reason; and the pages and API records that audit their reads do write the read before answering."""

from __future__ import annotations

import pytest
from django.test import Client

from phoihop.access.api import AuditedRetrieveMixin, RestrictedQuerysetMixin
from phoihop.access.testing import allowed_methods, object_routes, view_of
from phoihop.access.views import VisibleObjectView
from phoihop.audit.models import AuditEvent

FORM = (
    "a form for a write, fetched with the right to change "
    "through get_visible_or_404; its writes are audited by"
)
FORM += " their services and refused identically in the leak tests"

# Object pages answering GET that are not built on VisibleObjectView, and why.
PAGES_NOT_ON_THE_BASE: dict[str, str] = {
    "administration:agency_edit": (
        "the administration's form of an agency (the address book "
        "every user reads), also the create page without an id; "
    )
    + FORM,
    "administration:user_edit": FORM,
    "documents:case_documents": (
        "the list of a case's papers and their upload: each paper's opening "
        "is audited on its own page; the case page is the audited read"
    ),
    "documents:generate": FORM,
    "documents:paper_compare": (
        "two papers side by side: each fetched through get_visible_or_404 and its opening audited "
        "(document_read) before the page is built, as the document page does"
    ),
    "documents:download": "the file itself: open_for_download audits it as what is served (a download or a "
    "preview, with the version and whether it was stamped)",
    "letters:vault_file": (
        "an original in the letters' vault: vault_file_open "
        "audits it with the vault opening (the reason) it follows"
    ),
    "vetting:batch_progress": (
        "a batch's progress bar, polled every 2 s while it runs: counts and states only, fetched through "
        "get_visible_or_404; the batch's page is the audited read"
    ),
    "vetting:batch_export": (
        "the batch's result as XLSX: batch_xlsx audits it as an export with its row count"
    ),
    "consultations:decide": (
        "a write posted from the case's panel (POST only); the case page is the audited read"
    ),
    "cases:case_edit": FORM,
    "cases:case_team_remove": "the confirmation page of a write; " + FORM,
    "people:person_edit": FORM,
    "people:person_merge": FORM,
    "people:registration_basis_edit": (
        "the public list of registration bases with an administrator's edit form, also without an id"
    ),
}

# API views retrieving one object without auditing the read, and why (each still restricted by the policy).
API_READS_UNAUDITED: dict[str, str] = {
    "AgencyViewSet": "the address book of agencies, read by every signed-in user",
    "CalendarDayViewSet": "the working-day calendar, read by every signed-in user",
    "PartyUnitViewSet": "the Party organisation tree, read by every signed-in user",
    "RegistrationBasisViewSet": "the list of registration bases, read by every signed-in user",
    "NotificationViewSet": "the reader's own notifications",
    "AuditEventViewSet": (
        "the audit trail's own records (auditors only); auditing their reading would grow the trail"
    ),
    "CaseDocumentsView": "the list of a case's papers: each paper's record and file are audited reads",
    "DocumentDownloadView": "the file itself: open_for_download audits it as what is served",
}


def _routes():
    return object_routes()


def test_every_object_page_is_built_on_the_base_view_or_exempted():
    missing = []
    for route in _routes():
        if route.route.startswith("api/"):
            continue
        view = view_of(route.callback)
        if "GET" not in allowed_methods(route.callback):
            continue  # a write only: refused identically in the leak tests (test_url_coverage)
        if isinstance(view, type) and issubclass(view, VisibleObjectView):
            continue
        if route.name not in PAGES_NOT_ON_THE_BASE:
            missing.append(f"{route.name}: {route.route}")
    assert not missing, "object pages neither on VisibleObjectView nor exempted with a reason:\n" + "\n".join(
        missing
    )
    names = {r.name for r in _routes()}
    assert set(PAGES_NOT_ON_THE_BASE) <= names, "exemptions of pages that are gone"


def test_every_api_object_view_is_restricted_and_audits_its_reads_or_says_why():
    problems = []
    for route in _routes():
        if not route.route.startswith("api/"):
            continue
        view = view_of(route.callback)
        if not issubclass(view, RestrictedQuerysetMixin):
            problems.append(f"{route.name}: {view.__name__} does not restrict its queryset")
        actions = getattr(route.callback, "actions", None) or {}
        retrieves = actions.get("get") == "retrieve" or (not actions and hasattr(view, "retrieve"))
        if (
            retrieves
            and not issubclass(view, AuditedRetrieveMixin)
            and view.__name__ not in API_READS_UNAUDITED
        ):
            problems.append(f"{route.name}: {view.__name__} retrieves without auditing the read or a reason")
    assert not problems, "\n".join(problems)


def test_every_unaudited_base_view_says_why():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    _routes()  # the URL configuration imports every view
    for view in subclasses(VisibleObjectView):
        reason = view.read_unaudited_because
        assert reason == "" or len(reason) > 30, (
            f"{view.__name__}: say why its opening is not an audited read"
        )


# --- the audited reads happen ------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/cases/{case}/",
        "/api/v1/cases/{case}/",
        "/requests/{request}/",
        "/api/v1/requests/{request}/",
        "/persons/{person}/",
        "/api/v1/persons/{person}/",
        "/documents/{document}/",
        "/api/v1/documents/{document}/",
    ],
)
def test_opening_an_object_page_or_api_record_audits_the_read(url):
    """Each page and API record built on the bases writes its
    read (record.read) for the object before it answers."""
    from phoihop.cases import services as case_services
    from phoihop.core.tests.factories import partner_world
    from phoihop.documents import services as document_services
    from phoihop.people.tests.factories import make_person

    world = partner_world()
    person = make_person(world["owner"], "Ông Đọc Thử", birth_year=1970)
    case = case_services.case_open(actor=world["owner"], title="Đọc thử", subjects=[person])
    req = case_services.request_send(
        actor=world["owner"], case=case, to_agency=world["CA"], kind="verify", body="Xác minh", days=10
    )
    document = document_services.document_add(
        actor=world["owner"], case=case, file_name="a.txt", data=b"noi dung", title="Tài liệu"
    )
    ids = {"case": case.pk, "request": req.pk, "person": person.uuid, "document": document.pk}
    target = url.format(**ids)
    key = next(k for k in ids if "{" + k + "}" in url)
    client = Client()
    reader = world["recipient"] if key == "request" else world["owner"]
    client.force_login(reader)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    assert client.get(target).status_code == 200
    reads = AuditEvent.objects.filter(action="record.read", actor_id=reader.pk, seq__gt=before)
    assert [e.object_id for e in reads] == [str(ids[key])], target
