"""The one place where audit event types are registered; a duplicate code is a programming error.

Each type also declares what its payload may hold, because an auditor is not a content reader (decision 64):
- `fields`: payload keys holding identifiers, codes, counts, dates, names of changed fields, and the before/after
  values of administrative fields (roles, clearance, statuses, deadlines). Every auditor who may read the event
  sees them.
- `searches`: payload keys holding what a user typed into a search box. Kept as evidence, shown only to auditors
  of the top clearance.
- `justification`: the event's reason is a justification auditors must judge (break-glass, grants, account
  actions), shown to every auditor who may read the event. Other reasons may describe the object and are shown
  only to an auditor who may see the object.
Anything else an event holds (older events wrote titles, names and snapshots) is shown only to an auditor who may
see the object at read time (audit/disclosure.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Keys every event may carry: `level` is the object's classification, added by audit_record itself.
COMMON_FIELDS = frozenset({"level"})


@dataclass(frozen=True)
class EventType:
    code: str
    label: str | Promise
    fields: frozenset[str] = field(default=frozenset())
    searches: frozenset[str] = field(default=frozenset())
    justification: bool = False

    def shows(self, key: str) -> bool:
        """Whether payload `key` holds only identifiers or administrative values."""
        return key in self.fields or key in COMMON_FIELDS


_REGISTRY: dict[str, EventType] = {}


def register(
    code: str,
    label: str | Promise,
    *,
    fields: Iterable[str] = (),
    searches: Iterable[str] = (),
    justification: bool = False,
) -> EventType:
    if code in _REGISTRY:
        raise ValueError(f"audit event type {code!r} is registered twice")
    event_type = EventType(code, label, frozenset(fields), frozenset(searches), justification)
    _REGISTRY[code] = event_type
    return event_type


def get(code: str) -> EventType:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"audit event type {code!r} is not registered") from None


def find(code: str) -> EventType | None:
    """The type of a stored event, or None for a code no longer registered (its payload is then all content)."""
    return _REGISTRY.get(code)


def all_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda t: t.code)


# --- Sign-in and sessions ---
# Translators: "audit event" labels name what happened, as a line of the audit log ("Agency edited"), where the
# same Vietnamese words elsewhere are a page's title or a button ("Edit agency").
AUTH_LOGIN = register("auth.login", pgettext_lazy("audit event", "Đăng nhập"))
AUTH_LOGIN_FAILED = register("auth.login_failed", _("Đăng nhập không thành công"))
AUTH_LOGOUT = register("auth.logout", pgettext_lazy("audit event", "Đăng xuất"))
# A lockout at the one-time-code step also says so (`step`: "mfa") and after how many failed codes (`failures`).
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
# --- Administration ---
# An agency's or a unit's code goes under "agency"/"unit": services.mask() hides any key that looks like "code".
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
CASE_OPEN = register("case.open", _("Mở hồ sơ vụ việc"), fields=["number", "participants"])
CASE_UPDATE = register("case.update", _("Sửa hồ sơ vụ việc"), fields=["changed", "version", "subject_added"])
CASE_LINK = register("case.link", _("Liên kết hồ sơ liên quan"), fields=["related"])
CASE_TRANSITION = register(
    "case.transition", _("Chuyển trạng thái hồ sơ"), fields=["transition", "from", "to", "version"]
)
# The member by user id (an identifier, as audit/identity.py names users; never the full name), the role's code;
# the case by its number.
CASE_TEAM_ADD = register("case.team_add", _("Thêm cán bộ vào tổ xử lý hồ sơ"), fields=["user", "role"])
CASE_TEAM_REMOVE = register("case.team_remove", _("Đưa cán bộ ra khỏi tổ xử lý hồ sơ"), fields=["user"])
REQUEST_SEND = register(
    "request.send",
    pgettext_lazy("audit event", "Gửi yêu cầu phối hợp"),
    fields=["to", "kind", "days", "unit", "due", "documents"],
)
REQUEST_RECEIVE = register("request.receive", _("Nhận yêu cầu phối hợp"))
REQUEST_ANSWER = register("request.answer", _("Trả lời yêu cầu phối hợp"), fields=["late"])
DEADLINE_CHANGE = register(
    "deadline.change",
    _("Thay đổi hạn"),
    fields=["old", "new", "reason", "extension", "event", "days", "decision"],
)
REQUEST_PAUSE = register(
    "request.pause", pgettext_lazy("audit event", "Tạm dừng tính hạn"), fields=["remaining", "due"]
)
REQUEST_RESUME = register(
    "request.resume", pgettext_lazy("audit event", "Tiếp tục tính hạn"), fields=["old", "new"]
)
REQUEST_WITHDRAW = register("request.withdraw", _("Rút yêu cầu phối hợp"))
# Shared or taken back, and the recipient's agency code (the event's object is the request, labelled by its case's
# number).
REQUEST_SHARE = register(
    "request.share",
    _("Chia sẻ hoặc thôi chia sẻ trả lời với cơ quan cùng xử lý"),
    fields=["shared", "to"],
)
CALENDAR_CHANGE = register(
    "calendar.change", _("Điều chỉnh lịch ngày làm việc"), fields=["change", "date", "kind", "agency"]
)
DOCUMENT_ADD = register(
    "document.add",
    pgettext_lazy("audit event", "Đính kèm tài liệu"),
    fields=["version", "sha256", "size", "type", "classification"],
)
DOCUMENT_COPY = register(
    "document.copy",
    pgettext_lazy("audit event", "Sổ phát hành, thu hồi bản tài liệu mật"),
    fields=["copy", "to", "event"],
)
DOCUMENT_GENERATE = register(
    "document.generate",
    pgettext_lazy("audit event", "Tạo văn bản từ mẫu"),
    fields=["kind", "format", "number"],
)
TEMPLATE_CHANGE = register(
    "template.change", _("Thay mẫu văn bản"), fields=["reset", "sha256"], justification=True
)
NUMBER_ISSUE = register("number.issue", _("Cấp số văn bản"), fields=["number", "term"])
NUMBER_CANCEL = register("number.cancel", _("Hủy số văn bản"), fields=["number"])
# `basis` is a registration basis's code (an identifier an administrator chose, like an agency's code),
# `agency` the code of the agency that stated it, `case` a case's UUID: why the person is kept, not who it is.
PERSON_CREATE = register(
    "person.create",
    _("Thêm cán bộ, đảng viên"),
    fields=["confirmed_distinct", "fields", "basis", "agency", "case"],
)
PERSON_UPDATE = register("person.update", _("Sửa thông tin cán bộ, đảng viên"), fields=["changed", "version"])
PERSON_MERGE = register(
    "person.merge", pgettext_lazy("audit event", "Hợp nhất hồ sơ trùng"), fields=["merge", "moved"]
)
PERSON_UNMERGE = register("person.unmerge", _("Hủy hợp nhất hồ sơ"), fields=["merge"])
DOSSIER_CHANGE = register("dossier.change", _("Sửa lý lịch"), fields=["added", "relation", "kind", "entry"])
UNIT_CHANGE = register(
    "unit.change",
    _("Thay đổi tổ chức đảng"),
    fields=["event", "unit", "changed", "from", "to", "into", "persons_moved"],
)
PERSON_IMPORT = register(
    "person.import",
    pgettext_lazy("audit event", "Nhập danh sách cán bộ, đảng viên"),
    fields=["format", "rows", "saved", "skipped"],
)
# A basis added (the PersonBasis id, basis and agency codes, case UUID, placeholders it replaced), ended
# (id, code, date), lapsed as the person left the Party (count, why), or following its case (case UUID, count,
# date).
PERSON_BASIS = register(
    "person.basis",
    _("Ghi hoặc kết thúc căn cứ đăng ký của một người"),
    fields=[
        "added",
        "basis",
        "agency",
        "case",
        "replaced_legacy",
        "ended",
        "on",
        "lapsed",
        "why",
        "bases",
        "lapsed_on",
    ],
)
# The basis's code, whether it was created, and which fields changed: periods and flags before/after, only the
# names of the label and legal source (texts an administrator wrote).
REGISTRATION_BASIS_CHANGE = register(
    "registration_basis.change", _("Sửa danh mục căn cứ đăng ký"), fields=["basis", "created", "changed"]
)
# Which kind of number (national_id / party_card) and the hold's id — never the number, nor whose it is.
IDENTIFIER_HELD = register(
    "identifier.held", _("Nhập số định danh đang phải đối chiếu"), fields=["field", "hold", "opened"]
)
IDENTIFIER_HOLD = register(
    "identifier.hold",
    _("Tạm giữ hoặc xử lý số định danh cần đối chiếu"),
    fields=["hold", "field", "event", "outcome"],
)
RETENTION_JOB = register(
    "retention.job",
    _("Xóa hoặc ẩn danh hồ sơ hết thời hạn lưu"),
    fields=["job", "mode", "persons", "state", "blocked"],
)
PERSON_ERASE = register("person.erase", _("Xóa hoặc ẩn danh một hồ sơ"), fields=["job", "mode"])
DEADLINE_RULE_CHANGE = register(
    "deadline_rule.change",
    _("Sửa quy tắc thời hạn"),
    fields=["kind", "step", "old", "new"],
    justification=True,
)
# --- Reads, searches, exports, downloads and denials ---
RECORD_READ = register("record.read", _("Xem hồ sơ nhạy cảm"))
RECORD_UNMASK = register("record.unmask", _("Xem trường thông tin nhạy cảm"), fields=["field"])
SEARCH = register(
    "search", pgettext_lazy("audit event", "Tìm kiếm"), fields=["results", "api"], searches=["q"]
)
# `criteria` are the export's filters without the search text, which goes to `q` (older events kept all the
# filters, search text included, in `filters`: shown only with the object, like any undeclared key).
EXPORT = register("export", _("Xuất dữ liệu"), fields=["format", "criteria", "rows"], searches=["q"])
DOWNLOAD = register(
    "download", _("Tải tệp"), fields=["version", "rendition", "type", "sha256", "watermarked"]
)
# Legacy only: no code writes `print` since the preview is audited as what was served (`document.preview`);
# the type stays registered so that older events keep their label and declared fields.
PRINT_VIEW = register("print", _("Xem bản in"), fields=["version", "sha256", "watermarked"])
DOCUMENT_PREVIEW = register(
    "document.preview",
    _("Xem trước tài liệu (bản đóng dấu người xem)"),
    fields=["version", "rendition", "type", "sha256", "watermarked"],
)
ACCESS_DENIED = register("access.denied", _("Truy cập bị từ chối"), fields=["attempted", "path"])
# --- Grants and break-glass ---
GRANT_CREATE = register(
    "access.grant",
    _("Cấp quyền truy cập có thời hạn"),
    fields=["agency", "action", "expires_at"],
    justification=True,
)
GRANT_REVOKE = register(
    "access.grant_revoke", _("Thu hồi quyền truy cập"), fields=["count"], justification=True
)
BREAK_GLASS = register(
    "access.break_glass", _("Truy cập khẩn cấp (phá kính)"), fields=["minutes"], justification=True
)
# --- The audit itself ---
AUDIT_CHECKPOINT = register(
    "audit.checkpoint", _("Ký điểm kiểm tra chuỗi nhật ký"), fields=["seq", "head_hash"]
)
AUDIT_PRUNE = register(
    "audit.prune", _("Xóa nhật ký hết thời hạn lưu"), fields=["through_seq", "anchor_hash", "count", "before"]
)
AUDIT_VERIFY = register(
    "audit.verify",
    _("Kiểm tra tính toàn vẹn nhật ký"),
    fields=["checked", "first_bad_seq", "problem", "head_seq", "covered_seq", "copy_lines"],
)
