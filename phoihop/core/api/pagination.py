"""Pagination of API lists. `?page=` and `?page_size=` must be whole numbers in range: anything else is a 400
naming the parameter (DRF would silently fall back to the first page or the default size); a page past the
last one is a 404, as in DRF. The schema says the same (minimum, maximum, and the 400/404 answers: decision
"API errors")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.core.paging import CappedPaginator


def positive_int_param(request: Request, name: str, *, maximum: int | None = None) -> int | None:
    """The query parameter `name` as a whole number from 1 to `maximum`, None when absent; otherwise a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    value = raw.strip()
    number = int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 0
    if number < 1 or (maximum is not None and number > maximum):
        if maximum is None:
            message = gettext("Tham số %(name)s phải là số nguyên dương.") % {"name": name}
        else:
            message = gettext("Tham số %(name)s phải là số nguyên từ 1 đến %(max)d.") % {
                "name": name,
                "max": maximum,
            }
        raise ValidationError({name: [message]})
    return number


class PageNumberPagination(pagination.PageNumberPagination):
    """`count` stops at the list count cap (core/paging.py);
    `count_capped` says there are more rows than that."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    last_page_strings = ()  # `?page=last` is not part of the contract: pages are numbers
    invalid_page_message = _("Trang không hợp lệ.")  # type: ignore[assignment]

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        positive_int_param(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped  # type: ignore[union-attr]
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count"]["description"] = "Số dòng, đếm tối đa đến ngưỡng (xem count_capped)."
        out["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "Có nhiều dòng hơn `count` (danh sách chỉ đếm đến ngưỡng; hãy lọc hẹp hơn).",
        }
        out["required"] = [*out.get("required", []), "count_capped"]
        return out

    def get_page_size(self, request: Request) -> int:
        size = positive_int_param(request, "page_size", maximum=settings.API_MAX_PAGE_SIZE)
        return size or settings.PAGE_SIZE  # settings read when a list is served: one place for both caps

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    "Số trang, từ 1 (không phải số nguyên dương → 400; quá trang cuối → 404)."
                )
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE}
                parameter["description"] = (
                    f"Số dòng mỗi trang, 1–{settings.API_MAX_PAGE_SIZE} (ngoài khoảng → 400)."
                )
        return parameters
