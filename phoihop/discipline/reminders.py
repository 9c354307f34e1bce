"""The discipline kind's morning reminder: the lead officer of a recorded notice is told, once a day, when the
appeal window ends within the policy's reminder days (the case's own deadline is reminded by the engine)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from phoihop.access.policy import Action, can
from phoihop.discipline import rules, selectors
from phoihop.notify.services import notify


def send_reminders() -> int:
    today, policy, sent = timezone.localdate(), rules.policy(), 0
    for notice, until in selectors.appeal_ending(today, policy):
        lead = notice.case.lead_officer
        if lead is None or not can(lead, Action.VIEW, notice.case):
            continue
        sent += notify(
            users=[lead],
            kind="reminder",
            code="discipline_appeal_ending",
            params={"case": str(notice.case_id), "until": until.isoformat()},
            link=reverse("cases:case_detail", args=[notice.case_id]),
            dedupe=f"discipline-appeal:{notice.case_id}:{today}",
        )
    return sent
