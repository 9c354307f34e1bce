"""Vietnamese working-day arithmetic: statutory holidays from the `holidays` library (lunar Tết, Hùng Kings,
30/4, 1/5, 2/9 with its adjacent day, substitutions and make-up Saturdays) plus administrators' overrides.

Rules (domain.md §6): a period "in N days" starts the day after the triggering event. In working days, the
due date is the N-th working day after the event. In calendar days, it is the event + N; if that falls on a
non-working day it rolls to the next working day. Every skipped day is reported with its reason, so a person
can check the arithmetic.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phoihop.core.models import CalendarDay, CalendarDayKind

MAX_DAYS = 3650
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    reason: str = ""
    source: str = ""  # weekend | law | province | agency


@dataclass(frozen=True)
class Deadline:
    start: date
    days: int
    unit: str
    due: date
    skipped: list[DayInfo] = field(default_factory=list)


class CalendarError(ValueError):
    pass


def statutory_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """(days off with their names in the active language, make-up working Saturdays) of one year."""
    return _statutory_year(year, "en_US" if (get_language() or "vi").startswith("en") else "vi")


@lru_cache(maxsize=256)
def _statutory_year(year: int, language: str) -> tuple[dict[date, str], frozenset[date]]:
    vn = holidays.country_holidays("VN", years=year, language=language)
    offs = {d: str(name) for d, name in vn.items() if d.year == year}
    makeup = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return offs, makeup


def _overrides(first: date, last: date, agency: Any = None) -> dict[date, CalendarDay]:
    """Overrides in [first, last]; an agency's own override wins over the province-wide one."""
    qs = CalendarDay.objects.filter(date__gte=first, date__lte=last)
    qs = (
        qs.filter(agency__isnull=True) | qs.filter(agency=agency)
        if agency is not None
        else qs.filter(agency__isnull=True)
    )
    found: dict[date, CalendarDay] = {}
    for day in qs.order_by("date", "agency_id"):
        if day.date not in found or day.agency_id is not None:
            found[day.date] = day
    return found


def _info(day: date, overrides: dict[date, CalendarDay]) -> DayInfo:
    override = overrides.get(day)
    if override is not None:
        source = "agency" if override.agency_id else "province"
        return DayInfo(day, override.kind == CalendarDayKind.WORKING_DAY, override.name, source)
    offs, makeup = statutory_year(day.year)
    if day in offs:
        return DayInfo(day, working=False, reason=offs[day], source="law")
    if day in makeup:
        return DayInfo(
            day, working=True, reason=_("Làm bù theo lịch nghỉ của cơ quan nhà nước"), source="law"
        )
    if day.weekday() >= 5:
        return DayInfo(
            day, working=False, reason=_("Thứ Bảy") if day.weekday() == 5 else _("Chủ nhật"), source="weekend"
        )
    return DayInfo(day, working=True)


def _check(start: date, days: int) -> None:
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise CalendarError(
            _("Ngày bắt đầu phải trong khoảng năm %(a)d–%(b)d.") % {"a": FIRST_YEAR, "b": LAST_YEAR}
        )
    if not 0 <= days <= MAX_DAYS:
        raise CalendarError(_("Số ngày phải từ 0 đến %(max)d.") % {"max": MAX_DAYS})


def day_info(day: date, *, agency: Any = None) -> DayInfo:
    return _info(day, _overrides(day, day, agency))


def add_working_days(start: date, days: int, *, agency: Any = None) -> Deadline:
    """The `days`-th working day after `start` (the event day itself never counts)."""
    _check(start, days)
    horizon = start + timedelta(days=days * 3 + 40)  # generous: Tết plus weekends never triple a span
    overrides = _overrides(start, horizon, agency)
    current, counted, skipped = start, 0, []
    while counted < days:
        current += timedelta(days=1)
        if current > horizon:
            horizon = current + timedelta(days=days + 40)
            overrides = _overrides(start, horizon, agency)
        info = _info(current, overrides)
        if info.working:
            counted += 1
        else:
            skipped.append(info)
    return Deadline(start, days, "working", current, skipped)


@dataclass(frozen=True)
class WindowEnds:
    """The last day of a window of `days` working days after `start`: on the province's calendar, and for each
    agency whose own overrides fall inside it (every other agency ends with the province)."""

    province: date
    agencies: dict[Any, date]

    def end_for(self, agency_id: Any) -> date:
        return self.agencies.get(agency_id, self.province)


# The "due soon" window is asked for by every list that shows deadline flags, several times a page; it changes
# only with the date or the calendar. Kept per process for WINDOW_CACHE_SECONDS and forgotten at once when
# this process changes a calendar day (signals in core/apps.py); another process's change shows within that
# time.
WINDOW_CACHE_SECONDS = 60.0
_windows: dict[tuple[date, int], tuple[float, WindowEnds]] = {}


def working_window_ends(start: date, days: int) -> WindowEnds:
    key, now = (start, days), time.monotonic()
    hit = _windows.get(key)
    if hit is not None and now - hit[0] < WINDOW_CACHE_SECONDS:
        return hit[1]
    province = add_working_days(start, days).due
    # Only an agency with its own override inside the province's window can have a different window.
    special = set(
        CalendarDay.objects.filter(agency__isnull=False, date__gt=start, date__lte=province).values_list(
            "agency_id", flat=True
        )
    )
    ends = WindowEnds(
        province, {agency: add_working_days(start, days, agency=agency).due for agency in special}
    )
    if len(_windows) > 32:
        _windows.clear()
    _windows[key] = (now, ends)
    return ends


def forget_windows(**kwargs: Any) -> None:
    """Drop the cached windows (a calendar day was saved or deleted in this process)."""
    _windows.clear()


def add_calendar_days(start: date, days: int, *, agency: Any = None) -> Deadline:
    """`start` + `days`; a due date on a non-working day rolls forward to the next working day."""
    _check(start, days)
    due = start + timedelta(days=days)
    overrides = _overrides(due, due + timedelta(days=40), agency)
    skipped = []
    info = _info(due, overrides)
    while not info.working:
        skipped.append(info)
        due += timedelta(days=1)
        info = _info(due, overrides)
    return Deadline(start, days, "calendar", due, skipped)


def working_day_test(*, agency: Any = None) -> Callable[[date], bool]:
    """`is_working(day)` for one agency's calendar (the province's when None), loading its overrides a year at
    a time: the calendar the deadline clock (cases/deadlines.py) counts on."""
    loaded: dict[int, dict[date, CalendarDay]] = {}

    def is_working(day: date) -> bool:
        overrides = loaded.get(day.year)
        if overrides is None:
            overrides = loaded[day.year] = _overrides(date(day.year, 1, 1), date(day.year, 12, 31), agency)
        return _info(day, overrides).working

    return is_working


def compute_deadline(start: date, days: int, unit: str, *, agency: Any = None) -> Deadline:
    if unit == "working":
        return add_working_days(start, days, agency=agency)
    if unit == "calendar":
        return add_calendar_days(start, days, agency=agency)
    raise CalendarError(_("Đơn vị phải là “working” (ngày làm việc) hoặc “calendar” (ngày lịch)."))


def year_days(year: int, *, agency: Any = None) -> list[DayInfo]:
    """Every weekday off and every make-up working day of a year, statutory and overridden, in order."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    overrides = _overrides(first, last, agency)
    offs, makeup = statutory_year(year)
    interesting = sorted(set(offs) | set(makeup) | set(overrides))
    return [_info(d, overrides) for d in interesting]


# Whoever keeps deadlines (the case engine) registers here to recompute them when the calendar changes.
_RECALCULATORS: list[Callable[[Iterable[date], Any], object]] = []


def on_calendar_change(
    recalculate: Callable[[Iterable[date], Any], object],
) -> Callable[[Iterable[date], Any], object]:
    _RECALCULATORS.append(recalculate)
    return recalculate


def calendar_changed(days: Iterable[date], actor: Any) -> None:
    changed = list(days)
    for recalculate in _RECALCULATORS:
        recalculate(changed, actor)
