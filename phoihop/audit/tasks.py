"""Background work of the audit: periodic signed checkpoints and the optional retention prune."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab

from phoihop.audit.background import periodic_task
from phoihop.audit.services import audit_checkpoint, audit_prune


@periodic_task(crontab(minute="*"))
def checkpoint_every_few_minutes() -> None:
    if timezone.now().minute % settings.AUDIT_CHECKPOINT_MINUTES == 0:
        audit_checkpoint()


@periodic_task(crontab(minute="17", hour="2"))
def prune_by_retention() -> None:
    if settings.AUDIT_RETENTION_DAYS:
        audit_prune(before=timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS))
