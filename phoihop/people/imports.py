"""Importing persons from CSV or XLSX: every row validated and checked for duplicates (in the registry and
within the file) before anything is saved; then all rows in one transaction, or none.

Columns (Vietnamese headers as in the template; the English field names are accepted too):
Họ và tên*, Tên gọi khác, Ngày sinh, Năm sinh, Giới tính, Số CCCD, Số thẻ đảng viên, Dân tộc, Tôn giáo, Quê
quán, Nơi ở hiện nay, Mã tổ chức đảng, Chức vụ, Ngày vào Đảng, Ngày chính thức, Tình trạng, Họ tên bố, Căn cứ
đăng ký (a basis code or name), Số hồ sơ vụ việc. A row without a basis takes the import's basis (the page's
choice, or `--basis`, by default the member register of a unit the agency manages); a person outside the Party
needs a case.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from phoihop import tabular
from phoihop.audit import context
from phoihop.audit.services import audit_record
from phoihop.people import audit_events, services
from phoihop.people.bases import DEFAULT_IMPORT_BASIS
from phoihop.people.choices import PersonStatus, Sex
from phoihop.people.models import PartyUnit, RegistrationBasis
from phoihop.people.selectors import person_matches
from phoihop.search.folding import fold_vi, name_key
from phoihop.textsafety import control_character_problem
from phoihop.transactions import batch

logger = logging.getLogger(__name__)

HEADERS = {
    "ho va ten": "full_name",
    "full name": "full_name",
    "full_name": "full_name",
    "ten goi khac": "other_names",
    "other_names": "other_names",
    "ngay sinh": "birth_date",
    "birth_date": "birth_date",
    "nam sinh": "birth_year",
    "birth_year": "birth_year",
    "gioi tinh": "sex",
    "sex": "sex",
    "so cccd": "national_id",
    "national_id": "national_id",
    "so the dang vien": "party_card",
    "party_card": "party_card",
    "dan toc": "ethnicity",
    "ethnicity": "ethnicity",
    "ton giao": "religion",
    "religion": "religion",
    "que quan": "home_town",
    "home_town": "home_town",
    "noi o hien nay": "residence",
    "residence": "residence",
    "ma to chuc dang": "unit",
    "unit": "unit",
    "chuc vu": "position",
    "position": "position",
    "ngay vao dang": "party_joined_on",
    "party_joined_on": "party_joined_on",
    "ngay chinh thuc": "party_official_on",
    "party_official_on": "party_official_on",
    "tinh trang": "status",
    "status": "status",
    "ho ten bo": "father_name",
    "father_name": "father_name",
    "can cu dang ky": "basis",
    "basis": "basis",
    "so ho so vu viec": "case",
    "case": "case",
}
MAX_ROWS = 200_000
# The columns of the empty template, and how a row's error names a column.
TEMPLATE_COLUMNS = [
    ("full_name", "Họ và tên"),
    ("birth_date", "Ngày sinh"),
    ("birth_year", "Năm sinh"),
    ("sex", "Giới tính"),
    ("national_id", "Số CCCD"),
    ("party_card", "Số thẻ đảng viên"),
    ("home_town", "Quê quán"),
    ("residence", "Nơi ở hiện nay"),
    ("unit", "Mã tổ chức đảng"),
    ("position", "Chức vụ"),
    ("party_joined_on", "Ngày vào Đảng"),
    ("party_official_on", "Ngày chính thức"),
    ("status", "Tình trạng"),
    ("father_name", "Họ tên bố"),
    ("basis", "Căn cứ đăng ký"),
    ("case", "Số hồ sơ vụ việc"),
]
_COLUMN_LABELS = {
    **dict(TEMPLATE_COLUMNS),
    "other_names": "Tên gọi khác",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
}


@dataclass
class RowReport:
    line: int
    name: str
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportReport:
    rows: list[RowReport]
    saved: int = 0
    fatal: str = ""

    @property
    def invalid(self) -> list[RowReport]:
        return [r for r in self.rows if r.errors]

    @property
    def flagged(self) -> list[RowReport]:
        return [r for r in self.rows if r.duplicates and not r.errors]


class ImportError_(ValidationError):
    pass


def read_table(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows as {field: text}; unknown columns are an error
    (a typo in a header must not drop data silently)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # any corrupt workbook gets the same answer for the user; the log has why
            rid = context.current().request_id
            logger.warning("an import workbook could not be read (request %s)", rid, exc_info=True)
            raise ImportError_(_("Không đọc được tệp Excel: %(e)s") % {"e": type(exc).__name__}) from None
        table = [
            [
                "" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, datetime | date) else str(v))
                for v in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportError_(_("Tệp CSV phải dùng bảng mã UTF-8.")) from None
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportError_(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ImportError_(_("Tệp không có dòng dữ liệu nào."))
    header = [HEADERS.get(fold_vi(h).replace("*", "").strip()) or HEADERS.get(h.strip()) for h in table[0]]
    unknown = [table[0][i] for i, h in enumerate(header) if h is None and table[0][i].strip()]
    if unknown:
        raise ImportError_(_("Cột không nhận ra: %(cols)s") % {"cols": ", ".join(unknown)})
    if "full_name" not in header:
        raise ImportError_(_("Thiếu cột “Họ và tên”."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportError_(_("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": f"{MAX_ROWS:,}"})
    return [
        {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h} for row in table[1:]
    ]


def _parse(raw: dict[str, str], units: dict[str, PartyUnit]) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {}
    errors: list[str] = []
    for key, value in raw.items():
        if not value:
            continue
        problem = control_character_problem(value, multiline=False)  # the same rule as every form field
        if problem:
            errors.append(f"{_COLUMN_LABELS.get(key, key)}: {problem}")
            continue
        if key in ("birth_date", "party_joined_on", "party_official_on"):
            try:
                data[key] = datetime.strptime(value, "%d/%m/%Y").date()
            except ValueError:
                errors.append(_("%(v)s không phải ngày hợp lệ (dd/mm/yyyy).") % {"v": value})
        elif key == "birth_year":
            if value.isdigit():
                data[key] = int(value)
            else:
                errors.append(_("Năm sinh “%(v)s” không hợp lệ.") % {"v": value})
        elif key == "sex":
            sex = {"nam": Sex.MALE, "m": Sex.MALE, "nu": Sex.FEMALE, "f": Sex.FEMALE}.get(fold_vi(value))
            if sex is None:
                errors.append(_("Giới tính “%(v)s” không hợp lệ (Nam/Nữ).") % {"v": value})
            else:
                data[key] = sex
        elif key == "unit":
            unit = units.get(value.upper())
            if unit is None:
                errors.append(_("Không có tổ chức đảng mã %(v)s.") % {"v": value})
            else:
                data[key] = unit
        elif key == "status":
            by_label = {fold_vi(str(label)): code for code, label in PersonStatus.choices}
            status = value if value in PersonStatus.values else by_label.get(fold_vi(value))
            if status is None:
                errors.append(_("Tình trạng “%(v)s” không hợp lệ.") % {"v": value})
            else:
                data[key] = status
        else:
            data[key] = value
    return data, errors


def _row_basis(value: str, bases: dict[str, RegistrationBasis]) -> Any:
    """A row's basis column: a code or a name (any accents); unknown text stays text, and the service names it
    in its refusal."""
    return bases.get(value.strip().lower()) or bases.get(fold_vi(value)) or value


def validate(
    actor: Any,
    rows: list[dict[str, str]],
    progress: Callable[[int, int], None] | None = None,
    *,
    basis: Any = DEFAULT_IMPORT_BASIS,
    case: Any = None,
) -> ImportReport:
    units = {u.code: u for u in PartyUnit.objects.filter(valid_to__isnull=True)}
    bases = {key: b for b in RegistrationBasis.objects.all() for key in (b.code, fold_vi(b.label))}
    reports: list[RowReport] = []
    # The first line of the file holding each identifier; a later row with the same one is an error of that
    # row (a citizen ID and a Party card each belong to one person), reported by the dry run and skipped on
    # request.
    seen_ids: dict[str, dict[str, int]] = {"national_id": {}, "party_card": {}}
    seen_names: dict[tuple[str, Any], int] = {}
    for index, raw in enumerate(rows, start=2):
        data, errors = _parse(raw, units)
        report = RowReport(index, raw.get("full_name", ""), errors)
        father = data.pop("father_name", "")
        own_basis, own_case = data.pop("basis", None), data.pop("case", None)
        if own_basis:  # the row's own basis (and its case, if it is the case basis)
            row_basis, row_case = _row_basis(own_basis, bases), own_case
        elif own_case:  # a case alone: the case basis
            row_basis, row_case = None, own_case
        else:  # the import's basis and case
            row_basis, row_case = basis, case
        chosen, row_case, basis_errors = services.basis_problems(
            actor, basis=row_basis, case=row_case, status=data.get("status") or PersonStatus.MEMBER
        )
        report.errors += [m for msgs in basis_errors.values() for m in msgs]
        try:
            data = services.validated(data, actor=actor)
        except ValidationError as exc:
            report.errors += [m for msgs in exc.message_dict.values() for m in msgs]
        if not report.errors:
            born = data.get("birth_date")
            year = born.year if born else data.get("birth_year")
            key = (name_key(data["full_name"]), year)
            for column, message in (
                ("national_id", _("Trùng số CCCD với dòng %(n)d.")),
                ("party_card", _("Trùng số thẻ đảng viên với dòng %(n)d.")),
            ):
                if value := data.get(column):
                    if value in seen_ids[column]:
                        report.errors.append(message % {"n": seen_ids[column][value]})
                    else:
                        seen_ids[column][value] = index
            if not report.errors and key in seen_names and year:
                report.duplicates.append(
                    _("Trùng họ tên và năm sinh với dòng %(n)d trong tệp") % {"n": seen_names[key]}
                )
            seen_names.setdefault(key, index)
            for match in person_matches(
                actor,
                full_name=data["full_name"],
                birth_date=data.get("birth_date"),
                birth_year=data.get("birth_year"),
                party_card=data.get("party_card") or "",
                home_town=data.get("home_town", ""),
                father_name=father,
                limit=3,
            ):
                report.duplicates.append(
                    f"{match.person.full_name} ({match.person.birth_year or '—'}): {'; '.join(match.reasons)}"
                )
        report.data = {**data, "basis": chosen, "case": row_case}
        reports.append(report)
        if progress and (index - 1) % 500 == 0:
            progress(index - 1, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return ImportReport(reports)


def run_import(
    *,
    actor: Any,
    name: str,
    content: bytes,
    skip_invalid: bool = False,
    accept_duplicates: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    basis: Any = DEFAULT_IMPORT_BASIS,
    case: Any = None,
) -> ImportReport:
    """Validate every row; save all (or, with `skip_invalid`, the valid ones) in one transaction. Rows that
    look like someone already registered are not saved unless `accept_duplicates`. `basis` (a
    RegistrationBasis or its code) and `case` apply to rows that state no basis of their own."""
    if not services.can_register(actor):
        raise PermissionDenied(_("Vai trò của bạn không cập nhật sổ đăng ký cán bộ, đảng viên."))
    report = validate(actor, read_table(name, content), progress, basis=basis, case=case)
    blocked = [r for r in report.rows if r.errors or (r.duplicates and not accept_duplicates)]
    if dry_run or (blocked and not skip_invalid):
        return report
    with batch():  # every row's person_create, saved together or not at all
        saved = 0
        for row in report.rows:
            if row in blocked:
                continue
            try:
                services.person_create(actor=actor, confirm_distinct=True, **row.data)
            except ValidationError as exc:
                # Registered by someone else since the check: the file is not saved (the page shows why).
                raise ImportError_(
                    _("Dòng %(n)d: %(e)s Không lưu dòng nào.")
                    % {"n": row.line, "e": " ".join(m for msgs in exc.message_dict.values() for m in msgs)}
                ) from None
            saved += 1
        # the file's type, not its name (a file name is free text)
        kind = name.rsplit(".", 1)[-1].lower()[:10]
        audit_record(
            action=audit_events.PERSON_IMPORT,
            actor=actor,
            object_type="people.person",
            payload={"format": kind, "rows": len(report.rows), "saved": saved, "skipped": len(blocked)},
        )
    report.saved = saved
    return report


def template_csv() -> str:
    """The empty import file (header row only), byte-order
    mark included, from the product's one CSV writer."""
    return tabular.csv_text([label for _key, label in TEMPLATE_COLUMNS], [])
