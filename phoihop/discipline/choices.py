"""The discipline kind's fixed vocabularies: where a notice comes from, who it is about, which level decided,
the appeal's outcomes. The sanctions themselves are data (`Sanction`), edited by administrators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    PARTY = "party", _("Kỷ luật đảng (Ủy ban kiểm tra, cấp ủy, chi bộ)")
    STATE = "state", _("Kỷ luật chính quyền đối với đảng viên (cơ quan nhà nước)")


class SubjectType(models.TextChoices):
    MEMBER = "member", _("Đảng viên chính thức")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    ORGANISATION = "organisation", _("Tổ chức đảng")


class DecidingLevel(models.TextChoices):
    CELL = "cell", _("Chi bộ")
    COMMITTEE = "committee", _("Cấp ủy")
    INSPECTION = "inspection", _("Ủy ban kiểm tra")
    STATE = "state", _("Cơ quan nhà nước có thẩm quyền")


class Regime(models.TextChoices):
    PARTY = "party", _("Kỷ luật đảng")
    STATE = "state", _("Kỷ luật chính quyền")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Giữ nguyên quyết định kỷ luật")
    CHANGED = "changed", _("Thay đổi hình thức kỷ luật")
    ANNULLED = "annulled", _("Hủy bỏ quyết định kỷ luật")
