"""Deadline rules are data: cases and requests take their periods from administrator-editable rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import TimelineEvent
from phoihop.core import services as core_services
from phoihop.core.calendar import add_working_days
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub):
    return {
        "police": AgencyFactory(code="CA"),
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2),
        "admin": UserFactory(username="qt.btc", agency=hub, roles=["admin"], clearance=3),
    }


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def test_case_due_date_comes_from_the_default_rule(world, on_day):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Hạn theo quy tắc")
    assert (case.due_days, case.due_unit) == (30, "working")
    assert case.due_on == add_working_days(date(2027, 3, 1), 30).due


def test_admin_changes_a_rule_new_cases_follow_running_ones_keep(world, on_day):
    on_day(date(2027, 3, 1))
    before = services.case_open(actor=world["officer"], title="Trước khi đổi")
    services.deadline_rule_set(
        actor=world["admin"],
        kind="general",
        step="case",
        days=20,
        unit="calendar",
        max_extensions=1,
        reason="Quy chế mới năm 2027",
    )
    after = services.case_open(actor=world["officer"], title="Sau khi đổi")
    before.refresh_from_db()
    assert before.due_days == 30
    assert (after.due_days, after.due_unit) == (20, "calendar")
    assert after.due_on == date(2027, 3, 22)  # 21/3 is a Sunday: rolls to Monday
    event = AuditEvent.objects.get(action="deadline_rule.change")
    assert '"old":{"days":30' in event.payload.replace(" ", "") and event.reason == "Quy chế mới năm 2027"


def test_only_admins_change_rules_and_bad_values_are_refused(world):
    with pytest.raises(PermissionDenied):
        services.deadline_rule_set(
            actor=world["officer"],
            kind="general",
            step="case",
            days=5,
            unit="working",
            max_extensions=1,
            reason="thử đổi",
        )
    with pytest.raises(ValidationError) as exc:
        services.deadline_rule_set(
            actor=world["admin"],
            kind="general",
            step="case",
            days=0,
            unit="week",
            max_extensions=11,
            reason="",
        )
    assert set(exc.value.message_dict) == {"days", "unit", "max_extensions", "reason"}
    assert not AuditEvent.objects.filter(action="deadline_rule.change").exists()


def test_request_without_a_period_uses_its_kind_rule(world, on_day):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Xin ý kiến")
    req = services.request_send(
        actor=world["officer"],
        case=case,
        to_agency=world["police"],
        kind="opinion",
        body="Cho ý kiến về cán bộ",
    )
    assert (req.days, req.unit, req.due_on) == (7, "working", add_working_days(date(2027, 3, 1), 7).due)


def test_extension_limit_comes_from_the_rule(world, on_day):
    on_day(date(2027, 3, 1))
    services.deadline_rule_set(
        actor=world["admin"],
        kind="general",
        step="verify",
        days=10,
        unit="working",
        max_extensions=0,
        reason="Không cho gia hạn",
    )
    case = services.case_open(actor=world["officer"], title="Không gia hạn")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Xác minh"
    )
    with pytest.raises(ValidationError, match="tối đa 0 lần"):
        services.request_extend(actor=world["officer"], req=req, days=5, reason="Cần thêm thời gian")


def test_calendar_change_moves_open_case_due_dates(world, on_day):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Lịch thay đổi")
    old = case.due_on
    core_services.calendar_day_add(actor=world["admin"], day=date(2027, 3, 3), kind="off", name="Bão số 2")
    case.refresh_from_db()
    assert case.due_on == add_working_days(old, 1).due
    event = TimelineEvent.objects.get(case=case, kind="deadline_changed", request__isnull=True)
    assert event.data == {"old": old.isoformat(), "new": case.due_on.isoformat(), "cause": "calendar"}


def test_rules_page_reads_for_everyone_edits_for_admins(client, world):
    client.force_login(world["officer"])
    page = client.get("/rules/deadlines/")
    assert page.status_code == 200 and "Trả lời yêu cầu cho ý kiến" in page.content.decode()
    refused = client.post(
        "/rules/deadlines/",
        {
            "kind": "general",
            "step": "case",
            "days": 5,
            "unit": "working",
            "max_extensions": 1,
            "reason": "không được",
        },
    )
    assert refused.status_code == 403
    client.force_login(world["admin"])
    bad = client.post(
        "/rules/deadlines/",
        {
            "kind": "general",
            "step": "case",
            "days": 0,
            "unit": "working",
            "max_extensions": 1,
            "reason": "sai",
        },
        follow=True,
    )
    assert bad.status_code == 200 and "1" in bad.content.decode()
    ok = client.post(
        "/rules/deadlines/",
        {
            "kind": "general",
            "step": "case",
            "days": 15,
            "unit": "working",
            "max_extensions": 1,
            "reason": "Theo quy chế mới",
        },
        follow=True,
    )
    assert "Đã lưu quy tắc thời hạn" in ok.content.decode()
    assert services.rule_for("general", "case").days == 15


def test_overdue_filter_and_detail_flag_cover_the_case_own_deadline(client, world, on_day):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Quá hạn chính hồ sơ")
    on_day(date(2027, 6, 1))
    from phoihop.cases.selectors import case_list

    assert list(case_list(world["officer"], overdue=True)) == [case]
    client.force_login(world["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-due"' in page and "Quá hạn" in page
