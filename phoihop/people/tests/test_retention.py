"""Retention: the registry keeper's review list of persons every one of whose bases lapsed longer ago than its
retention period, and the background job that deletes or anonymises them — audited, and all of them or
none."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from phoihop.access.testing import LIST, Endpoint, LeakTests, Persona, who
from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import UserFactory, partner_world, sign_in
from phoihop.people import retention, selectors, services
from phoihop.people.choices import BlockReason, JobState
from phoihop.people.models import Person, PersonBasis, RegistrationBasis, Relative, RetentionJob
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

LONG_AGO, LATELY = date(2015, 6, 1), date(2025, 6, 1)  # beyond / within the member register's 60 months


@pytest.fixture
def officer(hub, member_basis):
    return UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)


@pytest.fixture
def keeper(hub):
    return UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=2)


def lapse(person, on):
    PersonBasis.objects.filter(person=person).update(since=date(2005, 1, 1), lapsed_on=on)


def due_names(user):
    return sorted(p.full_name for p in selectors.due_persons(user))


def start(keeper, persons, mode, capture):
    with capture(execute=True):
        return services.retention_job_start(actor=keeper, persons=[p.uuid for p in persons], mode=mode)


def test_the_review_list_holds_exactly_the_persons_past_retention(officer, keeper):
    gone = make_person(officer, "Phí Văn Xưa", birth_year=1940)
    lapse(gone, LONG_AGO)
    recent = make_person(officer, "Phí Văn Gần", birth_year=1941)
    lapse(recent, LATELY)
    kept_by_case = make_person(officer, "Phí Văn Vụ", birth_year=1942)
    lapse(kept_by_case, LONG_AGO)
    case_services.case_open(actor=officer, title="Hồ sơ đang xử lý", subjects=[kept_by_case])
    make_person(officer, "Phí Văn Nay", birth_year=1943)  # a current basis
    twin = make_person(officer, "Phi Van Xua", birth_year=1940)
    lapse(twin, LONG_AGO)
    services.person_merge(
        actor=officer,
        survivor=make_person(officer, "Phí Văn Sống", birth_year=1944),
        merged=twin,
        reason="Trùng hồ sơ đã kiểm tra",
    )
    secret = make_person(
        UserFactory(username="cv.cao", agency=officer.agency, roles=["officer"], clearance=3),
        "Phí Văn Mật",
        birth_year=1945,
        classification=3,
    )
    lapse(secret, LONG_AGO)
    assert due_names(keeper) == ["Phí Văn Xưa"]  # the secret one is above this keeper's clearance
    member = RegistrationBasis.objects.get(code="member-register")
    member.retention_months = 12  # an administrator's change applies at once
    member.save()
    assert due_names(keeper) == ["Phí Văn Gần", "Phí Văn Xưa"]
    services.person_basis_add(actor=officer, person=gone, basis="managed-cadre")
    assert due_names(keeper) == ["Phí Văn Gần"]


def test_keeper_page_lists_due_and_legacy_persons_and_no_one_else_may_open_it(
    client, officer, keeper, hub, admin_user
):
    gone = make_person(officer, "Cù Văn Hết", birth_year=1939)
    lapse(gone, LONG_AGO)
    legacy = make_person(officer, "Cù Văn Cũ", birth_year=1938)
    PersonBasis.objects.filter(person=legacy).update(basis=RegistrationBasis.objects.get(code="legacy"))
    client.force_login(keeper)
    page = client.get("/registry/review/").content.decode()
    due_part, legacy_part = page.split('id="legacy-persons"')
    assert "Cù Văn Hết" in due_part and "Cù Văn Cũ" not in due_part and "Cù Văn Cũ" in legacy_part
    assert 'id="retention-link"' in client.get("/persons/").content.decode()
    for user in (officer, admin_user, UserFactory(username="gs", agency=hub, roles=["auditor"], clearance=3)):
        client.force_login(user)
        assert client.get("/registry/review/").status_code == 403
        assert client.get("/registry/identifiers/").status_code == 403
        assert (
            client.post(
                "/registry/review/erase/", {"mode": "delete", "persons": [str(gone.uuid)]}
            ).status_code
            == 403
        )
    assert not RetentionJob.objects.exists()


def test_deleting_is_a_background_job_audited_per_person(
    client, officer, keeper, django_capture_on_commit_callbacks
):
    old = [
        make_person(officer, f"Từ Văn {name}", birth_year=1930 + i, classification=i)
        for i, name in enumerate(["An", "Ba", "Tư"])
    ]
    for person in old:
        lapse(person, LONG_AGO)
    services.relative_add(
        actor=officer, person=old[0], relation="father", full_name="Từ Văn Cha", birth_year=1900
    )
    client.force_login(keeper)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/registry/review/erase/", {"mode": "delete", "persons": [str(p.uuid) for p in old]}
        )
    assert response.status_code == 302
    job = RetentionJob.objects.get()
    assert (job.state, job.checked, job.total, job.percent) == (JobState.DONE, 3, 3, 100)
    assert not Person.objects.filter(pk__in=[p.pk for p in old]).exists() and not Relative.objects.exists()
    erased = AuditEvent.objects.filter(action="person.erase")
    assert sorted(e.object_id for e in erased) == sorted(str(p.uuid) for p in old)
    # each names the person by UUID and keeps the record's level: the row is gone, an auditor still sees it
    assert {e.object_id: json.loads(e.payload) for e in erased} == {
        str(p.uuid): {"job": str(job.pk), "mode": "delete", "level": p.classification} for p in old
    }
    states = [
        json.loads(e.payload)["state"]
        for e in AuditEvent.objects.filter(action="retention.job").order_by("seq")
    ]
    assert states == ["queued", "done"]
    assert "Từ Văn" not in " ".join(
        e.payload + e.object_repr
        for e in AuditEvent.objects.filter(action__in=["person.erase", "retention.job"])
    )
    fragment = client.get(f"/registry/jobs/{job.pk}/").content.decode()
    assert 'value="100"' in fragment and "hx-trigger" not in fragment  # finished: no more polling
    # an auditor, who may see no person, is told which record went and its level, though the row is gone
    reader = Client()
    sign_in(reader, UserFactory(username="gs.btc", agency=officer.agency, roles=["auditor"], clearance=3))
    shown = reader.get("/api/v1/audit/events/", {"action": "person.erase"}).json()["results"]
    assert sorted((r["object_id"], r["object_level"], r["object_visible"]) for r in shown) == sorted(
        (str(p.uuid), p.classification, False) for p in old
    )


def test_anonymising_keeps_the_keys_and_clears_everything_identifying(
    officer, keeper, django_capture_on_commit_callbacks
):
    person = make_person(
        officer,
        "Lã Thị Ẩn",
        birth_date=date(1950, 2, 3),
        sex="F",
        national_id="001150000777",
        party_card="12345678",
        home_town="Xã Yên Lạc",
        religion="Phật giáo",
        position="Giáo viên",
    )
    services.relative_add(
        actor=officer, person=person, relation="mother", full_name="Lã Thị Mẹ", birth_year=1920
    )
    services.dossier_entry_add(actor=officer, person=person, period="1970 – 1990", description="Giáo viên")
    other = make_person(officer, "Lã Văn Khác", birth_year=1949)
    link = services.relative_add(
        actor=officer,
        person=other,
        relation="sibling",
        full_name="Lã Thị Ẩn",
        birth_year=1950,
        linked_person=person,
    )
    closed = case_services.case_open(actor=officer, title="Hồ sơ cũ", subjects=[person])
    leader = UserFactory(username="ld.khac", agency=officer.agency, roles=["leader"], clearance=2)
    case_services.case_transition(actor=leader, case=closed, name="stop", reason="Đã xong từ lâu")
    lapse(person, LONG_AGO)
    pk, uuid = person.pk, person.uuid
    assert [p.pk for p in selectors.due_persons(keeper)] == [pk]
    start(keeper, [person], "anonymise", django_capture_on_commit_callbacks)
    person = Person.objects.get(pk=pk)
    assert person.uuid == uuid and person.anonymised_at is not None and person.full_name == "•••"
    assert (person.national_id, person.party_card, person.birth_date, person.birth_year) == (
        None,
        None,
        None,
        None,
    )
    assert (
        person.religion,
        person.home_town,
        person.position,
        person.name_folded,
        person.search_text,
        person.name_key,
        person.sort_key,
        person.name_pairs,
    ) == ("", "", "", "", "", "", "", "")
    assert not person.relatives.exists() and not person.history.exists()
    link.refresh_from_db()
    assert link.linked_person_id is None
    assert closed.subjects.filter(
        person_id=pk
    ).exists()  # the old case still points at the (anonymous) record
    assert PersonBasis.objects.filter(person_id=pk).count() == 2  # why it was kept, as codes and dates
    assert (
        not selectors.person_search(officer, "La Thi An").hits
        and not selectors.person_search(officer, "001150000777").hits
    )
    assert selectors.due_persons(keeper).count() == 0  # anonymised records leave the list
    assert pk not in selectors.visible_persons(officer).values_list("pk", flat=True)  # and lists and searches
    with pytest.raises(PermissionDenied):  # nobody writes particulars back into an anonymised record
        services.person_update(actor=officer, person=person, position="Giáo viên")


def test_the_job_is_all_or_nothing(officer, keeper, django_capture_on_commit_callbacks):
    free = make_person(officer, "Văn Thị Tự Do", birth_year=1931)
    named = make_person(officer, "Văn Thị Hồ Sơ", birth_year=1932)
    closed = case_services.case_open(actor=officer, title="Hồ sơ đã kết thúc", subjects=[named])
    leader = UserFactory(username="ld.khac", agency=officer.agency, roles=["leader"], clearance=2)
    case_services.case_transition(actor=leader, case=closed, name="stop", reason="Đã xong từ lâu")
    for person in (free, named):
        lapse(person, LONG_AGO)
    job = start(keeper, [free, named], "delete", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.blocked == [
        {"person": str(named.uuid), "reason": "referenced"}
    ]
    assert Person.objects.filter(pk=free.pk).exists() and Person.objects.filter(pk=named.pk).exists()
    assert not AuditEvent.objects.filter(action="person.erase").exists()
    last = json.loads(AuditEvent.objects.filter(action="retention.job").latest("seq").payload)
    assert last["state"] == "failed" and last["blocked"] == ["referenced"]
    assert str(BlockReason.REFERENCED.label) in str(job.blocked_reasons())
    again = start(
        keeper, [free, named], "anonymise", django_capture_on_commit_callbacks
    )  # anonymising is allowed
    again.refresh_from_db()
    assert again.state == JobState.DONE and Person.objects.filter(anonymised_at__isnull=False).count() == 2


def test_a_failure_while_erasing_leaves_everything_unchanged(
    officer, keeper, django_capture_on_commit_callbacks, monkeypatch
):
    persons = [
        make_person(officer, f"Khúc Văn {n}", birth_year=1920 + i) for i, n in enumerate(["Một", "Hai"])
    ]
    for person in persons:
        lapse(person, LONG_AGO)
    real, calls = retention._anonymise, []

    def failing(person):
        calls.append(person.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(person)

    monkeypatch.setattr(retention, "_anonymise", failing)
    job = start(keeper, persons, "anonymise", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.blocked[0]["reason"] == "error" and len(calls) == 2
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Khúc Văn Hai", "Khúc Văn Một"]
    assert not AuditEvent.objects.filter(action="person.erase").exists()


def test_a_person_linked_to_an_open_case_meanwhile_is_never_erased(
    officer, keeper, django_capture_on_commit_callbacks
):
    person = make_person(officer, "Doãn Văn Đợi", birth_year=1933)
    lapse(person, LONG_AGO)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.retention_job_start(actor=keeper, persons=[person.uuid], mode="delete")
    case_services.case_open(actor=officer, title="Hồ sơ mới", subjects=[person])
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.blocked == [
        {"person": str(person.uuid), "reason": "open_case"}
    ]
    assert Person.objects.filter(pk=person.pk).exists()


def test_only_persons_on_the_list_can_be_put_in_a_job(officer, keeper):
    current = make_person(officer, "Âu Văn Còn", birth_year=1950)
    with pytest.raises(Exception, match="không còn trong danh sách"):
        services.retention_job_start(actor=keeper, persons=[current.uuid], mode="delete")
    with pytest.raises(Exception, match="không còn trong danh sách"):
        services.retention_job_start(actor=keeper, persons=["not-a-uuid"], mode="delete")
    with pytest.raises(Exception, match="Chỉ lãnh đạo Ban Tổ chức"):
        services.retention_job_start(actor=officer, persons=[current.uuid], mode="delete")
    assert not RetentionJob.objects.exists()


def _world():
    world = partner_world(outsider_role="officer")
    world["keeper"] = world["leader"]  # the hub's leader (ld.btc) keeps the registry
    world["partner_leader"] = UserFactory(
        username="ld.ubkt", agency=world["UBKT"], roles=["leader"], clearance=3
    )
    from phoihop.people.bases import ensure_defaults

    ensure_defaults()
    person = make_person(world["owner"], "Ông Hết Hạn Lưu", birth_year=1931)
    lapse(person, LONG_AGO)
    return world, person


class TestReviewListLeaks(LeakTests):
    """Only the hub's registry keeper sees the review list; a partner's leader, an officer, an administrator
    or an auditor does not, and neither does a keeper without the clearance (the list is restricted)."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("hub-officer", sees=False, make=who("owner")),
        Persona("partner-leader", sees=False, make=who("partner_leader")),
        Persona("outsider", sees=False, make=who("outsider")),
        Persona("auditor", sees=False, make=who("auditor")),
        Persona("admin", sees=False, make=who("admin")),
        Persona("keeper", sees=True, make=who("keeper")),
    ]
    endpoints = [Endpoint("ui-review", LIST, lambda pk, m: "/registry/review/")]

    def build(self):
        return _world()

    def key(self, target):
        return target.uuid

    def marker(self, target):
        return "Ông Hết Hạn Lưu"


def test_review_page_query_count_does_not_grow_with_rows(client, officer, keeper):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(names):
        for name in names:
            lapse(make_person(officer, f"Quách Văn {name}", birth_year=1930), LONG_AGO)

    add(["An", "Bình"])
    client.force_login(keeper)
    client.get("/registry/review/")
    with CaptureQueriesContext(connection) as few:
        client.get("/registry/review/")
    add(["Cường", "Dũng", "Giang", "Hải"])
    with CaptureQueriesContext(connection) as many:
        page = client.get("/registry/review/").content.decode()
    assert len(many) == len(few), [q["sql"] for q in many]
    assert page.count(">Quách Văn") == 6 and "01/06/2020" in page  # lapsed 01/06/2015 + 60 months


def test_a_failure_while_erasing_is_logged_with_the_keepers_request_id(
    officer, keeper, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    import logging

    from phoihop.audit import context

    person = make_person(officer, "Khúc Văn Ba", birth_year=1921)
    lapse(person, LONG_AGO)

    def failing(person):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "_anonymise", failing)
    token = context.set_current(context.RequestContext(request_id="req-keeper-000001"))
    try:
        with caplog.at_level(logging.ERROR):
            job = start(keeper, [person], "anonymise", django_capture_on_commit_callbacks)
    finally:
        context.reset(token)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.blocked[0]["reason"] == "error"  # as the keeper saw it before
    [record] = [r for r in caplog.records if r.name == "phoihop.people.retention"]
    assert "req-keeper-000001" in record.getMessage() and "disk full" in str(record.exc_info[1])
    # the job's audit events carry the id of the request that started it
    assert set(AuditEvent.objects.filter(action="retention.job").values_list("request_id", flat=True)) == {
        "req-keeper-000001"
    }
