"""The two regimes of official documents — the Party's (Hướng dẫn 36-HD/VPTW, 2018) and the State's (Nghị định
30/2020/NĐ-CP, Phụ lục I) — as data: the defaults below, each with its source, are what a `FormatRegime` row
starts as; an administrator edits the row (page "Thể thức văn bản", audited), never this file. The
verification of every rule, with the quoted sentence, is in docs/official-documents.md; a rule marked "CHƯA
KIỂM CHỨNG" (unverified) there is marked so here and on the page.

Also the arithmetic of numbering periods: a Party number runs from 01 within the term of the issuer's
committee (`Term` rows, per issuer or for every agency), a State number from 01 on 1 January of each year."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phoihop.documents.choices import DocFormat
from phoihop.documents.models import FormatRegime, Term

UNVERIFIED = "CHƯA KIỂM CHỨNG"
HD36 = "Hướng dẫn 36-HD/VPTW ngày 03/4/2018"
ND30 = "Nghị định 30/2020/NĐ-CP, Phụ lục I"

# the elements of a page whose size and style the typography rule sets
ELEMENTS = (
    "heading",  # ĐẢNG CỘNG SẢN VIỆT NAM / CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    "motto",  # Độc lập - Tự do - Hạnh phúc (State)
    "parent",
    "issuer",
    "number",
    "date",
    "type",
    "subject",
    "letter_subject",
    "addressee",
    "body",
    "recipients_label",
    "recipients",
    "authority",
    "position",
    "signer",
    "marks",
)
PLACEHOLDERS = {"number", "type", "issuer", "unit"}


def _t(size: int, bold: bool = False, italic: bool = False, underline: bool = False) -> dict[str, Any]:
    return {"size": size, "bold": bold, "italic": italic, "underline": underline}


DEFAULTS: dict[str, dict[str, Any]] = {
    DocFormat.PARTY: {
        "authority_marks": {"TM": "T/M", "KT": "K/T", "TL": "T/L", "Q": "Q.", "TUQ": ""},
        "number_prefix": "Số ",
        "number_width": 2,
        "symbol_pattern": "{number}-{type}/{issuer}",
        "letter_symbol_pattern": "{number}-CV/{issuer}",
        "period": "term",
        "classified_series": False,
        "date_pad_day_below": 10,
        "date_pad_months": "1,2",
        "letter_subject_prefix": "",
        "recipient_end": ",",
        "archive_line": "Lưu Văn phòng.",
        "member_title": "đồng chí",
        "typography": {
            "heading": _t(15, bold=True, underline=True),  # its rule, the length of the words
            "motto": _t(14, bold=True),
            "parent": _t(14),
            "issuer": _t(14, bold=True),
            "number": _t(14),
            "date": _t(14, italic=True),
            "type": _t(16, bold=True),
            "subject": _t(14, bold=True),
            "letter_subject": _t(12, italic=True),
            "addressee": _t(14),
            "body": _t(14),
            "recipients_label": _t(14, underline=True),
            "recipients": _t(12),
            "authority": _t(14, bold=True),
            "position": _t(14),
            "signer": _t(14, bold=True),
            "marks": _t(14, bold=True),
        },
        "margins_mm": {"top": 20, "bottom": 20, "left": 30, "right": 15},
        "sources": {
            "authority_marks": f"{HD36}, điểm 1.7.1 mục II (T/M, K/T); T/L, Q.: {UNVERIFIED}; "
            "không thấy dạng thừa ủy quyền",
            "number": f"{HD36}, điểm 1.3.1 mục II (từ số 01; Số không có dấu hai chấm theo mẫu Phụ lục 3)",
            "symbol": f"{HD36}, Phụ lục 3 (mẫu 127-QĐ/TW); công văn -CV/: {UNVERIFIED}",
            "period": f"{HD36}, điểm 1.3.1.a mục II (liên tục từ số 01 cho mỗi tên loại trong một nhiệm kỳ)",
            "classified": f"{HD36}, điểm 1.3.1.a mục II (số văn bản mật ghi liên tục với văn bản không mật)",
            "date": f"{HD36}, Phụ lục 3 (mẫu: ngày 20 tháng 02 năm 2018); câu quy định: {UNVERIFIED}",
            "typography": f"{HD36}, Phụ lục 3 (tiêu đề, cơ quan, số, ngày, tên loại, trích yếu, nội dung); "
            f"khối chữ ký, nơi nhận, lề: {UNVERIFIED}",
            "archive": f"{UNVERIFIED} (thường dùng: - Lưu Văn phòng …, không có dấu hai chấm)",
            "member": f"{UNVERIFIED} (cách dùng: gọi đảng viên là đồng chí)",
        },
    },
    DocFormat.STATE: {
        "authority_marks": {"TM": "TM.", "KT": "KT.", "TL": "TL.", "Q": "Q.", "TUQ": "TUQ."},
        "number_prefix": "Số: ",
        "number_width": 2,
        "symbol_pattern": "{number}/{type}-{issuer}",
        "letter_symbol_pattern": "{number}/{issuer}-{unit}",
        "period": "year",
        "classified_series": True,
        "date_pad_day_below": 10,
        "date_pad_months": "1,2",
        "letter_subject_prefix": "V/v ",
        "recipient_end": ";",
        "archive_line": "Lưu: VT, {unit}.",
        "member_title": "",
        "typography": {
            "heading": _t(12, bold=True),  # 12–13 allowed; 12 keeps the national title on one line
            "motto": _t(13, bold=True, underline=True),
            "parent": _t(13),
            "issuer": _t(13, bold=True),
            "number": _t(13),
            "date": _t(14, italic=True),
            "type": _t(14, bold=True),
            "subject": _t(14, bold=True),
            "letter_subject": _t(13),
            "addressee": _t(14),
            "body": _t(14),
            "recipients_label": _t(12, bold=True, italic=True),
            "recipients": _t(11),
            "authority": _t(14, bold=True),
            "position": _t(14, bold=True),
            "signer": _t(14, bold=True),
            "marks": _t(14, bold=True),
        },
        "margins_mm": {"top": 20, "bottom": 20, "left": 30, "right": 15},
        "sources": {
            "authority_marks": f"{ND30}, mục II khoản 7 điểm b (TM., Q., KT., TL., TUQ.)",
            "number": f"{ND30}, mục II khoản 3 điểm c (Số có dấu hai chấm; số nhỏ hơn 10 thêm số 0)",
            "symbol": f"{ND30}, mục II khoản 3 điểm b (công văn: cơ quan - đơn vị soạn thảo, không có CV)",
            "period": "Nghị định 30/2020/NĐ-CP, Điều 15 khoản 1 (từ số 01 ngày 01 tháng 01 đến 31 tháng 12)",
            "classified": "Nghị định 30/2020/NĐ-CP, Điều 15 khoản 2 (văn bản mật được cấp hệ thống số riêng)",
            "date": f"{ND30}, mục II khoản 4 điểm b (ngày nhỏ hơn 10 và tháng 1, 2 thêm số 0)",
            "typography": f"{ND30}, mục I–II và bảng mẫu chữ (Phần IV)",
            "archive": f"{ND30}, mục II khoản 9 điểm d (Lưu: VT, đơn vị soạn thảo.)",
            "member": "—",
        },
    },
}
FIELDS = tuple(DEFAULTS[DocFormat.PARTY])


def get_regime(code: str) -> FormatRegime:
    """The regime's rules as the administrator left them, or the defaults when never edited (unsaved)."""
    if code not in DEFAULTS:
        raise ValidationError({"regime": [_("Thể thức văn bản không hợp lệ.")]})
    row = FormatRegime.objects.filter(code=code).first()
    return row if row is not None else FormatRegime(code=code, **DEFAULTS[code])


def check(values: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with a regime's values, field by field (the page and the service refuse them all)."""
    errors: dict[str, list[str]] = {}
    for field in ("symbol_pattern", "letter_symbol_pattern", "archive_line"):
        text = str(values.get(field, ""))
        used = set(re.findall(r"\{(\w*)\}", text))
        if used - PLACEHOLDERS or text.count("{") != text.count("}"):
            errors[field] = [
                _("Chỉ dùng các trường {number}, {type}, {issuer}, {unit} trong dấu ngoặc nhọn.")
            ]
        elif field != "archive_line" and "number" not in used:
            errors[field] = [_("Mẫu số, ký hiệu phải có {number}.")]
    marks = values.get("authority_marks")
    if not isinstance(marks, dict) or set(marks) - set(DEFAULTS[DocFormat.STATE]["authority_marks"]):
        errors["authority_marks"] = [_("Dấu thẩm quyền chỉ gồm TM, KT, TL, Q, TUQ.")]
    elif any(not isinstance(v, str) or len(v) > 10 for v in marks.values()):
        errors["authority_marks"] = [_("Mỗi dấu thẩm quyền là chữ, tối đa 10 ký tự.")]
    typography = values.get("typography")
    if not isinstance(typography, dict) or set(typography) != set(ELEMENTS):
        errors["typography"] = [_("Cần đủ các thành phần: %(names)s.") % {"names": ", ".join(ELEMENTS)}]
    elif any(
        not isinstance(v, dict)
        or not isinstance(v.get("size"), int | float)
        or not 8 <= v["size"] <= 20
        or any(not isinstance(v.get(k, False), bool) for k in ("bold", "italic", "underline"))
        for v in typography.values()
    ):
        errors["typography"] = [_("Cỡ chữ từ 8 đến 20; bold, italic, underline là true hoặc false.")]
    margins = values.get("margins_mm")
    if not isinstance(margins, dict) or set(margins) != {"top", "bottom", "left", "right"}:
        errors["margins_mm"] = [_("Lề trang cần top, bottom, left, right (mm).")]
    elif any(not isinstance(v, int | float) or not 5 <= v <= 50 for v in margins.values()):
        errors["margins_mm"] = [_("Mỗi lề từ 5 đến 50 mm.")]
    months = str(values.get("date_pad_months", ""))
    if months and not all(m.strip().isdigit() and 1 <= int(m) <= 12 for m in months.split(",")):
        errors["date_pad_months"] = [_("Các tháng ghi bằng số từ 1 đến 12, cách nhau bởi dấu phẩy.")]
    if values.get("period") not in ("term", "year"):
        errors["period"] = [_("Kỳ đánh số là nhiệm kỳ hoặc năm.")]
    width = values.get("number_width")
    if not isinstance(width, int) or not 1 <= width <= 6:
        errors["number_width"] = [_("Số chữ số tối thiểu từ 1 đến 6.")]
    return errors


# --- formatting --------------------------------------------------------------------------------------------
def date_line(regime: FormatRegime, place: str, day: date | None) -> str:
    """ "Sơn Hà, ngày 05 tháng 3 năm 2026" (a day below `date_pad_day_below` and the listed months take a 0);
    a draft (no day yet) leaves the blanks the clerk fills in."""
    if day is None:
        blank = "\u00a0" * 6  # kept by HTML and Word alike: the clerk writes the date in
        return f"{place}, ngày{blank}tháng{blank}năm{blank}"
    months = {int(m) for m in regime.date_pad_months.split(",") if m.strip().isdigit()}
    d = f"{day.day:02d}" if day.day < regime.date_pad_day_below else str(day.day)
    m = f"{day.month:02d}" if day.month in months else str(day.month)
    return f"{place}, ngày {d} tháng {m} năm {day.year}"


def number_symbol(
    regime: FormatRegime, number: int | None, doc_type: str, issuer: str, unit: str = "", letter: bool = False
) -> str:
    """ "02-CV/BTCTU" (Party), "02/BTCTU-TCCB" (State công văn), "02/TB-BTCTU"; a draft's number is blank."""
    pattern = regime.letter_symbol_pattern if letter else regime.symbol_pattern
    shown = "\u00a0" * 6 if number is None else str(number).zfill(regime.number_width)
    text = pattern.format(number=shown, type=doc_type, issuer=issuer, unit=unit)
    return re.sub(r"[-/]+$", "", text)  # a công văn without a drafting unit: no dangling "-"


def archive_line(regime: FormatRegime, unit: str) -> str:
    text = regime.archive_line.format(number="", type="", issuer="", unit=unit)
    return re.sub(r",\s*\.$", ".", text.strip())  # "Lưu: VT, ." without a unit → "Lưu: VT."


# The provincial committee's terms for every agency without its own (also seeded by migration 0006): the
# 2025–2030 provincial congresses met in autumn 2025; 1 October is a default the administrator corrects to the
# day after the province's congress closed (HD 36-HD/VPTW, điểm 1.3.1.a).
DEFAULT_TERMS = (("2020-2025", date(2020, 10, 1)), ("2025-2030", date(2025, 10, 1)))


def ensure_terms() -> None:
    for name, start in DEFAULT_TERMS:
        Term.objects.get_or_create(issuer=None, starts_on=start, defaults={"name": name})


def period_for(regime: FormatRegime, issuer_id: Any, day: date) -> str:
    """The numbering period a document issued on `day` belongs to: the year (State) or the name of the
    issuer's committee's term then."""
    if regime.period == "year":
        return str(day.year)
    if not Term.objects.filter(issuer__isnull=True).exists():
        ensure_terms()
    # the term that started last on or before the day, among the agency's own and those set for every agency
    # (its own first on the same day): the period never goes back, so a number is never issued twice
    from django.db.models import Case, IntegerField, Q, Value, When

    terms = Term.objects.filter(Q(issuer_id=issuer_id) | Q(issuer__isnull=True), starts_on__lte=day)
    own_first = Case(When(issuer__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField())
    term = terms.annotate(own_last=own_first).order_by("-starts_on", "own_last").first()
    if term is None:
        raise ValidationError(
            {"term": [_("Chưa khai báo nhiệm kỳ cấp ủy cho ngày %(d)s.") % {"d": f"{day:%d/%m/%Y}"}]}
        )
    return term.name
