"""Who is reminded of what: the receiving agency's liaisons and the case's lead officer, for open requests due
within DUE_SOON_DAYS or already overdue, once per request, person and day."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can
from phoihop.cases.models import CoordinationRequest
from phoihop.cases.selectors import DUE_SOON_DAYS, OPEN
from phoihop.core.models import User
from phoihop.notify.services import notify


def send_reminders() -> int:
    today = timezone.localdate()
    due = CoordinationRequest.objects.select_related("case__lead_officer", "to_agency", "from_agency").filter(
        status__in=OPEN, paused_on__isnull=True, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )  # fmt: skip
    sent = 0
    for req in due.iterator(chunk_size=200):
        late = req.due_on < today
        text = (_("Quá hạn: yêu cầu phối hợp %(from)s → %(to)s, hạn %(due)s") if late
                else _("Sắp đến hạn: yêu cầu phối hợp %(from)s → %(to)s, hạn %(due)s")) % {
            "from": req.from_agency.code, "to": req.to_agency.code, "due": f"{req.due_on:%d/%m/%Y}"}  # fmt: skip
        liaisons = User.objects.filter(agency=req.to_agency, is_active=True, roles__code="liaison").distinct()
        people = [u for u in liaisons if can(u, Action.VIEW, req)] + [req.case.lead_officer]
        sent += notify(
            users=people,
            kind="reminder",
            text=text,
            link=f"/requests/{req.pk}/",
            dedupe=f"remind:{req.pk}:{today}",
        )
    return sent
