"""The audit event types of the core app: sign-in, accounts, agencies, API tokens, the calendar and the demo
(what each payload may hold: audit/registry.py).

Registered when first imported; the app's `ready()` imports this module so that every type exists before any
event is read or written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.audit.registry import register

AUTH_LOGIN = register("auth.login", pgettext_lazy("audit event", "Đăng nhập"))
AUTH_LOGIN_FAILED = register("auth.login_failed", _("Đăng nhập không thành công"))
AUTH_LOGOUT = register("auth.logout", pgettext_lazy("audit event", "Đăng xuất"))
# A lockout at the one-time-code step also says so (`step`:
# "mfa") and after how many failed codes (`failures`).
AUTH_LOCKOUT = register(
    "auth.lockout", _("Tài khoản bị tạm khóa do đăng nhập sai nhiều lần"), fields=["ip", "step", "failures"]
)
AUTH_SESSION_EXPIRED = register("auth.session_expired", _("Phiên làm việc hết hạn"))
AUTH_MFA_ADDED = register("auth.mfa_added", _("Thêm phương thức xác thực hai lớp"), fields=["type"])
AUTH_MFA_REMOVED = register("auth.mfa_removed", _("Gỡ phương thức xác thực hai lớp"), fields=["type"])
# `failures`: the count of wrong codes in the current run, towards the lockout (never the code typed).
AUTH_MFA_FAILED = register("auth.mfa_failed", _("Nhập sai mã xác thực hai lớp"), fields=["failures"])
AUTH_MFA_RECOVERY_CODES = register("auth.mfa_recovery_codes", _("Tạo lại mã khôi phục"), fields=["type"])
AUTH_PASSWORD_CHANGED = register("auth.password_changed", pgettext_lazy("audit event", "Đổi mật khẩu"))
AUTH_TOKEN_REJECTED = register("auth.token_rejected", _("Khóa API không hợp lệ"), fields=["prefix"])
# An agency's or a unit's code goes under "agency"/"unit":
# services.mask() hides any key that looks like "code".
AGENCY_CREATE = register(
    "agency.create", _("Tạo cơ quan"), fields=["agency", "kind", "is_hub", "active", "parent"]
)
AGENCY_UPDATE = register("agency.update", pgettext_lazy("audit event", "Sửa cơ quan"), fields=["changed"])
USER_CREATE = register(
    "user.create",
    _("Tạo người dùng"),
    fields=["username", "agency", "roles", "clearance", "is_api_only", "is_active"],
)
USER_UPDATE = register("user.update", pgettext_lazy("audit event", "Sửa người dùng"), fields=["changed"])
# `changes` is the older name of `changed` here; it always held roles, clearance and agency only.
USER_PERMISSIONS = register(
    "user.permissions", _("Thay đổi vai trò hoặc mức tiếp cận bí mật"), fields=["changed", "changes"]
)
USER_DEACTIVATE = register(
    "user.deactivate",
    pgettext_lazy("audit event", "Khóa tài khoản"),
    fields=["sessions_ended"],
    justification=True,
)
USER_REACTIVATE = register(
    "user.reactivate",
    pgettext_lazy("audit event", "Mở lại tài khoản"),
    fields=["sessions_ended"],
    justification=True,
)
USER_PASSWORD_SET = register("user.password_set", _("Quản trị đặt lại mật khẩu"))
USER_MFA_RESET = register(
    "user.mfa_reset", _("Quản trị đặt lại xác thực hai lớp"), fields=["removed"], justification=True
)
TOKEN_CREATE = register("token.create", _("Cấp khóa API"), fields=["prefix"])
TOKEN_REVOKE = register("token.revoke", _("Thu hồi khóa API"))
DEMO_LOAD = register("demo.load", _("Nạp dữ liệu trình diễn"), fields=["agencies", "users"])
CALENDAR_CHANGE = register(
    "calendar.change", _("Điều chỉnh lịch ngày làm việc"), fields=["change", "date", "kind", "agency"]
)
