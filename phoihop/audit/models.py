"""Append-only audit events, each chained to the previous one by SHA-256."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Được phép")
    DENIED = "denied", _("Bị từ chối")
    FAILED = "failed", _("Không thành công")


class AuditEvent(models.Model):
    """One recorded action. Rows are only ever inserted by audit.services.audit_record.

    `actor_id` is a plain value, not a foreign key: nothing may ever rewrite an event, not even a cascade.
    `payload` holds canonical JSON text (sorted keys, compact), exactly the bytes that were hashed.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True, editable=False)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_name = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=20, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    related_type = models.CharField(max_length=64, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    payload = models.TextField(default="{}", blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["related_type", "related_id"], name="audit_related_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")

    @property
    def payload_data(self) -> dict[str, object]:
        import json

        try:
            data = json.loads(self.payload or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {"value": data}
