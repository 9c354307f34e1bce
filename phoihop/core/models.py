"""Agencies, users with roles and clearance, and hashed API tokens."""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import AgencyKind, Clearance, RoleCode

agency_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9_]{1,19}$",
    _("Mã cơ quan gồm 2–20 ký tự: chữ in hoa không dấu, chữ số hoặc dấu gạch dưới, bắt đầu bằng chữ."),
)


class Agency(models.Model):
    """An agency taking part in the coordination regulation; exactly one active agency is the hub."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã"), max_length=20, unique=True, validators=[agency_code_validator])
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    is_hub = models.BooleanField(_("cơ quan đầu mối (Ban Tổ chức)"), default=False)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    team_only_from = models.PositiveSmallIntegerField(
        _("hồ sơ chỉ tổ xử lý và lãnh đạo được xem từ độ mật"),
        choices=Clearance.choices,
        default=Clearance.MAT,
        help_text=_(
            "Trong cơ quan chủ trì, hồ sơ có độ mật từ mức này trở lên chỉ tổ xử lý hồ "
            "sơ và lãnh đạo cơ quan được xem; cán bộ khác chỉ thấy số hồ sơ và độ mật."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["-is_hub", "code"]
        constraints = [
            models.UniqueConstraint(fields=["is_hub"], condition=Q(is_hub=True), name="agency_single_hub"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Role(models.Model):
    """One of the seven fixed roles; rows are seeded by migration so users can hold several."""

    code = models.CharField(max_length=20, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class PhoihopUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person (or an integration account) who belongs to exactly one agency and has one clearance."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="users"
    )
    roles = models.ManyToManyField(Role, verbose_name=_("vai trò"), blank=True, related_name="users")
    clearance = models.PositiveSmallIntegerField(
        _("mức được tiếp cận bí mật"), choices=Clearance.choices, default=Clearance.NONE
    )
    is_api_only = models.BooleanField(
        _("tài khoản tích hợp (chỉ dùng API)"),
        default=False,
        help_text=_("Chỉ đăng nhập bằng khóa API; không đăng nhập giao diện."),
    )

    objects: ClassVar[PhoihopUserManager] = PhoihopUserManager()

    REQUIRED_FIELDS = ["agency", "full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("code", flat=True))

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def is_administrator(self) -> bool:
        return self.has_role(RoleCode.ADMIN)

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name().split()[-1] if self.full_name else self.username


class ApiToken(models.Model):
    """An API token of an integration account; only its SHA-256 is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ")
    WORKING_DAY = "work", _("Ngày làm việc (làm bù)")


class CalendarDay(models.Model):
    """An administrator's override of the working-day calendar: an extra day off or a make-up working day,
    for the whole province (agency empty) or for one agency. The statutory holidays come from the library."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=4, choices=CalendarDayKind.choices)
    name = models.CharField(_("lý do / tên ngày"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("chỉ áp dụng cho cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch")
        verbose_name_plural = _("ngày điều chỉnh lịch")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="calendar_day_province"
            ),
            models.UniqueConstraint(
                fields=["date", "agency"], condition=Q(agency__isnull=False), name="calendar_day_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"
