"""Tabular exports (CSV, XLSX). Every export is recorded in the audit before a byte is sent."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.audit import registry
from phoihop.audit.services import audit_record

FORMATS = ("csv", "xlsx")
MAX_ROWS = 200_000


class ExportTooLargeError(ValueError):
    pass


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M:%S")
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def tabular_export(
    *, actor: Any, what: str, columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, Any]], fmt: str,
    filename: str, filters: Mapping[str, Any] | None = None, row_count: int | None = None,
) -> HttpResponse | StreamingHttpResponse:  # fmt: skip
    """Audit the export, then send `rows` as CSV (streamed, UTF-8 with BOM for Excel) or XLSX.

    `filters` are codes and identifiers, except `q`, a search text, which the event keeps under its own key."""
    if fmt not in FORMATS:
        raise ValueError(_("Định dạng xuất không hỗ trợ: %(fmt)s (chỉ csv hoặc xlsx).") % {"fmt": fmt})
    if row_count is not None and row_count > MAX_ROWS:
        raise ExportTooLargeError(
            _("Quá nhiều dòng để xuất (%(n)d; tối đa %(max)d). Hãy lọc hẹp hơn.")
            % {"n": row_count, "max": MAX_ROWS}
        )
    criteria = dict(filters or {})
    searched = criteria.pop("q", "")  # a search text: kept apart, shown only to auditors of the top clearance
    payload: dict[str, Any] = {"format": fmt, "criteria": criteria, "rows": row_count}
    if searched:
        payload["q"] = searched
    audit_record(action=registry.EXPORT, actor=actor, object_type=what, payload=payload)
    keys = [key for key, _label in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff" + writer.writerow([label for _key, label in columns])
            for row in rows:
                yield writer.writerow([_cell(row.get(key)) for key in keys])

        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            stream(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=what[:31] or "data")
        sheet.append([label for _key, label in columns])
        for row in rows:
            sheet.append([_cell(row.get(key)) for key in keys])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
