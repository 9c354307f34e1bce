"""Who is reminded of what, once per object, person and day, with the one meaning of "due soon" and "overdue"
(cases/querysets.py): for a request, the receiving agency's liaisons who may see it and the case's lead officer;
for a case's own deadline, its lead officer. Paused clocks are not reminded."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
        text = (_("Quá hạn: yêu cầu phối hợp %(from)s → %(to)s, hạn %(due)s") if getattr(req, "is_overdue", False)
                else _("Sắp đến hạn: yêu cầu phối hợp %(from)s → %(to)s, hạn %(due)s")) % {
            "from": req.from_agency.code, "to": req.to_agency.code, "due": f"{req.due_on:%d/%m/%Y}"}  # fmt: skip
        liaisons = User.objects.filter(agency=req.to_agency, is_active=True, roles__code="liaison").distinct()
        people = [u for u in liaisons if can(u, Action.VIEW, req)] + [req.case.lead_officer]
        sent += notify(
            users=people,
            kind="reminder",
            text=text,
            link=reverse("cases:request_detail", args=[req.pk]),
            dedupe=f"remind:{req.pk}:{today}",
        )
    cases = (
        Case.objects.select_related("lead_officer").own_due_soon_or_overdue(today).with_deadline_flags(today)
    )
    for case in cases.order_by("due_on", "number").iterator(chunk_size=200):
        text = (_("Quá hạn: hồ sơ %(number)s, hạn xử lý %(due)s") if getattr(case, "is_own_overdue", False)
                else _("Sắp đến hạn: hồ sơ %(number)s, hạn xử lý %(due)s")) % {
            "number": case.number, "due": f"{case.due_on:%d/%m/%Y}"}  # fmt: skip
        sent += notify(
            users=[case.lead_officer],
            kind="reminder",
            text=text,
            link=reverse("cases:case_detail", args=[case.pk]),
            dedupe=f"remind-case:{case.pk}:{today}",
        )
    return sent
