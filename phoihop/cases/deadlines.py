"""The deadline clock (docs/deadlines.md). A due date is a function of the start, the unit, the period, every
extension, every pause and the calendar — nothing else. Each case and request with a deadline owns one
`DeadlineClock` whose `ClockEntry` rows are its history; `due_date()` computes the due date from that history
and a calendar, and `refresh()` is the only code that writes the owner's stored `due_on` (sending, opening,
extending, pausing, resuming, and every calendar change all end there). So a calendar change, an extension and
a pause commute: whatever their order, the due date is the same.

Counting (domain.md §6): a period "in N days" starts the day after the start. A pause entered on day P and
resumed on day R takes the days P+1 … R out of the count (the pause day itself has counted; counting restarts
the day after the resumption, like any period after an event). In working days the due date is the N-th
counted working day; in calendar days it is the N-th counted day, rolled forward to the next working day. N is
the period plus every extension (extensions add units; they do not restart anything). While a pause is open,
the stored due date is the one the clock would have if it resumed on the pause day, and the clock is neither
overdue nor due soon (cases/querysets.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from phoihop.audit.services import audit_record
from phoihop.cases import audit_events, timeline
from phoihop.cases.choices import ClockEntryKind, DeadlineUnit, RequestStatus
from phoihop.cases.models import Case, ClockEntry, CoordinationRequest, DeadlineClock
from phoihop.core.calendar import MAX_DAYS, CalendarError, on_calendar_change, working_day_test

ONE_DAY = timedelta(days=1)
IsWorking = Callable[[date], bool]
Owner = Case | CoordinationRequest


@dataclass(frozen=True)
class Pause:
    start: date  # the last day that counted
    end: date | None = None  # the resumption day (None: still paused)


@dataclass(frozen=True)
class ClockState:
    """A clock's history as plain values: what `due_date()` needs and nothing else."""

    start: date
    unit: str
    period: int
    extensions: tuple[int, ...] = ()
    pauses: tuple[Pause, ...] = ()
    carried: int = 0  # units a pre-clock deadline had beyond its period (data migration)

    @property
    def total(self) -> int:
        return self.period + self.carried + sum(self.extensions)

    @property
    def open_pause(self) -> Pause | None:
        return next((p for p in self.pauses if p.end is None), None)

    def excluded(self, day: date) -> bool:
        """Whether `day` falls in a closed pause (P, R]. An open pause excludes nothing yet."""
        return any(p.end is not None and p.start < day <= p.end for p in self.pauses)


def _counted(state: ClockState) -> Iterator[date]:
    """The days after the start that are not paused, in order (bounded, so a broken calendar cannot hang)."""
    day, limit = state.start, state.start + timedelta(days=MAX_DAYS * 4)
    while day < limit:
        day += ONE_DAY
        if not state.excluded(day):
            yield day
    raise CalendarError(_("Không tính được hạn trong khoảng thời gian cho phép."))


def due_date(state: ClockState, is_working: IsWorking) -> date:
    """The due date of a clock's history on a calendar (`is_working(day)`); pure: no database, no today."""
    if state.unit not in DeadlineUnit.values:
        raise CalendarError(_("Đơn vị phải là “working” (ngày làm việc) hoặc “calendar” (ngày lịch)."))
    total, day, counted = state.total, state.start, 0
    if total > 0:
        for day in _counted(state):
            if state.unit == DeadlineUnit.CALENDAR or is_working(day):
                counted += 1
                if counted == total:
                    break
    if state.unit == DeadlineUnit.CALENDAR:
        for _step in range(MAX_DAYS):
            if is_working(day):
                break
            day += ONE_DAY
    return day


def units_used(state: ClockState, is_working: IsWorking, through: date) -> int:
    """How many units of the period have run from the start up to and including `through`."""
    used = 0
    for day in _counted(state):
        if day > through:
            break
        if state.unit == DeadlineUnit.CALENDAR or is_working(day):
            used += 1
    return used


def remaining(state: ClockState, is_working: IsWorking) -> int:
    """The units left to run: while paused, those the clock will count after it resumes."""
    pause = state.open_pause
    if pause is None:
        return 0
    return max(0, state.total - units_used(state, is_working, pause.start))


# --- The clock in the database ---------------------------------------------------------------------------


def state_of(clock: DeadlineClock, entries: Iterable[ClockEntry] | None = None) -> ClockState:
    """Read a clock's history (entries in the order they were recorded) into a ClockState."""
    extensions: list[int] = []
    pauses: list[Pause] = []
    for entry in entries if entries is not None else clock.entries.order_by("at", "id"):
        if entry.kind == ClockEntryKind.EXTEND:
            extensions.append(entry.days)
        elif entry.kind == ClockEntryKind.PAUSE:
            pauses.append(Pause(entry.on))
        elif entry.kind == ClockEntryKind.RESUME and pauses and pauses[-1].end is None:
            pauses[-1] = Pause(pauses[-1].start, entry.on)
    return ClockState(
        clock.start, clock.unit, clock.period, tuple(extensions), tuple(pauses), clock.carried_days
    )


def calendar_of(owner: Owner) -> IsWorking:
    """Requests count on the receiving agency's calendar, cases on the owner agency's."""
    if isinstance(owner, CoordinationRequest):
        return working_day_test(agency=owner.to_agency_id)
    return working_day_test(agency=owner.owner_agency_id)


def clock_of(owner: Owner) -> DeadlineClock | None:
    try:
        return owner.clock
    except DeadlineClock.DoesNotExist:
        return None


def refresh(owner: Owner) -> tuple[date | None, date | None]:
    """Recompute the owner's stored due date and pause marker from its clock: the only writer of `due_on`.
    Returns (old, new) due dates."""
    old = owner.due_on
    clock = clock_of(owner)
    if clock is None:
        return old, old
    state = state_of(clock)
    new = due_date(state, calendar_of(owner))
    pause = state.open_pause
    paused_on = pause.start if pause is not None else None
    if (new, paused_on) != (owner.due_on, owner.paused_on):
        owner.due_on, owner.paused_on = new, paused_on
        owner.save(update_fields=["due_on", "paused_on"])
    return old, new


def start_clock(owner: Owner, *, start: date, unit: str, period: int) -> DeadlineClock:
    """Give a new case or request its clock and compute its due date."""
    kwargs: dict[str, Any] = {"request": owner} if isinstance(owner, CoordinationRequest) else {"case": owner}
    clock = DeadlineClock.objects.create(start=start, unit=unit, period=period, **kwargs)
    refresh(owner)
    return clock


def first_due(owner_agency_id: Any, *, start: date, unit: str, period: int) -> date:
    """The due date a clock will have when it starts (to store it on a row being created)."""
    return due_date(ClockState(start, unit, period), working_day_test(agency=owner_agency_id))


def record(
    owner: Owner, *, kind: str, on: date, actor: Any, days: int = 0, decision: str = "", reason: str = ""
) -> tuple[date | None, date | None]:
    """Append one entry to the owner's clock and recompute its due date (the caller holds the owner's lock
    and has checked the rules)."""
    clock = clock_of(owner)
    if clock is None:
        raise CalendarError(_("Không có thời hạn để điều chỉnh."))
    ClockEntry.objects.create(
        clock=clock,
        kind=kind,
        on=on,
        days=days,
        decision=decision,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    return refresh(owner)


def remaining_units(owner: Owner) -> int:
    clock = clock_of(owner)
    return remaining(state_of(clock), calendar_of(owner)) if clock is not None else 0


def history(owner: Owner) -> list[ClockEntry]:
    """The owner's clock entries, oldest first (the caller has checked the owner is visible)."""
    clock = clock_of(owner)
    return list(clock.entries.select_related("actor").order_by("at", "id")) if clock is not None else []


# --- Calendar changes ------------------------------------------------------------------------------------


def _touched(days: Iterable[date]) -> tuple[date, date] | None:
    changed = sorted(days)
    return (changed[0], changed[-1]) if changed else None


@on_calendar_change
def recompute_open_requests(days: Iterable[date], actor: Any) -> int:
    """A changed day can move a due date only if it lies after the start and on or before the due date."""
    span = _touched(days)
    if span is None:
        return 0
    affected = (
        CoordinationRequest.objects.select_for_update()
        .select_related("case", "to_agency")
        .filter(
            status__in=[RequestStatus.SENT, RequestStatus.RECEIVED],
            sent_on__lt=span[1],
            due_on__gte=span[0],
        )
    )
    count = 0
    for req in affected:
        old, new = refresh(req)
        if old is not None and new is not None and new != old:
            timeline.deadline_changed(req, old, new, cause="calendar")
            audit_record(
                action=audit_events.DEADLINE_CHANGE,
                actor=actor,
                obj=req,
                related=req.case,
                payload={"old": old.isoformat(), "new": new.isoformat(), "reason": "calendar"},
            )
            count += 1
    return count


@on_calendar_change
def recompute_open_cases(days: Iterable[date], actor: Any) -> int:
    """Open cases with a deadline follow the calendar the same way."""
    span = _touched(days)
    if span is None:
        return 0
    affected = (
        Case.objects.open()
        .select_for_update()
        .select_related("owner_agency")
        .filter(
            due_on__isnull=False,
            opened_on__lt=span[1],
            due_on__gte=span[0],
        )
    )
    count = 0
    for case in affected:
        old, new = refresh(case)
        if old is not None and new is not None and new != old:
            timeline.case_deadline_changed(case, old, new, cause="calendar")
            audit_record(
                action=audit_events.DEADLINE_CHANGE,
                actor=actor,
                obj=case,
                payload={"old": old.isoformat(), "new": new.isoformat(), "reason": "calendar"},
            )
            count += 1
    return count
