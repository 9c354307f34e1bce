"""Every list of the house — page or API — asks the database the same number of questions whatever the number
of rows it shows (no query per row). Generated over the URL configuration: each named route is either a list
here (with the persona who sees its rows and the path to ask), a list measured by another test (named), or not
a list (with why). A new route fails `test_every_route_is_classified` until it is put in one of the three, so
a new kind's lists are measured from the day they exist.

Each list is asked once to warm the session, then measured with few rows, then with three times as many; the
counts must be equal. Object URLs and their leak tests are another test's business (the guarded views' URL
coverage)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 6  # rows of each kind before and after growing: the second measure sees three times as many


@dataclass(frozen=True)
class Listed:
    """A list route: who asks (a key of `World`) and the path, built from the world's fixed objects."""

    persona: str
    path: Callable[[World], str]


def fixed(path: str) -> Callable[[World], str]:
    return lambda _w: path


# The lists, by route name (namespace:name as `reverse()`
# takes it). The persona is one who sees every row grown.
LISTS: dict[str, Listed] = {
    "web:home": Listed("officer", fixed("/")),
    "web:home#liaison": Listed("liaison", fixed("/")),  # the partner's home: requests addressed to it
    "cases:case_list": Listed("officer", fixed("/cases/")),
    "cases:case_list#register": Listed("colleague", fixed("/cases/?register=1")),  # numbers and levels only
    "cases:request_inbox": Listed("liaison", fixed("/requests/")),
    "cases:deadline_rules": Listed("admin", fixed("/rules/deadlines/")),
    "cases:case_detail": Listed(
        "officer", lambda w: f"/cases/{w.case.pk}/"
    ),  # timeline, requests, team, subjects
    "cases:case_timeline": Listed("officer", lambda w: f"/cases/{w.case.pk}/timeline/"),
    "cases:request_detail": Listed("officer", lambda w: f"/requests/{w.request.pk}/"),  # its history
    "documents:case_documents": Listed("officer", lambda w: f"/cases/{w.case.pk}/documents/"),
    "documents:request_panel": Listed("liaison", lambda w: f"/requests/{w.request.pk}/documents/panel/"),
    "documents:person_panel": Listed("officer", lambda w: f"/persons/{w.person.uuid}/documents/panel/"),
    "documents:registers#outgoing": Listed("officer", fixed("/registers/outgoing/")),
    "documents:registers#incoming": Listed("liaison", fixed("/registers/incoming/")),
    "documents:registers#classified": Listed("officer", fixed("/registers/classified/")),
    "people:person_list": Listed("officer", fixed("/persons/")),
    "people:person_list#search": Listed("officer", fixed("/persons/?q=Phan")),
    "people:person_detail": Listed(
        "officer", lambda w: f"/persons/{w.person.uuid}/"
    ),  # bases, relatives, cases
    "people:unit_tree": Listed("officer", fixed("/units/")),
    "people:registration_bases": Listed("officer", fixed("/registry/bases/")),
    "people:identifier_holds": Listed("officer", fixed("/registry/identifiers/?all=1")),
    "administration:agency_list": Listed("admin", fixed("/admin/agencies/")),
    "administration:user_list": Listed("admin", fixed("/admin/users/")),
    "calendar": Listed("officer", fixed("/calendar/")),
    "audit:event_list": Listed("auditor", fixed("/audit/?action=record.read")),  # a page holds 50
    "audit:break_glass_list": Listed("auditor", fixed("/audit/break-glass/")),
    "notify:list": Listed("officer", fixed("/notifications/")),
    "search:search": Listed("officer", fixed("/search/?q=Phan")),
    "api:agency-list": Listed("admin", fixed("/api/v1/agencies/")),
    "api:calendar-day-list": Listed("officer", fixed("/api/v1/calendar/days/?year=2026")),
    "api:case-list": Listed("officer", fixed("/api/v1/cases/")),
    "api:case-events": Listed("officer", lambda w: f"/api/v1/cases/{w.case.pk}/events/"),
    "api:case-requests": Listed("officer", lambda w: f"/api/v1/cases/{w.case.pk}/requests/"),
    "api:case-team": Listed("officer", lambda w: f"/api/v1/cases/{w.case.pk}/team/"),
    "api:case-documents": Listed("officer", lambda w: f"/api/v1/cases/{w.case.pk}/documents/"),
    "api:request-list": Listed("liaison", fixed("/api/v1/requests/")),
    "api:person-list": Listed("officer", fixed("/api/v1/persons/")),
    "api:person-list#search": Listed("officer", fixed("/api/v1/persons/?q=Phan")),
    "api:person-bases": Listed("officer", lambda w: f"/api/v1/persons/{w.person.uuid}/bases/"),
    "api:party-unit-list": Listed("officer", fixed("/api/v1/party-units/")),
    "api:registration-basis-list": Listed("officer", fixed("/api/v1/registration-bases/")),
    "api:notification-list": Listed("officer", fixed("/api/v1/notifications/")),
    "api:audit-event-list": Listed("auditor", fixed("/api/v1/audit/events/")),
    "api:search": Listed("officer", fixed("/api/v1/search/?q=Phan")),
}

# Lists whose number of rows is fixed (one per kind and step of the deadline rules): measured, but not longer.
FIXED_ROWS = {"cases:deadline_rules"}

# Lists whose rows need a world of their own, measured by the named test.
T_LISTS = "letters/tests/test_query_counts.py::test_letter_lists_do_not_ask_once_per_row"
T_ITEMS = (
    "letters/tests/test_query_counts.py::test_a_letters_panel_and_its_items_do_not_ask_once_per_allegation"
)
T_VETTING_LISTS = "vetting/tests/test_query_counts.py::test_vetting_lists_do_not_ask_once_per_row"
T_VETTING_ITEMS = (
    "vetting/tests/test_query_counts.py::test_a_vettings_panel_and_its_items_do_not_ask_once_per_finding"
)
T_DISCIPLINE = (
    "discipline/tests/test_query_counts.py::test_discipline_lists_and_panel_do_not_ask_once_per_row"
)
T_CONSULTATION_LISTS = (
    "consultations/tests/test_query_counts.py::test_consultation_lists_do_not_ask_once_per_row"
)
MEASURED_ELSEWHERE: dict[str, str] = {
    **{
        name: T_DISCIPLINE
        for name in (
            "discipline:list",
            "discipline:export",
            "api:discipline-notice-list",
            "api:discipline-notice-export",
        )
    },
    **{
        name: T_CONSULTATION_LISTS
        for name in (
            "consultations:list",
            "consultations:export",
            "consultations:answer",
            "api:consultation-list",
            "api:consultation-table",
        )
    },
    **{
        name: T_VETTING_LISTS
        for name in (
            "vetting:list",
            "vetting:batches",
            "vetting:batch",
            "vetting:batch_export",
            "vetting:dispatches",
            "vetting:dispatch",
            "api:vetting-list",
            "api:vetting-batch-list",
            "api:vetting-batch-board",
            "api:vetting-batch-export",
            "api:vetting-dispatch-list",
            "api:vetting-dispatch-items",
        )
    },
    **{
        name: T_VETTING_ITEMS
        for name in (
            "api:vetting-findings",
            "api:vetting-dossier",
            "api:vetting-verifiers",
            "api:vetting-context",
        )
    },
    "people:retention_review": (
        "people/tests/test_retention.py::test_review_page_query_count_does_not_grow_with_rows"
    ),
    **{
        name: T_LISTS
        for name in (
            "letters:register",
            "letters:transfers",
            "letters:vault_reads",
            "api:letter-list",
            "api:letter-transfer-list",
        )
    },
    **{name: T_ITEMS for name in ("api:letter-allegations", "api:letter-matches", "letters:classify")},
    "api:person-matches": (
        "a person's duplicate candidates: a fixed number of ranked tiers (people/selectors.py)"
    ),
}

# Routes that are not lists: forms and actions, one object, files, sign-in, machinery.
NOT_LISTS: set[str] = {
    # the discipline notice's forms and actions, one object (its advice; its acknowledgements: one per body
    # that must know, a handful) and the rules (a dozen sanctions)
    "discipline:new",
    "discipline:rules",
    "discipline:record",
    "discipline:acknowledge",
    "discipline:appeal",
    "discipline:appeal_decide",
    "discipline:close",
    "api:discipline-notice-detail",
    "api:discipline-notice-advice",
    "api:discipline-notice-acknowledgements",
    "api:discipline-notice-acknowledge",
    "api:discipline-notice-record-notice",
    "api:discipline-notice-appeal",
    "api:discipline-notice-appeal-decision",
    "api:discipline-notice-close-notice",
    # the vetting's forms and actions, one object, the rules (a handful of purposes), a batch's progress bar
    # (its creation and one line per partner it was sent to) and the candidate file's template
    "vetting:new",
    # the consultation's forms and actions, one object, the types (a handful of rows)
    "consultations:new",
    "consultations:types",
    "consultations:decide",
    "api:consultation-detail",
    "api:consultation-answer",
    "api:consultation-decide",
    "vetting:rules",
    "vetting:batch_template",
    "vetting:batch_progress",
    "vetting:dossier_set",
    "vetting:finding_add",
    "vetting:explanation_add",
    "vetting:verifier_add",
    "vetting:appraise",
    "vetting:approve",
    "vetting:decision",
    "vetting:reuse",
    "api:vetting-detail",
    "api:vetting-dossier-set",
    "api:vetting-explanations",
    "api:vetting-appraise",
    "api:vetting-approve",
    "api:vetting-decision",
    "api:vetting-reuse",
    "api:vetting-batch-detail",
    "api:vetting-batch-dispatch",
    "api:vetting-dispatch-detail",
    "api:vetting-dispatch-answer",
    # the letters' forms, actions, one object and the vault (a letter's writers: at most a few)
    "letters:intake",
    "letters:transfer_take",
    "letters:match_decide",
    "letters:explanation_add",
    "letters:allegation_conclude",
    "letters:conclude",
    "letters:vault",
    "letters:vault_file",
    "letters:rules",
    "api:letter-detail",
    "api:letter-classify",
    "api:letter-explanations",
    "api:letter-conclude",
    "api:letter-allegation-conclude",
    "api:letter-match-decide",
    "api:letter-vault",
    "api:letter-transfer-detail",
    # allauth's own pages (sign-in, MFA, password, sessions)
    *(
        f"account_{n}"
        for n in (
            "reset_password",
            "login",
            "logout",
            "inactive",
            "signup",
            "reauthenticate",
            "request_reauthentication_code",
            "confirm_reauthentication_code",
            "email",
            "email_verification_sent",
            "change_password",
            "set_password",
            "confirm_login_code",
            "confirm_email",
            "reset_password_from_key_done",
            "reset_password_from_key",
            "reset_password_done",
        )
    ),
    *(
        f"mfa_{n}"
        for n in (
            "index",
            "authenticate",
            "reauthenticate",
            "activate_totp",
            "deactivate_totp",
            "view_recovery_codes",
            "generate_recovery_codes",
            "download_recovery_codes",
            "list_webauthn",
            "add_webauthn",
            "reauthenticate_webauthn",
            "remove_webauthn",
            "edit_webauthn",
        )
    ),
    "usersessions_list",
    "web:healthz",
    "set_language",
    # one object, a form or an action on it
    "administration:agency_create",
    "administration:agency_edit",
    "administration:user_create",
    "administration:user_detail",
    "administration:user_edit",
    "administration:user_deactivate",
    "administration:user_reactivate",
    "administration:user_reset_mfa",
    "administration:token_create",
    "administration:token_revoke",
    "administration:calendar_day_add",
    "administration:calendar_day_remove",
    "audit:event_detail",
    "audit:verify",
    "documents:generate",
    "documents:request_upload",
    "documents:person_upload",
    "documents:document_detail",
    "documents:download",
    "documents:copy_add",
    "documents:copy_close",
    "documents:template_admin",
    "documents:number_cancel",
    "documents:paper_sign",
    "documents:paper_issue",
    "documents:paper_compare",  # two documents
    "documents:formats",  # two regimes and the committees' terms (a few per agency, bounded to 200)
    "cases:case_create",
    "cases:case_edit",
    "cases:case_subject_add",
    "cases:case_link",
    "cases:case_team_add",
    "cases:case_team_remove",
    "cases:case_transition",
    "cases:request_send",
    "cases:case_deadline_manage",
    "cases:request_share",
    "cases:request_manage",
    "people:person_create",
    "people:person_import",
    "people:import_template",
    "people:person_edit",
    "people:person_merge",
    "people:basis_add",
    "people:basis_end",
    "people:dossier_add",
    "people:merge_undo",
    "people:registration_basis_edit",
    "people:retention_start",
    "people:retention_job",
    "people:identifier_hold_open",
    "people:identifier_hold_resolve",
    "notify:read_all",
    # exports: files written row by row from one query (audited downloads)
    "administration:user_export",
    "audit:event_export",
    # API: one object or an action, the schema, the root
    "api:users-me",
    "api:calendar-deadline",
    "api:audit-verify",
    "api:document-detail",
    "api:document-download",
    "api:document-sign",
    "api:document-issue",
    "api:case-documents-generate",
    "api:case-templates",  # the case kind's templates: a handful, from the registry, no query per row
    "api:schema",
    "api:docs",
    "api:api-root",
    "api:agency-detail",
    "api:calendar-day-detail",
    "api:case-detail",
    "api:case-extend",
    "api:case-pause",
    "api:case-resume",
    "api:case-team-member",
    "api:case-transitions",
    "api:request-detail",
    "api:request-extend",
    "api:request-pause",
    "api:request-respond",
    "api:request-resume",
    "api:request-share",
    "api:request-withdraw",
    "api:person-detail",
    "api:party-unit-detail",
    "api:registration-basis-detail",
    "api:notification-read",
    "api:notification-detail",
    "api:audit-event-detail",
}


def _routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_route_is_classified() -> None:
    """A route nobody classified fails here: say whether it
    is a list (and add it to LISTS) or why it is not."""
    routes = set(_routes())
    measured = {name.split("#")[0] for name in LISTS} | set(MEASURED_ELSEWHERE)
    assert not measured & NOT_LISTS, measured & NOT_LISTS
    unclassified = routes - measured - NOT_LISTS
    assert not unclassified, f"routes neither measured nor declared not to be lists: {sorted(unclassified)}"
    stale = (measured | NOT_LISTS) - routes
    assert not stale, f"classified routes that no longer exist: {sorted(stale)}"


class World:
    """The hub with a partner, the people who see each list, one case, request and person that collect
    children, and `grow(n)` that adds n rows of every kind each list shows."""

    def __init__(self, settings: Any, tmp_path: Any) -> None:
        from phoihop.cases.services import case_open, request_send
        from phoihop.documents import storage
        from phoihop.people.services import person_create

        settings.DATA_DIR = tmp_path
        storage._default.cache_clear()
        self.serial = count(1)
        self.hub = AgencyFactory(code="BTC", name="Ban Tổ chức Tỉnh ủy", kind="party_board", is_hub=True)
        self.police = AgencyFactory(code="CA", name="Công an tỉnh", kind="police")
        self.officer = UserFactory(
            username="cv.btc", agency=self.hub, roles=["clerk", "officer", "leader"], clearance=3
        )
        self.colleague = UserFactory(username="cv.khac", agency=self.hub, roles=["officer"], clearance=0)
        self.admin = UserFactory(username="qt.btc", agency=self.hub, roles=["admin"], clearance=3)
        self.auditor = UserFactory(
            username="gs.btc", agency=self.hub, roles=["auditor", "officer"], clearance=3
        )
        self.liaison = UserFactory(
            username="dm.ca", agency=self.police, roles=["liaison", "clerk", "officer"], clearance=3
        )
        self.case = case_open(actor=self.officer, title="Hồ sơ gốc", classification=0)
        self.request = request_send(
            actor=self.officer,
            case=self.case,
            to_agency=self.police,
            kind="information",
            body="Đề nghị cung cấp thông tin",
            days=10,
        )
        self.person = person_create(
            actor=self.officer,
            confirm_distinct=True,
            basis="member-register",
            full_name="Phan Văn Gốc",
            birth_year=1970,
        )

    def client(self, persona: str) -> Client:
        client = Client()
        client.force_login(getattr(self, persona))
        return client

    def grow(self, n: int) -> None:
        for _ in range(n):
            self._one(next(self.serial))

    def _one(self, i: int) -> None:
        from phoihop.access.services import break_glass_open
        from phoihop.cases.services import (
            case_open,
            case_read,
            case_subject_add,
            case_team_add,
            request_pause,
            request_resume,
            request_send,
        )
        from phoihop.core.services import agency_create, calendar_day_add, user_create
        from phoihop.documents.services import copy_record, document_add, number_issue
        from phoihop.notify.services import notify
        from phoihop.people.services import (
            identifier_hold_open,
            person_basis_add,
            person_create,
            registration_basis_save,
            relative_add,
            unit_create,
        )

        w = self
        given = ["An", "Bình", "Cường", "Dũng", "Hà", "Khánh", "Long", "Minh", "Nam"][i % 9]
        case = case_open(actor=w.officer, title=f"Hồ sơ số {i}", classification=i % 3)
        case_read(actor=w.officer, case=case)
        req = request_send(
            actor=w.officer,
            case=case,
            to_agency=w.police,
            kind="information",
            body=f"Yêu cầu số {i}",
            days=10,
        )
        document_add(
            actor=w.officer,
            request=req,
            file_name=f"yeu-cau-{i}.txt",
            data=f"Tệp {i}".encode(),
            title=f"Văn bản kèm yêu cầu {i}",
        )
        doc = document_add(
            actor=w.officer,
            case=w.case,
            file_name=f"tai-lieu-{i}.txt",
            data=f"Tệp {i}".encode(),
            title=f"Tài liệu {i}",
            classification=1 + i % 2,
        )
        copy_record(actor=w.officer, document=doc, recipient=w.police)
        document_add(
            actor=w.officer,
            request=w.request,
            file_name=f"kem-{i}.txt",
            data=f"Kèm {i}".encode(),
            title=f"Tài liệu kèm {i}",
        )
        number_issue(actor=w.officer, doc_type="TB", subject=f"Thông báo số {i}", document=doc)
        person = person_create(
            actor=w.officer,
            confirm_distinct=True,
            basis="member-register",
            full_name=f"Phan Văn {given}",
            birth_year=1960 + i,
            case=None,
        )
        case_subject_add(actor=w.officer, case=w.case, person=person)
        document_add(
            actor=w.officer,
            person=w.person,
            file_name=f"ho-so-{i}.txt",
            data=f"Hồ sơ {i}".encode(),
            title=f"Giấy tờ {i}",
        )
        relative_add(
            actor=w.officer,
            person=w.person,
            relation="sibling",
            full_name=f"Phan Thị {given}",
            birth_year=1975,
        )
        person_basis_add(actor=w.officer, person=w.person, case=case)
        member = UserFactory(username=f"cv.to{i}", agency=w.hub, roles=["officer"], clearance=3)
        case_team_add(actor=w.officer, case=w.case, user=member)
        request_pause(actor=w.officer, req=w.request, reason=f"Chờ giải trình lần {i}")
        request_resume(actor=w.officer, req=w.request, reason=f"Đã có giải trình lần {i}")
        request_send(
            actor=w.officer, case=w.case, to_agency=w.police, kind="opinion", body=f"Xin ý kiến {i}", days=7
        )
        agency = agency_create(actor=w.admin, code=f"CQ{i:02d}", name=f"Cơ quan {i}", kind="other")
        user_create(
            actor=w.admin,
            username=f"nguoi.moi{i}",
            full_name=f"Người Mới {i}",
            agency=agency,
            roles=["officer"],
            clearance=1,
        )
        day = date(2026, 9, 28) + timedelta(days=7 * i)  # Mondays of October and November
        calendar_day_add(actor=w.admin, day=day, kind="off", name=f"Nghỉ {i}", agency=None)
        unit_create(actor=w.admin, code=f"CB-{i:02d}", name=f"Chi bộ {i}", kind="cell")
        registration_basis_save(actor=w.admin, code=f"can-cu-{i}", label=f"Căn cứ {i}", retention_months=12)
        identifier_hold_open(actor=w.officer, field="party_card", number=f"88{i:08d}")
        break_glass_open(actor=w.admin, obj=case, reason=f"Khắc phục sự cố dữ liệu số {i}")
        notify(
            users=[w.officer, w.liaison],
            kind="request",
            code="request_new",
            params={"agency": str(w.officer.agency_id), "due": f"2026-12-{10 + i:02d}"},
            link=f"/requests/{req.pk}/",
        )


@pytest.fixture
def world(settings: Any, tmp_path: Any) -> World:
    return World(settings, tmp_path)


def _queries(client: Client, path: str) -> tuple[int, int]:
    """(queries, size of the answer): a list that shows more rows is longer."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return len(ctx.captured_queries), len(response.content)


def test_no_list_asks_once_per_row(world: World) -> None:
    """All lists in one world (building it is the slow part): the counts with FEW and with MANY rows, side by
    side, so one failure names every list that grows."""
    clients = {persona: world.client(persona) for persona in {entry.persona for entry in LISTS.values()}}

    def measure() -> dict[str, tuple[int, int]]:
        for (
            entry
        ) in LISTS.values():  # the session's first requests, and caches the new rows made stale, warm up
            _queries(clients[entry.persona], entry.path(world))
        return {name: _queries(clients[entry.persona], entry.path(world)) for name, entry in LISTS.items()}

    world.grow(FEW)
    few = measure()
    world.grow(MANY - FEW)
    many = measure()
    grown = {name: (few[name][0], many[name][0]) for name in LISTS if many[name][0] != few[name][0]}
    assert not grown, "lists whose query count grows with rows (few, many): " + repr(grown)
    same = sorted(name for name in LISTS if many[name][1] <= few[name][1] and name not in FIXED_ROWS)
    assert not same, f"lists that showed no more rows after growing (the measure would prove nothing): {same}"
