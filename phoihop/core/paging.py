"""Pages of lists with a bounded count (issue 15): nobody reads page 400 of a list, and counting every visible
row of a large table on every page view costs more than the page itself. A list counts at most
`LIST_COUNT_CAP` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`); past the cap it says "more than" and offers
the pages up to the cap, so the user narrows the filter instead."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


def count_cap() -> int:
    return int(getattr(settings, "LIST_COUNT_CAP", 1_000))


class CappedPaginator(Paginator):
    """A Django paginator whose `count` stops at the cap; `capped` says whether there were more rows."""

    def __init__(
        self, object_list: Any, per_page: int, *args: Any, cap: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap if cap is not None else count_cap()

    @cached_property
    def bounded(self) -> tuple[int, bool]:
        rows: Any = self.object_list
        # Counted without the list's order and without its computed columns (the deadline flags, say): only
        # whether up to cap + 1 rows pass the filters.
        total = (
            len(rows)
            if isinstance(rows, list | tuple)
            else rows.order_by().values("pk")[: self.cap + 1].count()
        )
        return min(total, self.cap), total > self.cap

    @cached_property
    def count(self) -> int:
        return self.bounded[0]

    @property
    def capped(self) -> bool:
        return self.bounded[1]


def page_of(request: Any, rows: Any, per_page: int, *, param: str = "page") -> Any:
    """The requested page of `rows` (the last one past the end,
    the first one for nonsense), counted to the cap."""
    return CappedPaginator(rows, per_page).get_page(request.GET.get(param))
