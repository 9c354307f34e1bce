"""The audit event types of the people app: persons, dossiers, Party units, registration bases, identifier
holds and retention (what each payload may hold: audit/registry.py).

Registered when first imported; the app's `ready()` imports this module so that every type exists before any
event is read or written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.audit.registry import register

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
