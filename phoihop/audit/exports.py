"""Tabular exports (CSV, XLSX). Every export is recorded in the audit before a byte is sent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from phoihop import tabular
from phoihop.audit import registry
from phoihop.audit.services import audit_record

FORMATS = ("csv", "xlsx")
MAX_ROWS = 200_000


class ExportTooLargeError(ValueError):
    pass


def tabular_export(
    *,
    actor: Any,
    what: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    filename: str,
    filters: Mapping[str, Any] | None = None,
    row_count: int | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """Audit the export, then send `rows` as CSV (streamed, UTF-8 with BOM for Excel) or XLSX.

    `filters` are codes and identifiers, except `q`, a
    search text, which the event keeps under its own key."""
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
    header = [label for _key, label in columns]
    values = ([row.get(key) for key in keys] for row in rows)
    # Every cell goes through the product's one CSV / XLSX writer (formula-like text neutralised, control
    # characters made visible): see phoihop/tabular.py.
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            tabular.write_csv(header, values), content_type=tabular.CSV_CONTENT_TYPE
        )
    else:
        response = HttpResponse(
            tabular.write_xlsx(header, values, title=what), content_type=tabular.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
