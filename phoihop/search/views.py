"""The global search page: everything the user may see, grouped by kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phoihop.audit import registry as audit_registry
from phoihop.audit.services import audit_record
from phoihop.search.registry import search_all


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    groups = search_all(request.user, q, 10) if q else []
    if q:
        audit_record(
            action=audit_registry.SEARCH,
            actor=request.user,
            object_type="search",
            payload={"q": q, "results": sum(len(items) for _s, items in groups)},
        )
    return render(request, "search/results.html", {"q": q, "groups": groups})
