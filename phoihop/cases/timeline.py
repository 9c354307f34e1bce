"""One small function per timeline event (as Saleor's order events): its code and parameters, identifiers
only. The line a person reads is built when read, in their language and through the policy
(cases/history.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from phoihop.cases.models import Case, ClockEntry, CoordinationRequest, StateChange, TimelineEvent


def record(
    case: Case, code: str, actor: Any, request: CoordinationRequest | None = None, /, **data: Any
) -> TimelineEvent:
    """Write one line: `code` must have a renderer and `data` only its declared parameters (checked here, so a
    line nobody can render, or one carrying content, is refused when written)."""
    from phoihop.cases.history import TIMELINE

    data = {k: v for k, v in data.items() if v is not None}
    TIMELINE.check(code, data)
    return TimelineEvent.objects.create(case=case, request=request, kind=code, actor=actor, data=data)


def _last_entry(owner: Case | CoordinationRequest) -> int | None:
    """The clock entry just written for `owner` (the caller holds its lock)."""
    field = "clock__case" if isinstance(owner, Case) else "clock__request"
    return ClockEntry.objects.filter(**{field: owner}).order_by("-id").values_list("pk", flat=True).first()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def case_opened(case: Case, actor: Any) -> TimelineEvent:
    return record(case, "opened", actor)


def request_sent(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return record(req.case, "request_sent", actor, req, due=req.due_on.isoformat())


def request_received(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return record(req.case, "request_received", actor, req)


def request_answered(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return record(req.case, "request_answered", actor, req)


def transition(case: Case, actor: Any, name: str, source: str, target: str, reason: str) -> TimelineEvent:
    """The reason is kept on the state change, not on the line."""
    change = StateChange.objects.create(
        case=case,
        name=name,
        source=source,
        target=target,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    return record(case, "transition", actor, transition=name, source=source, target=target, change=change.pk)


def deadline_changed(
    req: CoordinationRequest, old: date, new: date, cause: str = "", actor: Any = None
) -> TimelineEvent:
    """`cause` "calendar" for a change of the working-day calendar; otherwise the clock entry just written (an
    extension, a resumption) gives the reason."""
    entry = None if cause else _last_entry(req)
    return record(
        req.case,
        "deadline_changed",
        actor,
        req,
        old=_iso(old),
        new=_iso(new),
        cause=cause or None,
        entry=entry,
    )


def case_deadline_changed(case: Case, old: date, new: date, cause: str = "calendar") -> TimelineEvent:
    return record(case, "deadline_changed", None, old=_iso(old), new=_iso(new), cause=cause)


def subject_added(case: Case, actor: Any, person: Any) -> TimelineEvent:
    return record(case, "subject_added", actor, person=str(person.uuid))


def request_withdrawn(req: CoordinationRequest, actor: Any, reason: str) -> TimelineEvent:
    change = StateChange.objects.create(
        case=req.case,
        request=req,
        name="withdraw",
        source="",
        target="withdrawn",
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    return record(req.case, "request_withdrawn", actor, req, change=change.pk)


def assigned(case: Case, actor: Any) -> TimelineEvent:
    return record(case, "assigned", actor, user=str(case.lead_officer_id) if case.lead_officer_id else None)


def edited(case: Case, actor: Any, fields: list[str]) -> TimelineEvent:
    return record(case, "edited", actor, fields=fields)


def clock_paused(req: CoordinationRequest, actor: Any) -> TimelineEvent:
    return record(
        req.case, "clock_paused", actor, req, remaining=req.remaining_days or 0, entry=_last_entry(req)
    )


def linked(case: Case, actor: Any, other: Case) -> TimelineEvent:
    return record(case, "linked", actor, case=str(other.pk))


def viewed(case: Case, actor: Any) -> TimelineEvent:
    return record(case, "viewed", actor)


def case_clock_changed(
    case: Case, actor: Any, event: str, old: date | None, new: date | None
) -> TimelineEvent:
    """A change to the case's own deadline clock (extension, pause, resumption): dates and the entry's key."""
    return record(
        case, "case_deadline_" + event, actor, old=_iso(old), new=_iso(new), entry=_last_entry(case)
    )


def team_added(case: Case, actor: Any, member: Any, role: str) -> TimelineEvent:
    """Identifiers only: the member's id and the role's code."""
    return record(case, "team_added", actor, user=str(member.pk), role=str(role))


def team_removed(case: Case, actor: Any, member: Any) -> TimelineEvent:
    return record(case, "team_removed", actor, user=str(member.pk))


def request_shared(req: CoordinationRequest, actor: Any, shared: bool) -> TimelineEvent:
    """A line about the request itself: whoever may see the request sees it."""
    return record(req.case, "request_shared", actor, req, shared=shared)
