"""Background work of the discipline kind: the morning reminder of appeal windows ending."""

from __future__ import annotations

from huey import crontab

from phoihop.audit.background import periodic_task
from phoihop.discipline.reminders import send_reminders


@periodic_task(crontab(minute="5", hour="7"))
def discipline_reminders() -> None:
    send_reminders()
