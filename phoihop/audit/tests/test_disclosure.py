"""What an auditor is shown of the trail: who did what to which object, when, from where, with what outcome —
and of the object only what the access policy lets that auditor see when reading. Checked on the pages, the
API and both exports, for events written now (content-free) and for events written before the rule (which
still hold titles, names and identity numbers, are never rewritten, and keep verifying)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from phoihop.access.testing import body
from phoihop.audit import registry
from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import audit_verify
from phoihop.audit.services import audit_prune, audit_record
from phoihop.cases import audit_events as cases_events
from phoihop.cases.services import case_open, case_read, case_team_add, case_transition, request_send
from phoihop.core.tests.factories import AgencyFactory, UserFactory, sign_in
from phoihop.people import audit_events as people_events
from phoihop.people.services import person_create, relative_add

pytestmark = pytest.mark.django_db

TITLE = "Vụ Hoàng Hôn Tuyệt Mật"
NEW_TITLE = "Vụ Hoàng Hôn Đổi Tên"
SUMMARY = "Nội dung xác minh dấu hiệu vi phạm"
NAME = "Lưu Bích Thủy Tiên"
CCCD = "001179654321"
CARD = "99123456"
RELATIVE = "Lưu Văn Phụ Thân"
HOME = "Xã Lạc Thủy Huyền Thoại"
CONTENT = (TITLE, NEW_TITLE, SUMMARY, NAME, CCCD, CARD, RELATIVE, HOME)


@pytest.fixture
def trail(signed_in):
    """A Tuyệt mật case about a registered person, with the events the services write now, the events the same
    actions wrote before the rule (their content stored and hashed), searches and exports."""
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Thử")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["clerk", "officer", "leader"], clearance=3)
    person = person_create(
        actor=officer,
        confirm_distinct=True,
        basis="member-register",
        full_name=NAME,
        national_id=CCCD,
        party_card=CARD,
        birth_date=date(1979, 4, 2),
        home_town=HOME,
        classification=3,
    )
    relative_add(actor=officer, person=person, relation="father", full_name=RELATIVE, birth_year=1950)
    case = case_open(
        actor=officer, title=TITLE, summary=SUMMARY, subject_name=NAME, classification=3, subjects=[person]
    )
    case_read(actor=officer, case=case)
    case_transition(actor=officer, case=case, name="stop", reason=f"Tạm dừng vì {NAME} vắng mặt")
    client = signed_in(officer)
    client.get("/search/", {"q": NAME})
    client.get("/persons/", {"q": CCCD})
    # What the same actions wrote before the rule: str(obj)
    # as object_repr, snapshots and values in the payload.
    legacy = [
        audit_record(
            action=cases_events.CASE_OPEN,
            actor=officer,
            obj=case,
            object_repr=f"{case.number} — {TITLE}",
            payload={"number": case.number, "participants": []},
        ),
        audit_record(
            action=people_events.PERSON_CREATE,
            actor=officer,
            obj=person,
            object_repr=NAME,
            payload={
                "confirmed_distinct": True,
                "full_name": NAME,
                "national_id": CCCD,
                "party_card": CARD,
                "home_town": HOME,
            },
        ),
        audit_record(
            action=people_events.DOSSIER_CHANGE,
            actor=officer,
            obj=person,
            object_repr=NAME,
            payload={"added": "relative", "relation": "father", "name": RELATIVE},
        ),
        audit_record(
            action=cases_events.CASE_UPDATE,
            actor=officer,
            obj=case,
            object_repr=f"{case.number} — {TITLE}",
            payload={"changes": {"title": {"before": TITLE, "after": NEW_TITLE}}, "version": 2},
        ),
        audit_record(
            action=registry.EXPORT,
            actor=officer,
            object_type="people.person",
            payload={"format": "csv", "filters": {"q": NAME}, "rows": 1},
        ),
    ]
    return {"hub": hub, "officer": officer, "case": case, "person": person, "legacy": legacy}


def _auditor(trail, username, *, clearance=0, roles=("auditor",)):
    return UserFactory(username=username, agency=trail["hub"], roles=list(roles), clearance=clearance)


def _everything(client: Client) -> str:
    """Every way an auditor reads the trail: list, each event's
    page, the API list and records, both exports."""
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    parts = [body(client.get("/audit/")), body(client.get("/api/v1/audit/events/?page_size=1000"))]
    for seq in seqs:
        parts += [body(client.get(f"/audit/events/{seq}/")), body(client.get(f"/api/v1/audit/events/{seq}/"))]
    parts.append(body(client.get("/audit/export.csv")))
    sheet = load_workbook(io.BytesIO(client.get("/audit/export.xlsx").content)).active
    parts += [" ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    return "\n".join(parts)


def test_an_uncleared_auditor_finds_no_title_name_or_identity_number_anywhere(trail, signed_in):
    auditor = _auditor(trail, "gs.khong")
    seen = _everything(signed_in(auditor))
    leaked = [text for text in CONTENT if text in seen]
    assert not leaked, leaked
    case, person = trail["case"], trail["person"]
    # …but the trail still says who did what to which object: type, UUID, number and level
    assert case.number in seen and str(case.pk) in seen and str(person.uuid) in seen
    assert "Tuyệt mật" in seen and "cv.btc" in seen
    # the old events were not rewritten: the chain verifies, and their content is still stored
    assert audit_verify().ok
    assert TITLE in AuditEvent.objects.get(pk=trail["legacy"][0].pk).object_repr


def test_what_is_withheld_is_named_without_its_value(trail, signed_in):
    client = signed_in(_auditor(trail, "gs.khong"))
    old_person = trail["legacy"][1]
    record = client.get(f"/api/v1/audit/events/{old_person.seq}/").json()
    assert record["object_repr"] == "" and record["object_visible"] is False
    assert record["payload"] == {"confirmed_distinct": True, "level": 3}
    assert set(record["withheld"]) == {
        "object_repr",
        "payload.full_name",
        "payload.national_id",
        "payload.party_card",
        "payload.home_town",
    }
    page = body(client.get(f"/audit/events/{old_person.seq}/"))
    assert "payload.national_id" in page and "Trường được ẩn" in page
    transition = AuditEvent.objects.get(action="case.transition")
    assert client.get(f"/api/v1/audit/events/{transition.seq}/").json()["reason"] == ""


def test_search_texts_are_shown_only_to_auditors_of_the_top_clearance(trail, signed_in):
    secret = signed_in(_auditor(trail, "gs.mat", clearance=2))
    top = signed_in(_auditor(trail, "gs.tuyetmat", clearance=3))
    searches = list(AuditEvent.objects.filter(action="search").order_by("seq"))
    for event in searches:
        assert "q" not in secret.get(f"/api/v1/audit/events/{event.seq}/").json()["payload"]
    assert [top.get(f"/api/v1/audit/events/{e.seq}/").json()["payload"]["q"] for e in searches] == [
        NAME,
        CCCD,
    ]
    assert NAME not in _everything(secret) and CCCD not in _everything(secret)
    # top clearance reads what was searched for, not what
    # the objects say (no content role: no case, no person)
    everything = _everything(top)
    assert NAME in everything and TITLE not in everything and RELATIVE not in everything


def test_an_auditor_who_may_see_the_case_sees_its_title_beside_the_event(trail, signed_in):
    """An auditor is not a content role: one who also works cases sees a case's content through the access
    policy, here (a Tuyệt mật case, inside the owner agency's team rule) as a member of the case's team."""
    reader = _auditor(trail, "gs.doc", clearance=3, roles=("auditor", "officer"))
    case = trail["case"]
    case_team_add(actor=trail["officer"], case=case, user=reader)
    client = signed_in(reader)
    listing = body(client.get(f"/audit/?object_id={case.pk}"))
    assert f"{case.number} — {TITLE}" in listing
    old_update = trail["legacy"][3]
    record = client.get(f"/api/v1/audit/events/{old_update.seq}/").json()
    assert record["object_visible"] is True and record["withheld"] == []
    assert (
        record["payload"]["changes"]["title"]["after"] == NEW_TITLE
    )  # the old event's content, to one who may see
    transition = AuditEvent.objects.get(action="case.transition")
    assert NAME in client.get(f"/api/v1/audit/events/{transition.seq}/").json()["reason"]


def test_a_cleared_officer_auditor_off_the_case_team_sees_no_title(trail, signed_in):
    """The case-team rule holds on the audit too: a colleague of the owner agency, cleared and working cases
    but not on this classified case's team nor a leader, reads its events by number and level only."""
    client = signed_in(_auditor(trail, "gs.khac", clearance=3, roles=("auditor", "officer")))
    case = trail["case"]
    listing = body(client.get(f"/audit/?object_id={case.pk}"))
    assert case.number in listing and TITLE not in listing
    record = client.get(f"/api/v1/audit/events/{trail['legacy'][3].seq}/").json()
    assert record["object_visible"] is False and "payload.changes" in record["withheld"]


def test_an_older_request_events_stored_description_names_the_agency_by_code(trail, signed_in):
    """Requests were once described as "kind → <agency id>": the event page shows that stored text, to an
    auditor who may see the request, with the agency's code."""
    police = AgencyFactory(code="CA", name="Công an Thử")
    UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=3)
    case = case_open(actor=trail["officer"], title=TITLE, classification=3)
    req = request_send(
        actor=trail["officer"], case=case, to_agency=police, kind="verify", body="Xác minh", days=10
    )
    old = audit_record(
        action=cases_events.REQUEST_SEND,
        actor=trail["officer"],
        obj=req,
        object_repr=f"Thẩm tra, xác minh → {police.pk}",
    )
    reader = _auditor(trail, "gs.doc", clearance=3, roles=("auditor", "officer"))
    case_team_add(actor=trail["officer"], case=case, user=reader)
    page = body(signed_in(reader).get(f"/audit/events/{old.seq}/"))
    assert "Thẩm tra, xác minh → CA" in page and str(police.pk) not in page


def test_an_object_named_by_its_uuid_in_either_spelling_is_resolved(trail, signed_in):
    case = trail["case"]
    dashed = audit_record(action=registry.RECORD_READ, object_type="cases.case", object_id=str(case.pk))
    bare = audit_record(action=registry.RECORD_READ, object_type="cases.case", object_id=case.pk.hex)
    client = signed_in(_auditor(trail, "gs.khong"))
    for event in (dashed, bare):
        record = client.get(f"/api/v1/audit/events/{event.seq}/").json()
        assert (record["object_label"], record["object_level"]) == (case.number, 3)


def test_justifications_are_shown_to_every_auditor(trail, signed_in):
    from phoihop.access.services import break_glass_open

    admin = UserFactory(username="qt.btc", agency=trail["hub"], roles=["admin"], clearance=3)
    break_glass_open(actor=admin, obj=trail["case"], reason="Kiểm tra khẩn cấp theo chỉ đạo")
    event = AuditEvent.objects.get(action="access.break_glass")
    record = signed_in(_auditor(trail, "gs.khong")).get(f"/api/v1/audit/events/{event.seq}/").json()
    assert (
        record["reason"] == "Kiểm tra khẩn cấp theo chỉ đạo"
        and record["object_label"] == trail["case"].number
    )


@pytest.mark.parametrize("roles", [("auditor",), ("auditor", "officer")], ids=["auditor", "officer-auditor"])
def test_the_list_resolves_objects_per_type_not_per_event(trail, signed_in, roles):
    """No N+1: the number of queries of a page does not grow with its events (objects of the same types),
    whether the auditor sees only identifiers (a person by its UUID alone) or, working cases too, the content
    of the cases the access policy and its team rule let them see."""
    auditor = _auditor(trail, "gs.khong", roles=roles, clearance=1 if "officer" in roles else 0)
    client = signed_in(auditor)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    def more_reads(n: int) -> None:
        for _ in range(n):
            case = case_open(actor=trail["officer"], title="Hồ sơ khác", classification=1)
            if "officer" in roles:  # on the team of every other case (all Mật: team-only inside the hub)
                case_team_add(actor=trail["officer"], case=case, user=auditor)
            case_read(actor=trail["officer"], case=case)
            audit_record(action=registry.RECORD_READ, actor=trail["officer"], obj=trail["person"])

    more_reads(2)
    if "officer" in roles:  # this auditor's page resolves content: the cases whose team they are on
        assert "Hồ sơ khác" in body(client.get("/audit/?action=record.read"))
    pages = ("/audit/?action=record.read", "/api/v1/audit/events/?action=record.read")  # cases and persons
    [queries(p) for p in pages]  # the session's first requests do their own bookkeeping
    few = [queries(p) for p in pages]
    more_reads(15)
    many = [queries(p) for p in pages]
    assert AuditEvent.objects.filter(action="record.read").count() >= 30
    assert many == few, (few, many)


def test_search_texts_leave_with_the_retention_prune(trail, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit-signing.pem"
    assert AuditEvent.objects.filter(action="search").exists()
    audit_prune(before=timezone.now() + timedelta(seconds=1))
    assert not AuditEvent.objects.filter(action="search").exists()
    assert not any(NAME in p for p in AuditEvent.objects.values_list("payload", flat=True))
    assert audit_verify().ok


def test_the_english_page_says_what_is_hidden(trail):
    client = Client()
    sign_in(client, _auditor(trail, "gs.khong"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = body(client.get(f"/audit/events/{trail['legacy'][1].seq}/"))
    assert "Hidden fields:" in page and NAME not in page
