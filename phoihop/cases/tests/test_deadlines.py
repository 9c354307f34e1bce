"""A deadline keeps its history (issue 13 §1): extensions and pauses survive calendar changes, extensions obey
the kind's rule, and cases have the same clock as requests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import Case, CoordinationRequest, TimelineEvent
from phoihop.core import services as core_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub):
    police = AgencyFactory(code="CA", name="Công an tỉnh")
    return {
        "hub": hub,
        "police": police,
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2),
        "leader": UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=3),
        "liaison": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2),
        "admin": UserFactory(username="qt", agency=hub, roles=["admin"], clearance=3),
    }


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def _send(world, days=10, unit="working"):
    case = services.case_open(actor=world["officer"], title="Thời hạn")
    return services.request_send(
        actor=world["officer"],
        case=case,
        to_agency=world["police"],
        kind="verify",
        body="Đề nghị xác minh",
        days=days,
        unit=unit,
    )


def _due(req):
    return CoordinationRequest.objects.get(pk=req.pk).due_on


def test_an_extension_survives_a_day_off_added_inside_the_window(world, on_day):
    on_day(date(2027, 3, 1))  # Mon
    req = _send(world, days=10)
    assert req.due_on == date(2027, 3, 15)  # 2-5, 8-12, 15/3
    extended = services.request_extend(actor=world["officer"], req=req, days=5, reason="Cần xác minh thêm")
    assert extended.due_on == date(2027, 3, 22)
    core_services.calendar_day_add(actor=world["admin"], day=date(2027, 3, 10), kind="off", name="Bão số 2")
    # 15 working days from sending, 10/3 skipped — not 10 working days from sending (the lost extension).
    assert _due(req) == date(2027, 3, 23)


def test_a_resumed_request_keeps_its_pause_when_the_calendar_changes(world, on_day):
    on_day(date(2027, 3, 1))
    req = _send(world, days=5)
    assert req.due_on == date(2027, 3, 8)
    on_day(date(2027, 3, 3))
    services.request_pause(actor=world["officer"], req=req, reason="Chờ giải trình")
    on_day(date(2027, 3, 15))
    resumed = services.request_resume(actor=world["officer"], req=req, reason="Đã có giải trình")
    assert resumed.due_on == date(2027, 3, 18)
    # A day off inside the pause changes nothing: paused days never count.
    core_services.calendar_day_add(actor=world["admin"], day=date(2027, 3, 4), kind="off", name="Bão")
    assert _due(req) == date(2027, 3, 18)
    # A day off before the pause is one working day fewer used: one more after the resumption.
    core_services.calendar_day_add(actor=world["admin"], day=date(2027, 3, 2), kind="off", name="Bão tiếp")
    assert _due(req) == date(2027, 3, 19)
    assert not CoordinationRequest.objects.filter(pk=req.pk).overdue().exists()
    change = TimelineEvent.objects.filter(request=req, kind="deadline_changed").latest("id")
    assert change.data == {"old": "2027-03-18", "new": "2027-03-19", "cause": "calendar"}


def test_calendar_day_deadlines_count_extensions_from_the_start_not_from_the_rolled_due_date(world, on_day):
    on_day(date(2027, 3, 1))  # Mon; 1/3 + 5 = Sat 6/3, rolled to Mon 8/3
    req = _send(world, days=5, unit="calendar")
    assert req.due_on == date(2027, 3, 8)
    extended = services.request_extend(actor=world["officer"], req=req, days=2, reason="Thêm hai ngày")
    assert extended.due_on == date(2027, 3, 8)  # 1/3 + 7 = Mon 8/3: the weekend roll was not time granted
    core_services.calendar_day_add(actor=world["admin"], day=date(2027, 3, 8), kind="off", name="Nghỉ bù")
    assert _due(req) == date(2027, 3, 9)


def test_extensions_obey_the_kind_rule_count_and_length(world, on_day):
    on_day(date(2027, 3, 1))
    services.deadline_rule_set(
        actor=world["admin"],
        kind="general",
        step="verify",
        days=10,
        unit="working",
        max_extensions=2,
        max_extension_days=4,
        reason="Quy chế sửa đổi",
    )
    req = _send(world, days=10)
    with pytest.raises(ValidationError) as exc:
        services.request_extend(actor=world["officer"], req=req, days=5, reason="Dài quá")
    assert "từ 1 đến 4 ngày" in exc.value.message_dict["days"][0]
    services.request_extend(actor=world["officer"], req=req, days=4, reason="Lần một")
    services.request_extend(actor=world["officer"], req=req, days=1, reason="Lần hai", decision="12/QĐ-BTCTU")
    with pytest.raises(ValidationError, match="tối đa 2 lần"):
        services.request_extend(actor=world["officer"], req=req, days=1, reason="Lần ba")
    req.refresh_from_db()
    assert req.extensions == 2 and req.due_on == date(2027, 3, 22)  # 10 + 4 + 1 working days
    assert [(e.kind, e.days, e.decision) for e in req.clock.entries.all()] == [
        ("extend", 4, ""),
        ("extend", 1, "12/QĐ-BTCTU"),
    ]


def test_a_clock_cannot_be_paused_on_or_after_its_due_date(world, on_day):
    on_day(date(2027, 3, 1))
    req = _send(world, days=5)
    on_day(date(2027, 3, 8))
    with pytest.raises(ValidationError, match="không còn ngày nào để tạm dừng"):
        services.request_pause(actor=world["officer"], req=req, reason="Quá muộn")


def test_a_case_has_the_same_clock_extended_by_a_decision_and_paused(client, world, on_day):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Giải quyết đơn thư")
    assert case.due_on == date(2027, 4, 12)  # 30 working days
    with pytest.raises(PermissionDenied):
        services.case_extend(actor=world["officer"], case=case, days=5, reason="Phức tạp", decision="1/QĐ")
    with pytest.raises(ValidationError) as exc:
        services.case_extend(actor=world["leader"], case=case, days=31, reason=" ", decision=" ")
    assert set(exc.value.message_dict) == {"days", "reason", "decision"}
    extended = services.case_extend(
        actor=world["leader"], case=case, days=5, reason="Vụ việc phức tạp", decision="15/QĐ-BTCTU"
    )
    assert extended.due_on == date(2027, 4, 20)  # 35 working days: Hùng Kings' day 16/4 skipped
    on_day(date(2027, 3, 10))
    paused = services.case_pause(actor=world["leader"], case=case, reason="Chờ đương sự giải trình")
    assert paused.paused_on == date(2027, 3, 10)
    assert (
        not Case.objects.filter(pk=case.pk).overdue(today=date(2027, 5, 1)).exists()
    )  # paused: never overdue
    on_day(date(2027, 3, 17))  # 7 working days used (2/3-10/3), 28 left from 18/3
    resumed = services.case_resume(actor=world["leader"], case=case, reason="Đã nhận giải trình")
    assert resumed.due_on == date(2027, 4, 27) and resumed.paused_on is None
    core_services.calendar_day_add(
        actor=world["admin"], day=date(2027, 3, 12), kind="off", name="Trong lúc dừng"
    )
    core_services.calendar_day_add(
        actor=world["admin"], day=date(2027, 3, 22), kind="off", name="Sau khi tiếp tục"
    )
    case.refresh_from_db()
    assert case.due_on == date(2027, 4, 28)  # only the day off after the resumption counts
    kinds = list(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [
        "opened",
        "case_deadline_extend",
        "case_deadline_pause",
        "case_deadline_resume",
        "deadline_changed",
    ]
    event = (
        AuditEvent.objects.filter(action="deadline.change", object_id=str(case.pk)).order_by("seq").first()
    )
    assert event.payload_data == {
        "event": "extend",
        "old": "2027-04-12",
        "new": "2027-04-20",
        "days": 5,
        "decision": "15/QĐ-BTCTU",
        "extension": 1,
        "level": 0,
    }
    assert not any("Vụ việc phức tạp" in e.text for e in TimelineEvent.objects.filter(case=case))
    client.force_login(world["leader"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "15/QĐ-BTCTU" in page and f'action="/cases/{case.pk}/deadline/extend/"' in page


def test_case_deadline_pages_and_api(client, world, on_day):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Qua trang")
    client.force_login(world["officer"])
    assert "deadline/extend/" not in client.get(f"/cases/{case.pk}/").content.decode()  # not a leader
    assert (
        client.post(
            f"/cases/{case.pk}/deadline/extend/", {"days": 2, "reason": "x", "decision": "1/QĐ"}
        ).status_code
        == 403
    )
    client.force_login(world["leader"])
    page = client.post(
        f"/cases/{case.pk}/deadline/extend/", {"days": 2, "reason": "Cần thêm", "decision": ""}, follow=True
    )
    assert "Số quyết định gia hạn" in page.content.decode()  # the form names the missing field
    client.post(f"/cases/{case.pk}/deadline/extend/", {"days": 2, "reason": "Cần thêm", "decision": "2/QĐ"})
    client.post(f"/cases/{case.pk}/deadline/pause/", {"reason": "Chờ"})
    case.refresh_from_db()
    assert case.due_on == date(2027, 4, 14) and case.paused_on == date(2027, 3, 1)
    assert client.post(f"/cases/{case.pk}/deadline/stop/", {"reason": "x"}).status_code == 404
    resumed = client.post(
        f"/api/v1/cases/{case.pk}/resume/", {"reason": "Tiếp tục"}, content_type="application/json"
    )
    assert resumed.status_code == 200 and resumed.json()["paused_on"] is None
    bad = client.post(
        f"/api/v1/cases/{case.pk}/extend/", {"days": 3, "reason": "Thêm"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "decision" in bad.json()["errors"]
    ok = client.post(
        f"/api/v1/cases/{case.pk}/extend/",
        {"days": 3, "reason": "Thêm", "decision": "3/QĐ"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["due_on"] == "2027-04-20"  # 30 + 2 + 3 working days


def test_rules_page_shows_and_edits_the_longest_extension(client, world):
    client.force_login(world["admin"])
    page = client.get("/rules/deadlines/").content.decode()
    assert 'name="max_extension_days"' in page
    client.post(
        "/rules/deadlines/",
        {
            "kind": "general",
            "step": "opinion",
            "days": 7,
            "unit": "working",
            "max_extensions": 1,
            "max_extension_days": 3,
            "reason": "Quy chế mới",
        },
    )
    assert services.rule_for("general", "opinion").max_extension_days == 3
    bad = client.post(
        "/rules/deadlines/",
        {
            "kind": "general",
            "step": "opinion",
            "days": 7,
            "unit": "working",
            "max_extensions": 1,
            "max_extension_days": 400,
            "reason": "Quy chế mới",
        },
        follow=True,
    )
    assert services.rule_for("general", "opinion").max_extension_days == 3 and bad.status_code == 200


def test_the_clock_history_is_shown_on_the_request_page(client, world, on_day):
    on_day(date(2027, 3, 1))
    req = _send(world, days=10)
    services.request_extend(actor=world["officer"], req=req, days=3, reason="Xác minh thêm", decision="7/QĐ")
    client.force_login(world["officer"])
    page = client.get(f"/requests/{req.pk}/").content.decode()
    assert 'id="request-deadline-history"' in page and "7/QĐ" in page
    assert (date(2027, 3, 1) + timedelta(days=0)).strftime("%d/%m/%Y") in page


def test_the_api_reads_the_flags_and_the_extension_count_for_today(world, on_day):
    on_day(date(2027, 3, 1))
    req = _send(world, days=5)  # due 8/3
    services.request_extend(actor=world["officer"], req=req, days=1, reason="Thêm")  # due 9/3
    client = Client()
    client.force_login(world["liaison"])
    row = client.get("/api/v1/requests/").json()["results"][0]
    assert (row["extensions"], row["overdue"], row["due_on"]) == (1, False, "2027-03-09")
    on_day(date(2027, 3, 10))
    row = client.get("/api/v1/requests/").json()["results"][0]
    assert row["overdue"] is True and client.get("/api/v1/requests/?overdue=true").json()["count"] == 1


def test_a_case_clock_reason_obeys_the_same_length_rule_as_a_requests(world, on_day):
    """A case's pause and resume share the request's checks (one rule): an over-long reason is refused."""
    from phoihop.cases import limits

    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Giải quyết đơn thư dài")
    too_long = "x" * (limits.REQUEST_REASON + 1)
    with pytest.raises(ValidationError) as refused:
        services.case_pause(actor=world["leader"], case=case, reason=too_long)
    assert "reason" in refused.value.message_dict
    services.case_pause(actor=world["leader"], case=case, reason="Chờ giải trình")
    with pytest.raises(ValidationError) as again:
        services.case_pause(actor=world["leader"], case=case, reason="Chờ giải trình")
    assert again.value.message_dict == {"status": ["Thời hạn xử lý hồ sơ đang tạm dừng."]}
    with pytest.raises(ValidationError):
        services.case_resume(actor=world["leader"], case=case, reason=too_long)
