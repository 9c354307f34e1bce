"""Page-number pagination with ?page= and ?page_size= (bounded)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = _("Trang không hợp lệ.")  # type: ignore[assignment]
