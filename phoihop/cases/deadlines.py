"""Deadlines follow the calendar: when an administrator changes it, open requests' due dates are recomputed
in the same transaction, and each change is written to the timeline and the audit with old and new dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from phoihop.audit import registry
from phoihop.audit.services import audit_record
from phoihop.cases import timeline
from phoihop.cases.choices import RequestStatus
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.workflow import WORKFLOWS
from phoihop.core.calendar import compute_deadline, on_calendar_change


@on_calendar_change
def recompute_open_requests(days: Iterable[date], actor: Any) -> int:
    changed = sorted(days)
    if not changed:
        return 0
    affected = CoordinationRequest.objects.select_for_update().select_related("case", "to_agency").filter(
        status__in=[RequestStatus.SENT, RequestStatus.RECEIVED], sent_on__lt=changed[-1], due_on__gte=changed[0],
        paused_on__isnull=True,  # a paused clock is recomputed when it resumes
    )  # fmt: skip
    count = 0
    for req in affected:
        new_due = compute_deadline(req.sent_on, req.days, req.unit, agency=req.to_agency).due
        if new_due != req.due_on:
            old, req.due_on = req.due_on, new_due
            req.save(update_fields=["due_on"])
            reason = _("lịch ngày làm việc thay đổi")
            timeline.deadline_changed(req, old, new_due, reason)
            audit_record(action=registry.DEADLINE_CHANGE, actor=actor, obj=req, related=req.case,
                         payload={"old": old.isoformat(), "new": new_due.isoformat(), "reason": "calendar"})  # fmt: skip
            count += 1
    return count


@on_calendar_change
def recompute_open_cases(days: Iterable[date], actor: Any) -> int:
    """Cases carry their own period (from the kind's rule when they opened); open ones follow the calendar."""
    changed = sorted(days)
    if not changed:
        return 0
    final = {state for workflow in WORKFLOWS.values() for state in workflow.final}
    affected = Case.objects.select_for_update().select_related("owner_agency").filter(
        due_days__isnull=False, opened_on__lt=changed[-1], due_on__gte=changed[0],
    ).exclude(status__in=final)  # fmt: skip
    count = 0
    for case in affected:
        if case.due_days is None or case.due_on is None:
            continue
        new_due = compute_deadline(case.opened_on, case.due_days, case.due_unit, agency=case.owner_agency).due
        if new_due != case.due_on:
            old, case.due_on = case.due_on, new_due
            case.save(update_fields=["due_on"])
            timeline.case_deadline_changed(case, old, new_due, _("lịch ngày làm việc thay đổi"))
            audit_record(action=registry.DEADLINE_CHANGE, actor=actor, obj=case,
                         payload={"old": old.isoformat(), "new": new_due.isoformat(), "reason": "calendar"})  # fmt: skip
            count += 1
    return count
