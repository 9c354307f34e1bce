"""The one meaning of "open", "due soon" and "overdue" (docs/deadlines.md), as queryset methods. Selectors,
API filters, reminders, the home page and templates (through `with_deadline_flags()`) all use these, never
their own date arithmetic.

- A request is **open** while sent or received (not answered, not withdrawn); a case while its state is not a
  final state of its kind's workflow.
- A clock is **running** when its owner is open and not
  paused. A paused clock is neither overdue nor due soon.
- A request is **overdue** when running and its due date has passed (due today is not overdue).
- A request is **due soon** when running and due between today and the end of the window: today plus
  `PHOIHOP_DUE_SOON_DAYS` units of the deadline's own unit (working days on the receiving agency's calendar
  for a working-day deadline, calendar days otherwise).
- A case is **overdue** when open and either its own running deadline has passed or one of its requests is
  overdue; **due soon** when open, not overdue, and either its own running deadline or one of its requests is
  due soon. `own_overdue()` / `own_due_soon()` are the parts about the case's own deadline.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from phoihop.cases.choices import DeadlineUnit, RequestStatus

if TYPE_CHECKING:
    from phoihop.cases.models import Case, CoordinationRequest  # noqa: F401 (the querysets' type parameters)

OPEN_REQUEST = (RequestStatus.SENT, RequestStatus.RECEIVED)


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _window(window: int | None) -> int:
    return settings.DUE_SOON_DAYS if window is None else window


def _within_window(today: date, window: int, agency_field: str, unit_field: str = "unit") -> Q:
    """`due_on` at most `window` units after today, in the deadline's own unit and its agency's calendar."""
    from phoihop.core.calendar import working_window_ends

    calendar_end = today + timedelta(days=window)
    ends = working_window_ends(today, window)
    working = Q(due_on__lte=ends.province)
    if ends.agencies:
        working = ~Q(**{f"{agency_field}__in": sorted(ends.agencies)}) & working
        for agency_id, end in sorted(ends.agencies.items()):
            working |= Q(**{agency_field: agency_id}, due_on__lte=end)
    return Q(due_on__gte=today) & (
        (Q(**{unit_field: DeadlineUnit.WORKING}) & working)
        | (~Q(**{unit_field: DeadlineUnit.WORKING}) & Q(due_on__lte=calendar_end))
    )


def request_open_q() -> Q:
    return Q(status__in=OPEN_REQUEST)


def request_running_q() -> Q:
    return request_open_q() & Q(paused_on__isnull=True)


def request_overdue_q(today: date | None = None) -> Q:
    return request_running_q() & Q(due_on__lt=_today(today))


def request_due_soon_q(today: date | None = None, window: int | None = None) -> Q:
    day = _today(today)
    return request_running_q() & _within_window(day, _window(window), "to_agency_id")


class RequestQuerySet(models.QuerySet["CoordinationRequest"]):
    def open(self) -> RequestQuerySet:
        return self.filter(request_open_q())

    def running(self) -> RequestQuerySet:
        return self.filter(request_running_q())

    def overdue(self, today: date | None = None) -> RequestQuerySet:
        return self.filter(request_overdue_q(today))

    def not_overdue(self, today: date | None = None) -> RequestQuerySet:
        return self.exclude(request_overdue_q(today))

    def due_soon(self, today: date | None = None, window: int | None = None) -> RequestQuerySet:
        return self.filter(request_due_soon_q(today, window))

    def due_soon_or_overdue(self, today: date | None = None, window: int | None = None) -> RequestQuerySet:
        return self.filter(request_overdue_q(today) | request_due_soon_q(today, window))

    def with_extension_count(self) -> RequestQuerySet:
        """`extension_count` on every row (what `CoordinationRequest.extensions` reads one row at a time)."""
        from phoihop.cases.choices import ClockEntryKind
        from phoihop.cases.models import ClockEntry

        entries = (
            ClockEntry.objects.filter(clock__request=OuterRef("pk"), kind=ClockEntryKind.EXTEND)
            .values("clock")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            extension_count=Coalesce(F("clock__carried_extensions"), 0) + Coalesce(Subquery(entries), 0)
        )

    def with_deadline_flags(self, today: date | None = None, window: int | None = None) -> RequestQuerySet:
        """`is_overdue` and `is_due_soon` on every row, from the same conditions as the filters."""
        return self.annotate(
            is_overdue=ExpressionWrapper(request_overdue_q(today), output_field=BooleanField()),
            is_due_soon=ExpressionWrapper(request_due_soon_q(today, window), output_field=BooleanField()),
        )


def case_open_q() -> Q:
    from phoihop.cases.kinds import final_states

    closed = Q()
    for kind, final in final_states().items():  # each case by its own kind's final states
        if final:
            closed |= Q(kind=kind, status__in=sorted(final))
    return ~closed if closed else Q()


def case_running_q() -> Q:
    return case_open_q() & Q(due_on__isnull=False, paused_on__isnull=True)


def case_own_overdue_q(today: date | None = None) -> Q:
    return case_running_q() & Q(due_on__lt=_today(today))


def case_own_due_soon_q(today: date | None = None, window: int | None = None) -> Q:
    day = _today(today)
    return case_running_q() & _within_window(day, _window(window), "owner_agency_id", "due_unit")


def _late_request(today: date | None) -> Exists:
    from phoihop.cases.models import CoordinationRequest

    return Exists(CoordinationRequest.objects.filter(request_overdue_q(today), case=OuterRef("pk")))


def _soon_request(today: date | None, window: int | None) -> Exists:
    from phoihop.cases.models import CoordinationRequest

    return Exists(CoordinationRequest.objects.filter(request_due_soon_q(today, window), case=OuterRef("pk")))


def case_overdue_q(today: date | None = None) -> Q:
    return case_open_q() & (case_own_overdue_q(today) | Q(_late_request(today)))


def case_due_soon_q(today: date | None = None, window: int | None = None) -> Q:
    return (
        case_open_q()
        & ~case_overdue_q(today)
        & (case_own_due_soon_q(today, window) | Q(_soon_request(today, window)))
    )


class CaseQuerySet(models.QuerySet["Case"]):
    # (today, window) when the flags are to be computed for the fetched rows (`with_page_flags`)
    _page_flags: tuple[date | None, int | None] | None = None

    def _clone(self) -> CaseQuerySet:
        clone = super()._clone()  # type: ignore[misc]
        clone._page_flags = self._page_flags
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        cache = self._result_cache
        if fresh and self._page_flags is not None and cache and isinstance(cache[0], models.Model):
            _attach_case_flags(cache, *self._page_flags)

    def open(self) -> CaseQuerySet:
        return self.filter(case_open_q())

    def own_overdue(self, today: date | None = None) -> CaseQuerySet:
        return self.filter(case_own_overdue_q(today))

    def own_due_soon(self, today: date | None = None, window: int | None = None) -> CaseQuerySet:
        return self.filter(case_own_due_soon_q(today, window))

    def own_due_soon_or_overdue(self, today: date | None = None, window: int | None = None) -> CaseQuerySet:
        return self.filter(case_own_overdue_q(today) | case_own_due_soon_q(today, window))

    def overdue(self, today: date | None = None) -> CaseQuerySet:
        return self.filter(case_overdue_q(today))

    def not_overdue(self, today: date | None = None) -> CaseQuerySet:
        return self.exclude(pk__in=self.model.objects.filter(case_overdue_q(today)).values("pk"))

    def due_soon(self, today: date | None = None, window: int | None = None) -> CaseQuerySet:
        return self.filter(case_due_soon_q(today, window))

    def with_page_flags(self, today: date | None = None, window: int | None = None) -> CaseQuerySet:
        """The flags of `with_deadline_flags()`, asked once the rows are fetched, for those rows only (one
        query over their ids): what a page of a list or a case's page uses. As annotations of the list's own
        query, the database built a hash of every overdue request on each page view, growing with the table;
        here each fetched case is looked up by its key. Not for `values()` or `iterator()` (no rows are
        kept)."""
        clone = self.all()
        clone._page_flags = (today, window)
        return clone

    def with_deadline_flags(self, today: date | None = None, window: int | None = None) -> CaseQuerySet:
        """`is_overdue`, `is_own_overdue` and `is_due_soon` on every row, from the same conditions."""
        return self.annotate(
            is_overdue=ExpressionWrapper(case_overdue_q(today), output_field=BooleanField()),
            is_own_overdue=ExpressionWrapper(case_own_overdue_q(today), output_field=BooleanField()),
            is_due_soon=ExpressionWrapper(case_due_soon_q(today, window), output_field=BooleanField()),
        )


def _attach_case_flags(cases: list[Any], today: date | None, window: int | None) -> None:
    """The flags of `with_deadline_flags()` for fetched cases, in two queries bounded by their keys: the
    cases' own deadlines, and their running requests that are late or due soon (read through the requests'
    case index). One query with the requests as EXISTS let the planner hash every overdue request of the
    table on each page (1,500 rows at 1×, growing with it) and cost 3 ms of planning; the same conditions
    are asked here, combined as `case_overdue_q` / `case_due_soon_q` combine them."""
    from phoihop.cases.models import Case, CoordinationRequest

    by_pk = {case.pk: case for case in cases}
    own: Any = (
        Case.objects.filter(pk__in=list(by_pk))
        .annotate(
            is_open=ExpressionWrapper(case_open_q(), output_field=BooleanField()),
            own_late=ExpressionWrapper(case_own_overdue_q(today), output_field=BooleanField()),
            own_soon=ExpressionWrapper(case_own_due_soon_q(today, window), output_field=BooleanField()),
        )
        .values_list("pk", "is_open", "own_late", "own_soon")
    )
    late, soon = request_overdue_q(today), request_due_soon_q(today, window)
    requests: Any = (
        CoordinationRequest.objects.filter(late | soon, case_id__in=list(by_pk))
        .annotate(late=ExpressionWrapper(late, output_field=BooleanField()))
        .values_list("case_id", "late")
    )
    late_cases: set[Any] = set()
    soon_cases: set[Any] = set()
    for case_id, is_late in requests:
        (late_cases if is_late else soon_cases).add(case_id)
    for pk, is_open, own_late, own_soon in own:
        case = by_pk[pk]
        case.is_own_overdue = bool(own_late)
        case.is_overdue = bool(is_open) and (bool(own_late) or pk in late_cases)
        case.is_due_soon = bool(is_open) and not case.is_overdue and (bool(own_soon) or pk in soon_cases)
