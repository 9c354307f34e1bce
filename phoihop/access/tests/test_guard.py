"""No API endpoint can skip the access policy: every view that serves model data restricts its queryset."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from phoihop.access.api import RestrictedQuerysetMixin

# Views that serve no model rows, or only the caller's own record.
NOT_MODEL_DATA = {
    "MeView",
    "CalendarDeadlineView",  # arithmetic on the public calendar; reads no case data
    "AuditVerifyView",
    "SpectacularAPIView",
    "DocsView",  # the Swagger UI page (drf-spectacular's split view, signing a browser in first)
    "APIRootView",
    "SearchView",  # every registered search source restricts before ranking; covered by the leak tests
}


def _views(resolver: URLResolver, prefix: str = "") -> list[tuple[str, type]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            cls = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
            if cls is not None:
                found.append((prefix + str(entry.pattern), cls))
    return found


def test_every_api_view_restricts_its_queryset():
    unguarded = [
        (route, cls.__name__)
        for route, cls in _views(get_resolver())
        if route.startswith("api/")
        and issubclass(cls, APIView)
        and cls.__name__ not in NOT_MODEL_DATA
        and not issubclass(cls, RestrictedQuerysetMixin)
    ]
    assert not unguarded, f"API views without the access policy: {unguarded}"
