"""A classified dossier owned by one agency and shared with participant agencies — the shape of a case."""

from __future__ import annotations

import uuid

from django.db import models


class Dossier(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    owner_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    participants = models.ManyToManyField("core.Agency", blank=True, related_name="+")
    classification = models.PositiveSmallIntegerField(default=0)
    secret_note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.title
