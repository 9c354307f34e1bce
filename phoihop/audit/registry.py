"""The one place where audit event types are registered; a duplicate code is a programming error."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    code: str
    label: str | Promise


_REGISTRY: dict[str, EventType] = {}


def register(code: str, label: str | Promise) -> EventType:
    if code in _REGISTRY:
        raise ValueError(f"audit event type {code!r} is registered twice")
    event_type = EventType(code, label)
    _REGISTRY[code] = event_type
    return event_type


def get(code: str) -> EventType:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"audit event type {code!r} is not registered") from None


def all_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda t: t.code)


# --- Sign-in and sessions ---
AUTH_LOGIN = register("auth.login", _("Đăng nhập"))
AUTH_LOGIN_FAILED = register("auth.login_failed", _("Đăng nhập không thành công"))
AUTH_LOGOUT = register("auth.logout", _("Đăng xuất"))
AUTH_LOCKOUT = register("auth.lockout", _("Tài khoản bị tạm khóa do đăng nhập sai nhiều lần"))
AUTH_SESSION_EXPIRED = register("auth.session_expired", _("Phiên làm việc hết hạn"))
AUTH_MFA_ADDED = register("auth.mfa_added", _("Thêm phương thức xác thực hai lớp"))
AUTH_MFA_REMOVED = register("auth.mfa_removed", _("Gỡ phương thức xác thực hai lớp"))
AUTH_MFA_RECOVERY_CODES = register("auth.mfa_recovery_codes", _("Tạo lại mã khôi phục"))
AUTH_PASSWORD_CHANGED = register("auth.password_changed", _("Đổi mật khẩu"))
AUTH_TOKEN_REJECTED = register("auth.token_rejected", _("Khóa API không hợp lệ"))
# --- Administration ---
AGENCY_CREATE = register("agency.create", _("Tạo cơ quan"))
AGENCY_UPDATE = register("agency.update", _("Sửa cơ quan"))
USER_CREATE = register("user.create", _("Tạo người dùng"))
USER_UPDATE = register("user.update", _("Sửa người dùng"))
USER_PERMISSIONS = register("user.permissions", _("Thay đổi vai trò hoặc mức tiếp cận bí mật"))
USER_DEACTIVATE = register("user.deactivate", _("Khóa tài khoản"))
USER_REACTIVATE = register("user.reactivate", _("Mở lại tài khoản"))
USER_PASSWORD_SET = register("user.password_set", _("Quản trị đặt lại mật khẩu"))
USER_MFA_RESET = register("user.mfa_reset", _("Quản trị đặt lại xác thực hai lớp"))
TOKEN_CREATE = register("token.create", _("Cấp khóa API"))
TOKEN_REVOKE = register("token.revoke", _("Thu hồi khóa API"))
DEMO_LOAD = register("demo.load", _("Nạp dữ liệu trình diễn"))
CASE_OPEN = register("case.open", _("Mở hồ sơ vụ việc"))
CASE_UPDATE = register("case.update", _("Sửa hồ sơ vụ việc"))
CASE_LINK = register("case.link", _("Liên kết hồ sơ liên quan"))
CASE_TRANSITION = register("case.transition", _("Chuyển trạng thái hồ sơ"))
CASE_TEAM_ADD = register("case.team_add", _("Thêm cán bộ vào tổ xử lý hồ sơ"))
CASE_TEAM_REMOVE = register("case.team_remove", _("Đưa cán bộ ra khỏi tổ xử lý hồ sơ"))
REQUEST_SEND = register("request.send", _("Gửi yêu cầu phối hợp"))
REQUEST_RECEIVE = register("request.receive", _("Nhận yêu cầu phối hợp"))
REQUEST_ANSWER = register("request.answer", _("Trả lời yêu cầu phối hợp"))
DEADLINE_CHANGE = register("deadline.change", _("Thay đổi hạn"))
REQUEST_PAUSE = register("request.pause", _("Tạm dừng tính hạn"))
REQUEST_RESUME = register("request.resume", _("Tiếp tục tính hạn"))
REQUEST_WITHDRAW = register("request.withdraw", _("Rút yêu cầu phối hợp"))
REQUEST_SHARE = register("request.share", _("Chia sẻ hoặc thôi chia sẻ trả lời với cơ quan cùng xử lý"))
CALENDAR_CHANGE = register("calendar.change", _("Điều chỉnh lịch ngày làm việc"))
DOCUMENT_ADD = register("document.add", _("Đính kèm tài liệu"))
DOCUMENT_COPY = register("document.copy", _("Sổ phát hành, thu hồi bản tài liệu mật"))
DOCUMENT_GENERATE = register("document.generate", _("Tạo văn bản từ mẫu"))
TEMPLATE_CHANGE = register("template.change", _("Thay mẫu văn bản"))
NUMBER_ISSUE = register("number.issue", _("Cấp số văn bản"))
NUMBER_CANCEL = register("number.cancel", _("Hủy số văn bản"))
PERSON_CREATE = register("person.create", _("Thêm cán bộ, đảng viên"))
PERSON_UPDATE = register("person.update", _("Sửa thông tin cán bộ, đảng viên"))
PERSON_MERGE = register("person.merge", _("Hợp nhất hồ sơ trùng"))
PERSON_UNMERGE = register("person.unmerge", _("Hủy hợp nhất hồ sơ"))
DOSSIER_CHANGE = register("dossier.change", _("Sửa lý lịch"))
UNIT_CHANGE = register("unit.change", _("Thay đổi tổ chức đảng"))
PERSON_IMPORT = register("person.import", _("Nhập danh sách cán bộ, đảng viên"))
DEADLINE_RULE_CHANGE = register("deadline_rule.change", _("Sửa quy tắc thời hạn"))
# --- Reads, searches, exports, downloads and denials ---
RECORD_READ = register("record.read", _("Xem hồ sơ nhạy cảm"))
RECORD_UNMASK = register("record.unmask", _("Xem trường thông tin nhạy cảm"))
SEARCH = register("search", _("Tìm kiếm"))
EXPORT = register("export", _("Xuất dữ liệu"))
DOWNLOAD = register("download", _("Tải tệp"))
PRINT_VIEW = register("print", _("Xem bản in"))
ACCESS_DENIED = register("access.denied", _("Truy cập bị từ chối"))
# --- Grants and break-glass ---
GRANT_CREATE = register("access.grant", _("Cấp quyền truy cập có thời hạn"))
GRANT_REVOKE = register("access.grant_revoke", _("Thu hồi quyền truy cập"))
BREAK_GLASS = register("access.break_glass", _("Truy cập khẩn cấp (phá kính)"))
# --- The audit itself ---
AUDIT_CHECKPOINT = register("audit.checkpoint", _("Ký điểm kiểm tra chuỗi nhật ký"))
AUDIT_PRUNE = register("audit.prune", _("Xóa nhật ký hết thời hạn lưu"))
AUDIT_VERIFY = register("audit.verify", _("Kiểm tra tính toàn vẹn nhật ký"))
