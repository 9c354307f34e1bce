"""Time-boxed grants of access to one object, and administrators' break-glass access."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActiveQuerySet(models.QuerySet["AccessGrant"]):
    def active(self) -> ActiveQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, valid_from__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class AccessGrant(models.Model):
    """Access of one agency to one object for one action, until it expires or is revoked.

    Example: sending a coordination request grants the receiving agency `respond` on that request until it
    is answered or its deadline passes — and nothing else of the case.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="access_grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.UUIDField()
    action = models.CharField(max_length=20)
    valid_from = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyền truy cập có thời hạn")
        verbose_name_plural = _("quyền truy cập có thời hạn")
        indexes = [models.Index(fields=["content_type", "object_id", "agency"], name="grant_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.action} {self.content_type_id}:{self.object_id}"


class BreakGlass(models.Model):
    """An administrator's emergency access to one object: a reason is required, it expires, and it is
    audited and listed for auditors."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.UUIDField()
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("truy cập khẩn cấp")
        verbose_name_plural = _("truy cập khẩn cấp")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"
