"""The vetting kind's vocabularies (domain.md §2.1). Purposes, their dossier checklists, validity periods and
who concludes by management level are administrator-edited data (models.Purpose, ChecklistItem,
ConcluderRule), not choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingGroup(models.TextChoices):
    """The two groups the conclusion must speak to (Hướng dẫn 01-HD/BTCTW)."""

    HISTORY = "history", _("Lịch sử chính trị")
    CURRENT = "current", _("Chính trị hiện nay")


class Flag(models.TextChoices):
    """Structured flags of a finding, as on the vetting forms (domain.md §2.1 [M])."""

    ARREST = "arrest", _("Bị bắt, tù đày")
    FORMER_REGIME = "former_regime", _("Làm việc cho chế độ cũ")
    FOREIGN_ORG = "foreign_org", _("Tham gia, quan hệ tổ chức nước ngoài")
    RELATIVES_ABROAD = "relatives_abroad", _("Có người thân ở nước ngoài")
    FOREIGN_SPOUSE = "foreign_spouse", _("Vợ/chồng là người nước ngoài")
    RELIGIOUS_OFFICE = "religious_office", _("Chức sắc tôn giáo")
    RELATIVES_CRIMINAL = "relatives_criminal", _("Người thân có tiền án, tiền sự")
    DISCIPLINE = "discipline", _("Bị kỷ luật")


class SourceKind(models.TextChoices):
    """What a finding cites: a partner's reply in this case, a document of this case, or another source
    described (a dossier paper, a verifier's report)."""

    REPLY = "reply", _("Trả lời của cơ quan phối hợp")
    DOCUMENT = "document", _("Văn bản trong hồ sơ")
    DOSSIER = "dossier", _("Tài liệu trong hồ sơ nhân sự")
    VERIFIER = "verifier", _("Báo cáo của người đi xác minh")


class DossierStatus(models.TextChoices):
    MISSING = "missing", _("Còn thiếu")
    RECEIVED = "received", _("Đã nhận")
    EXPIRED = "expired", _("Hết hiệu lực")


class Verdict(models.TextChoices):
    """The conclusion on the political standard (đủ / không đủ / chưa đủ cơ sở kết luận)."""

    MEETS = "meets", _("Đủ tiêu chuẩn chính trị")
    FAILS = "fails", _("Không đủ tiêu chuẩn chính trị")
    INSUFFICIENT = "insufficient", _("Chưa đủ cơ sở kết luận tiêu chuẩn chính trị")


class Concluder(models.TextChoices):
    """Who concludes, by the subject's management level (ConcluderRule)."""

    STANDING = "standing", _("Ban Thường vụ Tỉnh ủy (Ban Tổ chức trình)")
    LEADER = "leader", _("Lãnh đạo Ban Tổ chức")


class VerifierPlace(models.TextChoices):
    RESIDENCE = "residence", _("Cấp ủy nơi cư trú")
    WORKPLACE = "workplace", _("Cấp ủy nơi công tác")
    OTHER = "other", _("Nơi khác")


class BatchState(models.TextChoices):
    QUEUED = "queued", _("Chờ tạo hồ sơ")
    CREATING = "creating", _("Đang tạo hồ sơ")
    READY = "ready", _("Đã tạo hồ sơ")
    FAILED = "failed", _("Không tạo được")


class DispatchState(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Không gửi được")


class ReplyFinding(models.TextChoices):
    """A partner's answer for one candidate of a batch request."""

    NONE = "none", _("Không có thông tin về vấn đề chính trị")
    ISSUE = "issue", _("Có thông tin cần lưu ý")
