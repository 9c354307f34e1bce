"""Background work of the case engine: the morning reminder sweep."""

from __future__ import annotations

from huey import crontab

from phoihop.audit.background import periodic_task
from phoihop.cases.reminders import send_reminders


@periodic_task(crontab(minute="0", hour="7"))
def morning_reminders() -> None:
    send_reminders()
