"""Who is reminded of what, once per object, person and day, with the one meaning of "due soon" and "overdue"
(cases/querysets.py): for a request, the receiving agency's liaisons who may see it and the case's lead
officer; for a case's own deadline, its lead officer. Paused clocks are not reminded."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from phoihop.access.policy import Action, can
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.core.models import User
from phoihop.notify.services import notify


def send_reminders() -> int:
    today = timezone.localdate()
    requests = (
        CoordinationRequest.objects.select_related("case__lead_officer", "to_agency", "from_agency")
        .due_soon_or_overdue(today)
        .with_deadline_flags(today)
    )
    sent = 0
    for req in requests.order_by("due_on", "pk").iterator(chunk_size=200):
        liaisons = User.objects.filter(agency=req.to_agency, is_active=True, roles__code="liaison").distinct()
        people = [u for u in liaisons if can(u, Action.VIEW, req)] + [req.case.lead_officer]
        sent += notify(
            users=people,
            kind="reminder",
            code="request_overdue" if getattr(req, "is_overdue", False) else "request_due_soon",
            params={
                "from": str(req.from_agency_id),
                "to": str(req.to_agency_id),
                "due": req.due_on.isoformat(),
            },
            link=reverse("cases:request_detail", args=[req.pk]),
            dedupe=f"remind:{req.pk}:{today}",
        )
    cases = (
        Case.objects.select_related("lead_officer").own_due_soon_or_overdue(today).with_deadline_flags(today)
    )
    for case in cases.order_by("due_on", "number").iterator(chunk_size=200):
        sent += notify(
            users=[case.lead_officer],
            kind="reminder",
            code="case_overdue" if getattr(case, "is_own_overdue", False) else "case_due_soon",
            params={"case": str(case.pk), "due": case.due_on.isoformat() if case.due_on else None},
            link=reverse("cases:case_detail", args=[case.pk]),
            dedupe=f"remind-case:{case.pk}:{today}",
        )
    return sent
