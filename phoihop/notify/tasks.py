"""Reminder sweep: every morning, tell the people concerned about requests due soon or overdue."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from phoihop.notify.reminders import send_reminders


@db_periodic_task(crontab(minute="0", hour="7"))
def morning_reminders() -> None:
    send_reminders()
