"""The consultation kind's vocabularies (domain.md §2.4). The types with their deadlines and whether silence
counts as consent are administrator-edited data (models.ConsultationType), not choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Whether another body asks this agency (incoming) or this agency asks (outgoing)."""

    OUTGOING = "out", _("Xin ý kiến (đi)")
    INCOMING = "in", _("Được hỏi ý kiến (đến)")


class Answer(models.TextChoices):
    """A consulted body's answer about one candidate."""

    AGREE = "agree", _("Nhất trí")
    DISAGREE = "disagree", _("Không nhất trí")
    OTHER = "other", _("Ý kiến khác")


class Decision(models.TextChoices):
    """The asker's final decision on the consultation."""

    AGREED = "agreed", _("Đồng ý nhân sự")
    NOT_AGREED = "not_agreed", _("Không đồng ý nhân sự")
    OTHER = "other", _("Quyết định khác")
