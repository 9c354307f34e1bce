"""Generated over the timeline's and the notifications' registries: every code, produced by the real code that
writes it, is stored as a code and declared identifiers — no text, and none of the content of any object in
the database (titles, names, identity numbers, the reasons people typed) in its parameters. A new code fails
`test_every_code_has_a_producer` until a producer is added below. Built on the audit's content-free world."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from phoihop.audit.tests.test_content_free import (
    World,
    _case_link,
    _case_transition,
    _identifier_held,
    _paper,
    _request_answer,
    _request_receive,
    _request_share,
    _request_step,
    _settings_for,
    _team,
    content_strings,
)
from phoihop.cases.history import TIMELINE
from phoihop.cases.models import ClockEntry, StateChange, TimelineEvent
from phoihop.consultations.tests import producers as consultation_producers
from phoihop.core.tests.factories import UserFactory
from phoihop.discipline.tests import producers as discipline_producers
from phoihop.letters.tests import producers as letter_producers
from phoihop.notify.messages import MESSAGES
from phoihop.notify.models import Notification
from phoihop.search.folding import fold_vi
from phoihop.vetting.tests import producers as vetting_producers

pytestmark = pytest.mark.django_db


def _assign(w: World) -> None:
    from phoihop.cases.services import case_update

    other = UserFactory(
        username="cv.chutri", full_name="Lâm Chủ Trì Mới", agency=w.hub, roles=["officer"], clearance=3
    )
    case_update(
        actor=w.officer,
        case=w.case,
        expected_version=w.case.version,
        title="Vụ Hoàng Hôn Đổi Trích Yếu",
        summary="Tóm tắt mới đầy bí mật",
        lead_officer=other,
    )


def _viewed(w: World) -> None:
    from phoihop.cases.services import case_read

    case_read(actor=w.officer, case=w.case)


def _case_clock(step: str) -> Callable[[World], None]:
    def produce(w: World) -> None:
        from phoihop.cases import services

        if step == "extend":
            services.case_extend(
                actor=w.officer, case=w.case, days=5, reason="Vụ việc phức tạp bí ẩn", decision="QĐ-77/BTC"
            )
        else:
            services.case_pause(actor=w.officer, case=w.case, reason="Chờ giải trình bí ẩn")
            if step == "resume":
                services.case_resume(actor=w.officer, case=w.case, reason="Đã có giải trình bí ẩn")

    return produce


def _calendar_change(w: World) -> None:
    from phoihop.core.services import calendar_day_add

    assert w.request
    day = timezone.localdate() + timedelta(days=2)
    while day.weekday() >= 5:  # a working day inside the request's period becomes a day off
        day += timedelta(days=1)
    calendar_day_add(actor=w.admin, day=day, kind="off", name="Ngày nghỉ Sương Mù")


def _led_by_another(w: World) -> None:
    """A leader who is not the lead officer concludes: the lead officer is told."""
    from phoihop.cases.services import case_transition

    leader = UserFactory(
        username="ld.khac", full_name="Tôn Lãnh Đạo Khác", agency=w.hub, roles=["leader"], clearance=3
    )
    case_transition(actor=leader, case=w.case, name="stop", reason="Dừng theo chỉ đạo bí ẩn")


def _reminders(of: str, days_after_due: int) -> Callable[[World], None]:
    """The reminder sweep on a day relative to the request's or the case's due date."""

    def produce(w: World) -> None:
        from phoihop.cases import reminders

        due = w.request.due_on if of == "request" else w.case.due_on
        day = due + timedelta(days=days_after_due)
        original = timezone.localdate
        timezone.localdate = lambda *a, **k: day  # type: ignore[assignment]
        try:
            reminders.send_reminders()
        finally:
            timezone.localdate = original  # type: ignore[assignment]

    return produce


TIMELINE_PRODUCERS: dict[str, Callable[[World], Any]] = {
    "opened": lambda w: w.case,
    "subject_added": lambda w: w.case,
    "request_sent": lambda w: w.request,
    "request_received": _request_receive,
    "request_answered": _request_answer,
    "transition": _case_transition,
    "deadline_changed": _calendar_change,
    "request_withdrawn": _request_step("withdraw"),
    "assigned": _assign,
    "edited": _assign,
    "clock_paused": _request_step("pause"),
    "linked": _case_link,
    "viewed": _viewed,
    "case_deadline_extend": _case_clock("extend"),
    "case_deadline_pause": _case_clock("pause"),
    "case_deadline_resume": _case_clock("resume"),
    "team_added": _team(remove=False),
    "team_removed": _team(remove=True),
    "request_shared": _request_share,
    "document_added": lambda w: w.document,
    "document_signed": _paper(issue=False),
    "document_issued": _paper(issue=True),
    **letter_producers.TIMELINE,
    **vetting_producers.TIMELINE,
    **discipline_producers.TIMELINE,
    **consultation_producers.TIMELINE,
}


def _paper_with_colleagues(w: World, role: str) -> None:
    """A leader told of a draft to sign, a clerk of a signed paper to issue (the actor is never told)."""
    from phoihop.cases.services import case_team_add

    colleague = UserFactory(username=f"{role}.btc2", agency=w.hub, roles=[role], clearance=3)
    case_team_add(actor=w.officer, case=w.case, user=colleague)  # the case is Tuyệt mật: its team's only
    _paper(issue=False)(w)


NOTIFICATION_PRODUCERS: dict[str, Callable[[World], Any]] = {
    "request_new": lambda w: w.request,
    "case_transition": _led_by_another,
    "request_answered": _request_answer,
    "team_added": _team(remove=False),
    "request_due_soon": _reminders("request", -1),
    "request_overdue": _reminders("request", 5),
    "case_due_soon": _reminders("case", -1),
    "case_overdue": _reminders("case", 5),
    "identifier_hold": _identifier_held,
    "paper_to_sign": lambda w: _paper_with_colleagues(w, "leader"),
    "paper_to_issue": lambda w: _paper_with_colleagues(w, "clerk"),
    **letter_producers.NOTIFICATIONS,
    **vetting_producers.NOTIFICATIONS,
    **discipline_producers.NOTIFICATIONS,
    **consultation_producers.NOTIFICATIONS,
}
# the request's extension and resumption also write `deadline_changed`, with the clock entry's key
EXTRA = {"deadline_changed": [_request_step("extend"), _request_step("resume")]}


def _content() -> set[str]:
    typed = set(StateChange.objects.values_list("reason", flat=True)) | set(
        ClockEntry.objects.values_list("reason", flat=True)
    )
    return content_strings() | {t.strip() for t in typed if len(t.strip()) >= 6}


def _leaks(stored: dict[str, Any]) -> list[str]:
    text = json.dumps(stored, ensure_ascii=False)
    folded = fold_vi(text)
    return sorted(s for s in _content() if s.lower() in text.lower() or (fold_vi(s) and fold_vi(s) in folded))


def test_every_code_has_a_producer():
    assert set(TIMELINE.renderers) == set(TIMELINE_PRODUCERS), "add a producer for each new timeline code"
    assert set(MESSAGES.renderers) - {"test_note"} == set(NOTIFICATION_PRODUCERS), (
        "add a producer for each new notification code"
    )


@pytest.mark.parametrize("code", sorted(TIMELINE_PRODUCERS))
def test_timeline_rows_hold_codes_and_identifiers_only(
    code, settings, tmp_path, django_capture_on_commit_callbacks
):
    _settings_for(settings, tmp_path)
    world = World(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        world.populate()
        for produce in [TIMELINE_PRODUCERS[code], *EXTRA.get(code, [])]:
            produce(world)
    rows = list(TimelineEvent.objects.filter(kind=code))
    assert rows, f"the producer of {code} wrote no line"
    for row in rows:
        assert row.text == "", f"{code} stored text: {row.text}"
        TIMELINE.check(code, row.data)  # declared parameters of their types only
        assert not _leaks(row.data), f"{code} holds content {_leaks(row.data)}: {row.data}"


@pytest.mark.parametrize("code", sorted(NOTIFICATION_PRODUCERS))
def test_notifications_hold_codes_and_identifiers_only(
    code, settings, tmp_path, django_capture_on_commit_callbacks
):
    _settings_for(settings, tmp_path)
    world = World(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        world.populate()
        NOTIFICATION_PRODUCERS[code](world)
    rows = list(Notification.objects.filter(code=code))
    assert rows, f"the producer of {code} wrote no notification"
    for row in rows:
        assert row.text == "", f"{code} stored text: {row.text}"
        MESSAGES.check(code, row.params)
        assert not _leaks(row.params), f"{code} holds content {_leaks(row.params)}: {row.params}"
