"""Enumerations of the case engine (case kinds are not one: they register themselves, cases/kinds.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    VERIFY = "verify", _("Thẩm tra, xác minh")
    INFORMATION = "information", _("Cung cấp thông tin")
    OPINION = "opinion", _("Cho ý kiến")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    RECEIVED = "received", _("Đã nhận")
    ANSWERED = "answered", _("Đã trả lời")
    WITHDRAWN = "withdrawn", _("Đã rút")


class OpinionAnswer(models.TextChoices):
    AGREE = "agree", _("Nhất trí")
    DISAGREE = "disagree", _("Không nhất trí")
    OTHER = "other", _("Ý kiến khác")


class DeadlineUnit(models.TextChoices):
    WORKING = "working", _("ngày làm việc")
    CALENDAR = "calendar", _("ngày lịch")


class DeadlineStep(models.TextChoices):
    """The periods a rule sets: the case itself and each kind of coordination request."""

    CASE = "case", _("Giải quyết hồ sơ")
    VERIFY = "verify", _("Trả lời yêu cầu thẩm tra, xác minh")
    INFORMATION = "information", _("Trả lời yêu cầu cung cấp thông tin")
    OPINION = "opinion", _("Trả lời yêu cầu cho ý kiến")


class ClockEntryKind(models.TextChoices):
    EXTEND = "extend", _("Gia hạn")
    PAUSE = "pause", _("Tạm dừng tính hạn")
    RESUME = "resume", _("Tiếp tục tính hạn")


class TeamRole(models.TextChoices):
    """A person's place in a case team: the lead officer (the
    case's `lead_officer`) or an assigned officer."""

    LEAD = "lead", _("Chủ trì")
    MEMBER = "member", _("Thành viên")
