"""Writes of core: agencies, users, roles, clearances and API tokens — each with its audit event.

Every function takes the acting user explicitly (None only for the command line run by an operator on
the server), validates, writes and records the audit event in one transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import can_administer
from phoihop.audit.services import audit_record, changed_fields, diff
from phoihop.core import audit_events
from phoihop.core.choices import AgencyKind, Clearance, RoleCode
from phoihop.core.models import (
    Agency,
    ApiToken,
    CalendarDay,
    CalendarDayKind,
    Role,
    User,
    agency_code_validator,
)
from phoihop.transactions import user_action

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")
TOKEN_PREFIX = "ph_"


def _require_admin(actor: User | None) -> None:
    # actor None = an operator on the server's command line, who already holds the machine.
    if actor is not None and not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị viên được thực hiện thao tác này."))


def _agency_snapshot(agency: Agency) -> dict[str, Any]:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "is_hub": agency.is_hub,
        "active": agency.active,
        "parent": agency.parent.code if agency.parent_id and agency.parent else None,
        "team_only_from": agency.team_only_from,
    }


# What the audit keeps of agencies and users: codes and administrative values; names, positions and e-mail
# addresses only as "this field changed". The agency's code goes under "agency" (audit.services.mask() hides
# the value of any key that looks like "code", for one-time codes).
AGENCY_AUDITED = {
    "code": "agency",
    "kind": "kind",
    "is_hub": "is_hub",
    "active": "active",
    "parent": "parent",
}
# An agency change keeps the before/after values of these; `team_only_from` is a classification threshold.
AGENCY_VALUES = (*AGENCY_AUDITED.values(), "team_only_from")
USER_AUDITED = ("username", "agency", "roles", "clearance", "is_api_only", "is_active")


def _validate_agency(agency: Agency) -> None:
    errors: dict[str, list[str]] = {}
    try:
        agency_code_validator(agency.code)
    except ValidationError as exc:
        errors["code"] = list(exc.messages)
    if Agency.objects.filter(code__iexact=agency.code).exclude(pk=agency.pk).exists():
        errors.setdefault("code", []).append(_("Mã cơ quan %(code)s đã tồn tại.") % {"code": agency.code})
    if not agency.name.strip():
        errors["name"] = [_("Tên cơ quan không được để trống.")]
    if agency.kind not in AgencyKind.values:
        errors["kind"] = [_("Loại cơ quan không hợp lệ.")]
    if agency.team_only_from not in Clearance.values:
        errors["team_only_from"] = [
            _("Ngưỡng độ mật của tổ xử lý hồ sơ phải là Không, Mật, Tối mật hoặc Tuyệt mật.")
        ]
    if agency.is_hub:
        if not agency.active:
            errors.setdefault("is_hub", []).append(_("Cơ quan đầu mối phải đang hoạt động."))
        if Agency.objects.filter(is_hub=True).exclude(pk=agency.pk).exists():
            errors.setdefault("is_hub", []).append(_("Đã có một cơ quan đầu mối; chỉ được có một."))
    parent = agency.parent
    seen = {agency.pk}
    while parent is not None:
        if parent.pk in seen:
            errors["parent"] = [_("Cơ quan cấp trên tạo thành vòng lặp.")]
            break
        seen.add(parent.pk)
        parent = parent.parent
    if errors:
        raise ValidationError(errors)


@user_action
def agency_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str = AgencyKind.OTHER,
    is_hub: bool = False,
    active: bool = True,
    parent: Agency | None = None,
    team_only_from: int = Clearance.MAT,
) -> Agency:
    _require_admin(actor)
    agency = Agency(
        code=code.strip().upper(),
        name=name.strip(),
        kind=kind,
        is_hub=is_hub,
        active=active,
        parent=parent,
        team_only_from=team_only_from,
    )
    _validate_agency(agency)
    agency.save()
    snapshot = _agency_snapshot(agency)
    audit_record(
        action=audit_events.AGENCY_CREATE,
        actor=actor,
        obj=agency,
        payload={AGENCY_AUDITED[k]: snapshot[k] for k in AGENCY_AUDITED},
    )
    return agency


@user_action
def agency_update(*, actor: User | None, agency: Agency, **changes: Any) -> Agency:
    _require_admin(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = _agency_snapshot(agency)
    allowed = {"code", "name", "kind", "is_hub", "active", "parent", "team_only_from"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for field, value in changes.items():
        if field == "code":
            value = value.strip().upper()
        setattr(agency, field, value)
    _validate_agency(agency)
    agency.save()
    changed = diff(before, _agency_snapshot(agency))
    if changed:
        audit_record(
            action=audit_events.AGENCY_UPDATE,
            actor=actor,
            obj=agency,
            payload={
                "changed": changed_fields(
                    {AGENCY_AUDITED.get(k, k): v for k, v in changed.items()}, values=AGENCY_VALUES
                )
            },
        )
    return agency


def _user_snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "position": user.position,
        "email": user.email,
        "agency": user.agency.code,
        "roles": sorted(user.roles.values_list("code", flat=True)),
        "clearance": Clearance(user.clearance).slug,
        "is_api_only": user.is_api_only,
        "is_active": user.is_active,
    }


def _clean_roles(roles: Iterable[str]) -> list[str]:
    codes = sorted({r.strip().lower() for r in roles if r.strip()})
    bad = [c for c in codes if c not in RoleCode.values]
    if bad:
        raise ValidationError(
            {
                "roles": [
                    _("Vai trò không hợp lệ: %(roles)s. Vai trò hợp lệ: %(valid)s.")
                    % {"roles": ", ".join(bad), "valid": ", ".join(RoleCode.values)}
                ]
            }
        )
    return codes


def _roles(codes: Iterable[str]) -> list[Role]:
    """Role rows for valid codes (seeded by migration; recreated if a test database was flushed)."""
    return [Role.objects.get_or_create(code=code)[0] for code in codes]


def generate_password() -> str:
    return "-".join(secrets.token_urlsafe(4) for _ in range(4))


@user_action
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    agency: Agency,
    roles: Iterable[str],
    clearance: int = Clearance.NONE,
    is_api_only: bool = False,
    password: str | None = None,
    position: str = "",
    email: str = "",
) -> tuple[User, str | None]:
    """Create an account. Returns the user and the password when one was generated here."""
    _require_admin(actor)
    username = username.strip().lower()
    errors: dict[str, list[str]] = {}
    if not USERNAME_RE.match(username):
        errors["username"] = [
            _(
                "Tên đăng nhập gồm 3–150 ký tự: chữ thường không "
                "dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới."
            )
        ]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập %(username)s đã được dùng.") % {"username": username}]
    if not full_name.strip():
        errors["full_name"] = [_("Họ và tên không được để trống.")]
    if not agency.active:
        errors["agency"] = [_("Cơ quan %(code)s đã ngừng hoạt động.") % {"code": agency.code}]
    if clearance not in Clearance.values:
        errors["clearance"] = [_("Mức tiếp cận bí mật không hợp lệ.")]
    try:
        role_codes = _clean_roles(roles)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        role_codes = []
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        full_name=full_name.strip(),
        agency=agency,
        clearance=clearance,
        is_api_only=is_api_only,
        position=position.strip(),
        email=email.strip(),
    )
    generated = None
    if is_api_only:
        user.set_unusable_password()
    else:
        if password is None:
            password = generated = generate_password() + "-" + secrets.token_hex(2)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    user.save()
    user.roles.set(_roles(role_codes))
    snapshot = _user_snapshot(user)
    audit_record(
        action=audit_events.USER_CREATE, actor=actor, obj=user, payload={k: snapshot[k] for k in USER_AUDITED}
    )
    return user, generated


@user_action
def user_update(*, actor: User | None, user: User, **changes: Any) -> User:
    """Change particulars, agency, roles or clearance. Permission changes get their own audit event."""
    _require_admin(actor)
    user = User.objects.select_for_update().select_related("agency").get(pk=user.pk)
    before = _user_snapshot(user)
    allowed = {"full_name", "position", "email", "agency", "roles", "clearance"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    errors: dict[str, list[str]] = {}
    roles = changes.pop("roles", None)
    if roles is not None:
        roles = _clean_roles(roles)
        if actor is not None and actor.pk == user.pk and RoleCode.ADMIN not in roles:
            errors["roles"] = [_("Bạn không thể tự bỏ vai trò quản trị của chính mình.")]
    for field, value in changes.items():
        setattr(user, field, value.strip() if isinstance(value, str) else value)
    if "full_name" in changes and not user.full_name:
        errors["full_name"] = [_("Họ và tên không được để trống.")]
    if "agency" in changes and not user.agency.active:
        errors["agency"] = [_("Cơ quan %(code)s đã ngừng hoạt động.") % {"code": user.agency.code}]
    if "clearance" in changes and user.clearance not in Clearance.values:
        errors["clearance"] = [_("Mức tiếp cận bí mật không hợp lệ.")]
    if errors:
        raise ValidationError(errors)
    user.save()
    if roles is not None:
        user.roles.set(_roles(roles))
        user.__dict__.pop("role_codes", None)
    after = _user_snapshot(user)
    changed = diff(before, after)
    permission_keys = {"agency", "roles", "clearance"}
    if changed.keys() & permission_keys:
        audit_record(
            action=audit_events.USER_PERMISSIONS,
            actor=actor,
            obj=user,
            payload={
                "changed": changed_fields(
                    {k: v for k, v in changed.items() if k in permission_keys}, values=permission_keys
                )
            },
        )
    other = {k: v for k, v in changed.items() if k not in permission_keys}
    if other:
        audit_record(
            action=audit_events.USER_UPDATE, actor=actor, obj=user, payload={"changed": changed_fields(other)}
        )
    return user


def _end_sessions(user: User) -> int:
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


@user_action
def user_set_active(*, actor: User | None, user: User, active: bool, reason: str = "") -> User:
    """Disable (signing the user out everywhere) or re-enable an account."""
    _require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk == user.pk and not active:
        raise ValidationError(_("Bạn không thể tự khóa tài khoản của chính mình."))
    if not active and not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do khóa tài khoản.")]})
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    ended = _end_sessions(user) if not active else 0
    audit_record(
        action=audit_events.USER_REACTIVATE if active else audit_events.USER_DEACTIVATE,
        actor=actor,
        obj=user,
        reason=reason.strip(),
        payload={"sessions_ended": ended},
    )
    return user


@user_action
def user_set_password(*, actor: User | None, user: User, password: str) -> None:
    _require_admin(actor)
    if user.is_api_only:
        raise ValidationError({"password": [_("Tài khoản tích hợp không dùng mật khẩu.")]})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    _end_sessions(user)
    audit_record(action=audit_events.USER_PASSWORD_SET, actor=actor, obj=user)


@user_action
def user_reset_mfa(*, actor: User | None, user: User, reason: str) -> int:
    """Remove every authenticator: the user must enrol again at the next sign-in."""
    _require_admin(actor)
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do đặt lại xác thực hai lớp.")]})
    deleted, _detail = Authenticator.objects.filter(user=user).delete()
    _end_sessions(user)
    audit_record(
        action=audit_events.USER_MFA_RESET,
        actor=actor,
        obj=user,
        reason=reason.strip(),
        payload={"removed": deleted},
    )
    return deleted


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@user_action
def token_create(
    *, actor: User | None, user: User, name: str = "", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Issue a token for an integration account. The raw key is returned once and never stored."""
    _require_admin(actor)
    if not user.is_api_only:
        raise ValidationError(
            {
                "user": [
                    _(
                        "Chỉ cấp khóa API cho tài khoản tích hợp (--api-only); "
                        "người dùng đăng nhập bằng mật khẩu và OTP."
                    )
                ]
            }
        )
    if not user.is_active:
        raise ValidationError(
            {"user": [_("Tài khoản %(username)s đang bị khóa.") % {"username": user.username}]}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": [_("Thời hạn phải ở tương lai.")]})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=raw[:10],
        key_hash=hash_token(raw),
        created_by=actor,
        expires_at=expires_at,
    )
    audit_record(
        action=audit_events.TOKEN_CREATE,
        actor=actor,
        obj=token,
        related=user,
        payload={"prefix": token.prefix},
    )
    return token, raw


@user_action
def token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    _require_admin(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action=audit_events.TOKEN_REVOKE, actor=actor, obj=token, related=token.user)
    return token


@user_action
def calendar_day_add(
    *, actor: User | None, day: date, kind: str, name: str, agency: Agency | None = None
) -> CalendarDay:
    """Add an extra day off or a make-up working day (province-wide, or for one agency); open deadlines are
    recomputed in the same transaction."""
    from phoihop.core.calendar import FIRST_YEAR, LAST_YEAR, calendar_changed, day_info

    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors["date"] = [_("Ngày phải trong khoảng năm %(a)d–%(b)d.") % {"a": FIRST_YEAR, "b": LAST_YEAR}]
    if kind not in CalendarDayKind.values:
        errors["kind"] = [_("Loại ngày không hợp lệ.")]
    if not name.strip():
        errors["name"] = [_("Cần ghi lý do hoặc tên ngày (ví dụ: theo Thông báo số …).")]
    if errors:
        raise ValidationError(errors)
    if CalendarDay.objects.filter(date=day, agency=agency).exists():
        raise ValidationError(
            {
                "date": [
                    _("Ngày %(d)s đã có điều chỉnh; hãy xóa điều chỉnh cũ trước.") % {"d": f"{day:%d/%m/%Y}"}
                ]
            }
        )
    current = day_info(day, agency=agency)
    if current.working == (kind == CalendarDayKind.WORKING_DAY):
        raise ValidationError(
            {
                "kind": [
                    _("Ngày %(d)s vốn đã là ngày làm việc.") % {"d": f"{day:%d/%m/%Y}"}
                    if current.working
                    else _("Ngày %(d)s vốn đã là ngày nghỉ (%(r)s).")
                    % {"d": f"{day:%d/%m/%Y}", "r": current.reason}
                ]
            }
        )
    created = CalendarDay.objects.create(
        date=day, kind=kind, name=name.strip(), agency=agency, created_by=actor
    )
    audit_record(
        action=audit_events.CALENDAR_CHANGE,
        actor=actor,
        obj=created,
        payload={
            "change": "add",
            "date": day.isoformat(),
            "kind": kind,
            "agency": agency.code if agency else None,
        },
    )
    calendar_changed([day], actor)
    return created


@user_action
def calendar_day_remove(*, actor: User | None, calendar_day: CalendarDay) -> None:
    from phoihop.core.calendar import calendar_changed

    _require_admin(actor)
    day = CalendarDay.objects.select_for_update().get(pk=calendar_day.pk)
    audit_record(
        action=audit_events.CALENDAR_CHANGE,
        actor=actor,
        obj=day,
        payload={
            "change": "remove",
            "date": day.date.isoformat(),
            "kind": day.kind,
            "agency": day.agency.code if day.agency_id and day.agency else None,
        },
    )
    day.delete()
    calendar_changed([day.date], actor)
