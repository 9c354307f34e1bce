"""Registration bases: the defaults, who keeps the registry, retention arithmetic, and what the registry needs
to know of cases — told by the cases app through `register_case_source()`, so this app imports no case code.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.access.policy import has_role
from phoihop.people.models import RegistrationBasis

CASE = "case"
LEGACY = "legacy"
MEMBER_REGISTER = "member-register"
DEFAULT_IMPORT_BASIS = (
    MEMBER_REGISTER  # what `phoihop import persons` uses when neither option nor column says
)

# code, label, for_case, allows_non_members, retention_months, active, source. Labels are data (an
# administrator edits them), like agency names; the retention periods are defaults an administrator must
# confirm (domain.md §4: stored only as long as the purpose needs).
DEFAULT_BASES: list[tuple[str, str, bool, bool, int, bool, str]] = [
    (
        CASE,
        "Người liên quan của hồ sơ vụ việc",
        True,
        True,
        120,
        True,
        "Hồ sơ vụ việc của cơ quan; lưu 10 năm sau khi hồ sơ kết thúc (thời hiệu kỷ luật dài nhất, Quy định "
        "69-QĐ/TW) — giá trị mặc định, cần cơ quan xác nhận",
    ),
    (
        MEMBER_REGISTER,
        "Danh sách đảng viên của tổ chức đảng do cơ quan quản lý",
        False,
        False,
        60,
        True,
        "Quản lý đảng viên của tổ chức đảng; lưu 5 năm sau khi không "
        "còn trong danh sách — giá trị mặc định, cần cơ quan xác nhận",
    ),
    (
        "managed-cadre",
        "Cán bộ thuộc diện cơ quan quản lý",
        False,
        False,
        60,
        True,
        "Phân cấp quản lý cán bộ (Quy định 377-QĐ/TW); lưu 5 năm sau khi "
        "thôi thuộc diện quản lý — giá trị mặc định, cần cơ quan xác nhận",
    ),
    (
        LEGACY,
        "Đăng ký trước khi ghi căn cứ (cần xác định lại)",
        False,
        True,
        0,
        False,
        "Tạo khi nâng cấp cho hồ sơ có trước quy định ghi căn cứ đăng ký; không chọn được cho đăng ký mới",
    ),
]


def ensure_defaults() -> None:
    """Create the default bases that are missing (migration `people 0007` seeds them; a flushed test database
    or an installation whose administrator deleted none still gets them back). Existing rows are left as
    edited."""
    for code, label, for_case, non_members, months, active, source in DEFAULT_BASES:
        if for_case and RegistrationBasis.objects.filter(for_case=True).exists():
            continue
        RegistrationBasis.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "for_case": for_case,
                "allows_non_members": non_members,
                "retention_months": months,
                "active": active,
                "source": source,
            },
        )


def case_basis() -> RegistrationBasis:
    """The built-in basis "subject of a case" (created from the defaults if a flushed database lacks it)."""
    found = RegistrationBasis.objects.filter(for_case=True).first()
    if found is None:
        ensure_defaults()
        found = RegistrationBasis.objects.get(for_case=True)
    return found


def is_registry_keeper(user: Any) -> bool:
    """The hub's registry keeper: a leader of the Organization Board. Leaders see the whole registry within
    their clearance (administrators and auditors see no person without break-glass), so they can judge a
    review."""
    agency = getattr(user, "agency", None)
    return has_role(user, "leader") and agency is not None and bool(agency.is_hub)


# --- retention arithmetic
# -------------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """`day` moved by `months` (negative: back), the day of
    month clamped (31/03 − 1 month = 28/02 or 29/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def live_bases_q(today: date) -> Q:
    """Person bases that still keep a person: current ones, and lapsed ones still inside their basis's
    retention period. The periods are read now, so an administrator's change applies at once (there are a
    handful)."""
    live = Q(lapsed_on__isnull=True)
    for basis_id, months in RegistrationBasis.objects.values_list("pk", "retention_months"):
        live |= Q(basis_id=basis_id, lapsed_on__gt=add_months(today, -months))
    return live


def format_period(months: int) -> tuple[int, str]:
    """(number, unit) for showing a retention period: whole years as years."""
    return (months // 12, "years") if months and months % 12 == 0 else (months, "months")


# --- what the cases app tells the registry
# --------------------------------------------------------------------
@dataclass(frozen=True)
class CaseSource:
    """Registered by the cases app. `choosable(user)`: the open cases the user may see (a case basis may name
    only one of those); `find(user, reference)`: such a case by its number or id, or None; `open_subjects()`:
    the ids of persons who are subjects of a case not yet closed (they are never erased)."""

    choosable: Callable[[Any], QuerySet[Any]]
    find: Callable[[Any, str], Any]
    open_subjects: Callable[[], QuerySet[Any]]


_CASES: list[CaseSource] = []


def register_case_source(source: CaseSource) -> None:
    _CASES[:] = [source]


def case_source() -> CaseSource | None:
    return _CASES[0] if _CASES else None
