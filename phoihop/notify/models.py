"""In-app notifications. They carry no case content: a code with identifiers, rendered when read, and a link
that is access-checked on open."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=30)  # the category: request, case, reminder, registry
    # What it says: a code and its parameters (identifiers, dates, codes), rendered when read in the reader's
    # language (notify/messages.py). `text` only for notifications written before that.
    code = models.CharField(max_length=40, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    text = models.CharField(_("nội dung"), max_length=300, blank=True, default="")
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text or self.code
