"""`search/?q=`: everything the caller may see, grouped by kind."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.audit import registry as audit_registry
from phoihop.audit.services import audit_record
from phoihop.search.registry import search_all


class SearchView(APIView):
    """The access policy is applied by each source before ranking and counting."""

    restricted_by_sources = True

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True)], responses=dict)
    def get(self, request: Request) -> Response:
        q = str(request.query_params.get("q", "")).strip()[:200]
        if not q:
            return Response(
                {"detail": "Cần nhập nội dung tìm kiếm (tham số q).", "errors": {"q": ["Bắt buộc."]}},
                status=400,
            )
        groups = search_all(request.user, q, 20)
        audit_record(
            action=audit_registry.SEARCH,
            actor=request.user,
            object_type="search",
            payload={"q": q, "results": sum(len(items) for _s, items in groups), "api": True},
        )
        return Response(
            {
                source.name: [{"title": i.title, "detail": i.detail, "url": i.url} for i in items]
                for source, items in groups
            }
        )
