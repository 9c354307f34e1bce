"""Enumerations of core: roles, clearance levels, agency kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    CLERK = "clerk", _("Văn thư")
    OFFICER = "officer", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    LIAISON = "liaison", _("Đầu mối phối hợp")
    AUDITOR = "auditor", _("Kiểm tra, giám sát")
    ADMIN = "admin", _("Quản trị viên")
    # keeps the identity vault of letter writers (letters/access_rules.py): reads it with a reason, audited
    VAULT = "vault", _("Giữ kho danh tính người viết đơn")


class Clearance(models.IntegerChoices):
    """Ordered: a user may see an object only if object level ≤ user clearance."""

    NONE = 0, _("Không")
    MAT = 1, _("Mật")
    TOI_MAT = 2, _("Tối mật")
    TUYET_MAT = 3, _("Tuyệt mật")

    @classmethod
    def from_slug(cls, slug: str) -> Clearance:
        try:
            return CLEARANCE_SLUGS[slug.strip().lower()]
        except KeyError:
            raise ValueError(slug) from None

    @property
    def slug(self) -> str:
        return {v: k for k, v in CLEARANCE_SLUGS.items()}[self]


CLEARANCE_SLUGS: dict[str, Clearance] = {
    "none": Clearance.NONE,
    "mat": Clearance.MAT,
    "toi-mat": Clearance.TOI_MAT,
    "tuyet-mat": Clearance.TUYET_MAT,
}


class AgencyKind(models.TextChoices):
    PARTY_BOARD = "party_board", _("Ban của Tỉnh ủy")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    POLICE = "police", _("Công an")
    MILITARY = "military", _("Quân sự")
    STATE = "state", _("Cơ quan nhà nước")
    INSPECTORATE = "inspectorate", _("Thanh tra")
    OTHER = "other", _("Khác")
