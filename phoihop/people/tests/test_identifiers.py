"""A citizen ID or Party card number held by a person the caller may not see is not revealed: the refusal is
the one a number under the keeper's reconciliation gets, the attempt is audited (codes only) and the hub's
registry keeper is told, once a day per number, and resolves it."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from phoihop.audit.models import AuditEvent
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.notify.messages import line
from phoihop.notify.models import Notification
from phoihop.people import selectors, services
from phoihop.people.imports import run_import
from phoihop.people.models import IdentifierHold, Person
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

CCCD, CARD = "001185000111", "93123456"


@pytest.fixture
def officer(hub, member_basis):
    return UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)


@pytest.fixture
def keeper(hub):
    return UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=2)


@pytest.fixture
def police(db):
    return UserFactory(username="cv.ca", agency=AgencyFactory(code="CA"), roles=["officer"], clearance=2)


@pytest.fixture
def held(officer):
    return make_person(officer, "Vũ Thị Lan", birth_year=1985, sex="F", national_id=CCCD, party_card=CARD)


def refusal(actor, **data):
    with pytest.raises(ValidationError) as exc:
        make_person(actor, "Vũ Lan", **{"birth_year": 1985, "sex": "F", **data})
    return exc.value.message_dict


def test_a_hidden_holder_gets_the_same_refusal_as_a_number_the_keeper_holds(
    held, police, keeper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hidden = refusal(police, national_id=CCCD)
    assert hidden == {"national_id": [services.held_message("national_id")]}
    services.identifier_hold_open(actor=keeper, field="national_id", number="001190000222")  # nobody holds it
    with django_capture_on_commit_callbacks(execute=True):
        kept = refusal(police, national_id="001190000222", birth_year=1990)
    assert kept == hidden
    with django_capture_on_commit_callbacks(execute=True):
        card = refusal(police, party_card="93.123.456")
    assert card == {"party_card": [services.held_message("party_card")]}
    assert not Person.objects.filter(owner_agency=police.agency).exists()
    for text in (str(hidden), str(card)):
        assert "đã có" not in text and "Vũ Thị Lan" not in text


def test_the_attempt_is_audited_with_codes_only_and_the_keeper_is_told(
    held, police, keeper, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refusal(police, national_id=CCCD)
    hold = IdentifierHold.objects.get()
    assert (hold.field, hold.number, hold.holder_id, hold.agency_id, hold.attempts) == (
        "national_id",
        CCCD,
        held.pk,
        police.agency_id,
        1,
    )
    event = AuditEvent.objects.get(action="identifier.held")
    assert event.outcome == "denied" and event.actor_id == police.pk and event.object_id == str(hold.pk)
    assert json.loads(event.payload) == {"field": "national_id", "hold": str(hold.pk), "opened": True}
    assert CCCD not in event.payload + event.object_repr and "Vũ" not in event.payload + event.object_repr
    (note,) = Notification.objects.all()
    assert (
        note.user == keeper
        and note.params == {"agency": str(police.agency_id)}
        and "CA" in line(note)
        and CCCD not in line(note)
        and note.link == "/registry/identifiers/"
    )
    with django_capture_on_commit_callbacks(execute=True):  # again the same day: counted, audited, told once
        refusal(police, national_id=CCCD)
    hold.refresh_from_db()
    assert hold.attempts == 2 and IdentifierHold.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action="identifier.held").count() == 2 and Notification.objects.count() == 1
    )


def test_someone_who_sees_the_holder_is_told_plainly_and_nothing_is_recorded(held, officer):
    other = UserFactory(username="cv.btc2", agency=officer.agency, roles=["clerk"], clearance=1)
    assert refusal(other, national_id=CCCD) == {
        "national_id": ["Số CCCD này đã ghi cho một người khác trong sổ đăng ký; tìm theo số để mở hồ sơ đó."]
    }
    assert (
        not IdentifierHold.objects.exists()
        and not AuditEvent.objects.filter(action="identifier.held").exists()
    )


def test_the_api_the_import_and_an_edit_refuse_and_record_alike(
    client, held, police, django_capture_on_commit_callbacks
):
    client.force_login(police)
    with django_capture_on_commit_callbacks(execute=True):
        api = client.post(
            "/api/v1/persons/",
            {
                "full_name": "Vũ Lan",
                "birth_year": 1985,
                "sex": "F",
                "national_id": CCCD,
                "basis": "member-register",
                "confirm_distinct": True,
            },
            content_type="application/json",
        )
    assert api.status_code == 400 and api.json()["errors"] == {
        "national_id": [services.held_message("national_id")]
    }
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(
            actor=police, name="ds.csv", content=f"Họ và tên,Số thẻ đảng viên\nVũ Lan,{CARD}\n".encode()
        )
    assert report.saved == 0 and report.invalid[0].errors == [services.held_message("party_card")]
    own = make_person(police, "Vũ Thị Lan Anh", birth_year=1985, sex="F")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        services.person_update(actor=police, person=own, national_id=CCCD)
    assert exc.value.message_dict == {"national_id": [services.held_message("national_id")]}
    assert AuditEvent.objects.filter(action="identifier.held").count() == 3
    assert sorted(IdentifierHold.objects.values_list("field", "attempts")) == [
        ("national_id", 2),
        ("party_card", 1),
    ]


def test_the_keeper_resolves_by_merging_and_the_agency_then_sees_the_person(
    client, held, police, keeper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refusal(police, national_id=CCCD)
    own = make_person(
        police, "Vũ Lan", birth_year=1985, sex="F"
    )  # saved without the number, as the message says
    assert not selectors.person_search(police, CCCD).hits
    client.force_login(keeper)
    page = client.get("/registry/identifiers/").content.decode()
    assert CCCD in page and "Vũ Thị Lan" in page and 'id="hold-table"' in page
    services.person_merge(actor=keeper, survivor=held, merged=own, reason="Cùng một người, đối chiếu CCCD")
    hold = IdentifierHold.objects.get()
    client.post(f"/registry/identifiers/{hold.pk}/resolve/", {"outcome": "merged"})
    hold.refresh_from_db()
    assert hold.outcome == "merged" and hold.resolved_by == keeper
    assert [h.person.full_name for h in selectors.person_search(police, CCCD).hits] == ["Vũ Thị Lan"]
    assert (
        json.loads(AuditEvent.objects.filter(action="identifier.hold").latest("seq").payload)["outcome"]
        == "merged"
    )
    with pytest.raises(ValidationError, match="đã được xử lý"):
        services.identifier_hold_resolve(actor=keeper, hold=hold, outcome="informed")


def test_only_the_keeper_holds_and_resolves_numbers(client, police, officer, keeper):
    with pytest.raises(Exception, match="Chỉ lãnh đạo Ban Tổ chức"):
        services.identifier_hold_open(actor=officer, field="national_id", number="001190000222")
    client.force_login(keeper)
    client.post("/registry/identifiers/hold/", {"field": "national_id", "number": "0011 9000 0222"})
    hold = IdentifierHold.objects.get()
    assert hold.number == "001190000222" and hold.cause == "keeper"
    refused = client.post(
        "/registry/identifiers/hold/", {"field": "national_id", "number": "12"}, follow=True
    )
    assert "12 chữ số" in refused.content.decode()
    for user in (police, officer):
        client.force_login(user)
        assert (
            client.post(f"/registry/identifiers/{hold.pk}/resolve/", {"outcome": "released"}).status_code
            == 403
        )
    hold.refresh_from_db()
    assert hold.resolved_at is None
