"""Property tests of the deadline clock (issue 13 §1): whatever mix and order of extensions, pauses and
calendar changes, the stored due date equals the recomputation from the clock's history on the final calendar,
and two requests given the same history in different orders end with the same due date. Example counts are
bounded so the file runs in seconds."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from phoihop.cases import deadlines, services
from phoihop.cases.deadlines import ClockState, Pause, due_date
from phoihop.cases.models import CoordinationRequest
from phoihop.core import services as core_services
from phoihop.core.calendar import day_info, working_day_test
from phoihop.core.models import CalendarDay
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.transactions import batch

FIRST = date(2027, 1, 1)


# --- The pure function -----------------------------------------------------------------------------------


def _brute_force(state: ClockState, is_working: Any) -> date:
    """The definition read literally: list the days after the start, drop the paused ones (and, in working
    days, the days off), take the total-th; in calendar days roll it forward to a working day."""
    days = [state.start + timedelta(days=n) for n in range(1, 2000)]
    days = [d for d in days if not any(p.end is not None and p.start < d <= p.end for p in state.pauses)]
    if state.unit == "working":
        days = [d for d in days if is_working(d)]
    due = days[state.total - 1]
    while state.unit == "calendar" and not is_working(due):
        due += timedelta(days=1)
    return due


@st.composite
def histories(draw: Any) -> tuple[ClockState, frozenset[int]]:
    start = FIRST + timedelta(days=draw(st.integers(0, 700)))
    period = draw(st.integers(1, 40))
    offsets = sorted(draw(st.sets(st.integers(0, 120), max_size=6)))
    pauses = [
        Pause(start + timedelta(days=a), start + timedelta(days=b))
        for a, b in zip(offsets[::2], offsets[1::2], strict=False)
    ]
    if len(offsets) % 2:
        pauses.append(Pause(start + timedelta(days=offsets[-1])))  # still paused
    state = ClockState(
        start,
        draw(st.sampled_from(["working", "calendar"])),
        period,
        tuple(draw(st.lists(st.integers(1, 30), max_size=3))),
        tuple(pauses),
        draw(st.integers(0, 5)),
    )
    toggled = frozenset(draw(st.sets(st.integers(0, 400), max_size=12)))  # days flipped from the weekday rule
    return state, toggled


def _calendar(start: date, toggled: frozenset[int]) -> Any:
    return lambda day: (day.weekday() < 5) != ((day - start).days in toggled)


@hsettings(max_examples=150, deadline=None)
@given(histories())
def test_due_date_is_the_definition(history: tuple[ClockState, frozenset[int]]) -> None:
    state, toggled = history
    is_working = _calendar(state.start, toggled)
    assert due_date(state, is_working) == _brute_force(state, is_working)


@hsettings(max_examples=150, deadline=None)
@given(histories(), st.integers(-30, 500))
def test_only_a_day_between_the_start_and_the_due_date_can_move_it(
    history: tuple[ClockState, frozenset[int]], offset: int
) -> None:
    """What the calendar-change recomputation relies on to select the clocks it refreshes."""
    state, toggled = history
    due = due_date(state, _calendar(state.start, toggled))
    day = state.start + timedelta(days=offset)
    if state.start < day <= due:
        return
    assert due_date(state, _calendar(state.start, toggled ^ {offset})) == due


# --- Through the services, on the database ---------------------------------------------------------------


@contextmanager
def _today(day: date) -> Any:
    with mock.patch.object(timezone, "localdate", lambda *a, **k: day):
        yield


@st.composite
def scenarios(draw: Any) -> dict[str, Any]:
    start = FIRST + timedelta(days=draw(st.integers(0, 330)))
    period = draw(st.integers(3, 12))
    extensions = draw(st.lists(st.integers(1, 6), max_size=3))
    offsets = sorted(draw(st.sets(st.integers(0, period + 25), max_size=4)))
    pairs = [(a, b) for a, b in zip(offsets[::2], offsets[1::2], strict=False) if a < period]
    # Pauses start before start + period days, which is never after the due date, so the service accepts them.
    events: list[tuple[str, date]] = []
    for a, b in pairs:
        events += [("pause", start + timedelta(days=a)), ("resume", start + timedelta(days=b))]
    if events and draw(st.booleans()):
        events.pop()  # the last pause stays open

    def one_order(exts: list[int]) -> list[tuple[str, Any]]:
        """The request's own operations: pause/resume in date order, extensions anywhere among them."""
        slots = draw(st.permutations(["x"] * len(exts) + ["p"] * len(events)))
        ext_iter, ev_iter = iter(exts), iter(events)
        return [("extend", next(ext_iter)) if s == "x" else next(ev_iter) for s in slots]

    first, second = one_order(extensions), one_order(draw(st.permutations(extensions)))
    toggles = [
        ("toggle", start + timedelta(days=d))
        for d in draw(st.lists(st.integers(1, 3 * period + 30), max_size=4))
    ]
    labels = draw(st.permutations(["a"] * len(first) + ["b"] * len(second) + ["c"] * len(toggles)))
    streams = {"a": iter(first), "b": iter(second), "c": iter(toggles)}
    merged = [(label, next(streams[label])) for label in labels]
    unit = draw(st.sampled_from(["working", "calendar"]))
    return {
        "start": start,
        "period": period,
        "unit": unit,
        "ops": merged,
        "extensions": extensions,
        "events": events,
    }


@pytest.fixture
def people(hub: Any) -> dict[str, Any]:
    police = AgencyFactory(code="CA")
    return {
        "police": police,
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2),
        "admin": UserFactory(username="qt", agency=hub, roles=["admin"], clearance=3),
    }


def _toggle(day: date, admin: Any) -> None:
    existing = CalendarDay.objects.filter(date=day, agency__isnull=True).first()
    if existing is not None:
        core_services.calendar_day_remove(actor=admin, calendar_day=existing)
    else:
        kind = "off" if day_info(day).working else "work"
        core_services.calendar_day_add(actor=admin, day=day, kind=kind, name="Thử tính chất")


def _agrees_with_its_history(req: CoordinationRequest) -> None:
    stored = CoordinationRequest.objects.get(pk=req.pk)
    state = deadlines.state_of(stored.clock)
    assert stored.due_on == due_date(state, deadlines.calendar_of(stored))
    assert stored.paused_on == (state.open_pause.start if state.open_pause else None)


def _send(people: dict[str, Any], case: Any, scenario: dict[str, Any]) -> CoordinationRequest:
    return services.request_send(
        actor=people["officer"],
        case=case,
        to_agency=people["police"],
        kind="verify",
        body="Y",
        days=scenario["period"],
        unit=scenario["unit"],
    )


@pytest.mark.django_db
@hsettings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_stored_due_dates_follow_the_history_in_any_order(
    people: dict[str, Any], scenario: dict[str, Any]
) -> None:
    from phoihop.cases.rules import rule_for

    officer, admin = people["officer"], people["admin"]
    with batch():  # every example's actions in one transaction, rolled back at its end
        services.deadline_rule_set(
            actor=admin,
            kind="general",
            step="verify",
            days=10,
            unit="working",
            max_extensions=10,
            max_extension_days=10,
            reason="Thử tính chất",
        )
        assert rule_for("general", "verify").max_extensions == 10
        with _today(scenario["start"]):
            case = services.case_open(actor=officer, title="Tính chất")
            reqs = {label: _send(people, case, scenario) for label in ("a", "b")}
        for label, (op, value) in scenario["ops"]:
            if op == "toggle":
                _toggle(value, admin)
            elif op == "extend":
                with _today(scenario["start"]):
                    services.request_extend(actor=officer, req=reqs[label], days=value, reason="Thêm")
            else:
                act = services.request_pause if op == "pause" else services.request_resume
                with _today(value):
                    act(actor=officer, req=reqs[label], reason="Thử")
            for req in reqs.values():
                _agrees_with_its_history(req)
        a, b = (CoordinationRequest.objects.get(pk=reqs[x].pk) for x in ("a", "b"))
        assert a.due_on == b.due_on and a.paused_on == b.paused_on
        # And both equal the definition applied to the scenario itself, on the final calendar.
        events = scenario["events"]
        pauses = tuple(
            Pause(events[i][1], events[i + 1][1] if i + 1 < len(events) else None)
            for i in range(0, len(events), 2)
        )
        expected = ClockState(
            scenario["start"], scenario["unit"], scenario["period"], tuple(scenario["extensions"]), pauses
        )
        assert a.due_on == _brute_force(expected, working_day_test(agency=people["police"].pk))
        transaction.set_rollback(True)
