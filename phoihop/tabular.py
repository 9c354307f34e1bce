"""The one CSV writer and the one XLSX writer of the product;
every cell is made safe to open in a spreadsheet.

Imports Django only, so any app may use it (audit's exports do, and through them every export of users, events
and whatever comes next). Nothing else in phoihop writes a CSV or XLSX file (a test checks it).

What "safe" means, for a value that came from anyone — an id typed into a URL, a reason, a person's name:

- A text that a spreadsheet would run as a formula — its first non-blank character is `=`, `+`, `-` or `@` (or
  their full-width forms), or it starts with a tab or a line break — never becomes one. In CSV it is prefixed
  with an apostrophe, the spreadsheet convention for "this is text" (OWASP's CSV-injection advice). In XLSX it
  is written as a text cell with Excel's own "quote prefix" flag: the reader sees the exact text, and the cell
  stays text even when someone edits it.
- A text that is only a number (`-5`, `+84`, `0,5`) cannot compute anything and is left as it is.
- Numbers are written as numbers; dates and times as text in the Vietnamese order (dd/mm/yyyy, local time).
- Characters a workbook cannot hold or would hide (C0 controls, DEL, C1) are shown as visible symbols
  (`textsafety.printable`), so a stored control character can no longer make an export fail.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from phoihop.textsafety import printable

FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (or a DDE command) rather than as text."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    stripped = text.lstrip(" \u00a0\u3000")
    return bool(stripped) and stripped[0] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(stripped)


def cell_value(value: Any) -> Any:
    """A value as a cell holds it: numbers stay numbers, dates become dd/mm/yyyy text, None an empty cell,
    anything else its printable text (not yet neutralised: `csv_cell` and the XLSX writer do that)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return printable(str(value))


def csv_cell(value: Any) -> Any:
    """A cell for CSV: `cell_value`, and an apostrophe before a text a spreadsheet would run."""
    value = cell_value(value)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def write_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines, one at a time (stream them): UTF-8 byte-order mark first so Excel reads Vietnamese, then the
    header, then the rows; every cell through `csv_cell`."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A whole small CSV file as one string (with the byte-order mark)."""
    return "".join(write_csv(header, rows))


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, never empty."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("_", printable(title)).strip("'")[:31]
    return cleaned or "data"


def write_xlsx(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str = "data") -> bytes:
    """An XLSX workbook of one sheet (written in openpyxl's streaming mode): the header, then the rows. Text
    cells are always text (never a formula or an error code); formula-like text carries Excel's quote-prefix
    flag."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))

    def cells(values: Sequence[Any]) -> list[Any]:
        out = []
        for raw in values:
            value = cell_value(raw)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
                if is_formula_like(value):
                    cell.quotePrefix = True
            out.append(cell)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
