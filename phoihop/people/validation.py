"""Checks of personal particulars: the 12-digit citizen ID (CCCD), Party card numbers, names and dates."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from phoihop.search.folding import name_problem

# Province codes of the citizen-ID number (Thông tư 59/2021/TT-BCA, the 63 provinces before 2025).
PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)


def cccd_problem(number: str, *, birth_year: int | None = None, sex: str = "") -> str | None:
    """Why `number` is not a valid CCCD for this person, or None. Digits 1–3: province; digit 4: century and
    sex (0/1 = 1900s male/female, 2/3 = 2000s …); digits 5–6: the last two digits of the birth year."""
    if len(number) != 12 or not number.isdigit():
        return _("Số CCCD phải gồm đúng 12 chữ số.")
    if number[:3] not in PROVINCE_CODES:
        return _("Ba chữ số đầu của số CCCD (%(code)s) không phải mã tỉnh, thành phố.") % {"code": number[:3]}
    if birth_year is not None:
        century = int(number[3]) // 2
        if 1900 + 100 * century + int(number[4:6]) != birth_year:
            return _("Số CCCD không khớp năm sinh %(year)d (chữ số thứ 4–6 mã hóa thế kỷ và năm sinh).") % {
                "year": birth_year
            }
        if sex in ("M", "F") and int(number[3]) % 2 != (1 if sex == "F" else 0):
            return _("Số CCCD không khớp giới tính (chữ số thứ 4 chẵn là nam, lẻ là nữ).")
    return None


def normalise_party_card(value: str) -> str:
    return "".join(ch for ch in value if ch not in " .-")


def party_card_problem(value: str) -> str | None:
    if not value.isdigit() or not 6 <= len(value) <= 12:
        return _("Số thẻ đảng viên chỉ gồm 6–12 chữ số.")
    return None


def person_name_problem(value: str) -> str | None:
    why = name_problem(value)
    if why is None:
        return None
    return {
        "control": _("Họ tên chứa ký tự điều khiển không hợp lệ."),
        "markup": _("Họ tên không được chứa ký hiệu như < > { } [ ] ; $."),
        "digits": _("Họ tên không được chứa chữ số."),
        "empty": _("Cần ghi họ và tên."),
    }[why]


def date_problems(
    *,
    birth_date: date | None,
    birth_year: int | None,
    joined: date | None,
    official: date | None,
    today: date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    year = birth_date.year if birth_date else birth_year
    if birth_date and birth_date > today:
        errors["birth_date"] = _("Ngày sinh không thể ở tương lai.")
    if year is not None and not 1900 <= year <= today.year:
        errors["birth_year"] = _("Năm sinh phải từ 1900 đến năm nay.")
    if birth_date and birth_year and birth_date.year != birth_year:
        errors["birth_year"] = _("Năm sinh không khớp ngày sinh.")
    if joined:
        if joined > today:
            errors["party_joined_on"] = _("Ngày vào Đảng không thể ở tương lai.")
        elif year is not None and joined.year - year < 18:
            errors["party_joined_on"] = _("Ngày vào Đảng phải sau khi đủ 18 tuổi.")
    if official:
        if joined is None:
            errors["party_official_on"] = _("Cần ngày vào Đảng trước khi ghi ngày chính thức.")
        elif official < joined:
            errors["party_official_on"] = _("Ngày chính thức không thể trước ngày vào Đảng.")
        elif official > today:
            errors["party_official_on"] = _("Ngày chính thức không thể ở tương lai.")
    return errors
