"""The base of every object page: the object is fetched through the access policy and its opening is audited
before anything renders, so no page can forget either.

    class CaseDetailView(VisibleObjectView):
        queryset = Case.objects.all()
        lookup_url_kwarg = "case_id"

        def show(self, request, case):            # GET, after the read was audited
            return render(request, "cases/case_detail.html", {"case": case})

`dispatch` signs the visitor in (as `login_required`), refuses other methods (as `require_http_methods`), runs
`guard()` (a role check before any lookup, e.g. administrators only), then fetches `self.object` with
`get_visible_or_404` (an object out of scope is the audited 404 of one that does not exist). A GET audits the
read (`record_read`, committed before rendering even if the page then fails) and calls `show`; a view that
accepts POST defines `post` and finds the object in `self.object`. A page whose opening is not an audited read
(the audit trail's own events, an account in the administration) says why in `read_unaudited_because`. The API
twin is `access.api.AuditedRetrieveMixin`; `access/tests/test_object_views.py` checks every object URL is
built on one or the other, or exempted with a reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views import View

from phoihop.access.policy import Action
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.audit.services import audit_read


class VisibleObjectView(View):
    queryset: ClassVar[QuerySet[Any]]
    lookup_field: ClassVar[str] = "pk"
    lookup_url_kwarg: ClassVar[str]
    access_action: ClassVar[Action] = Action.VIEW
    read_unaudited_because: ClassVar[str] = ""  # empty: opening the page is an audited read
    http_method_names = ["get"]
    object: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (request.method or "").lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.guard(request)
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def guard(self, request: HttpRequest) -> None:
        """Checks made before the lookup (raise PermissionDenied):
        the same answer whether the object exists."""

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.all()

    def get_object(self) -> Any:
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg]}
        return get_visible_or_404(self.request, self.get_queryset(), self.access_action, **lookup)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.read_unaudited_because:
            self.object = self.record_read(self.object) or self.object
        return self.show(request, self.object)

    def record_read(self, obj: Any) -> Any:
        """Audit the opening (before rendering); a view whose service records more (a case's "viewed" line, a
        request marked received) calls it here and may return the object as that service left it."""
        audit_read(actor=self.request.user, obj=obj, related=self.read_related(obj))
        return None

    def read_related(self, obj: Any) -> Model | None:
        return None

    def show(self, request: HttpRequest, obj: Any) -> HttpResponse:  # pragma: no cover - subclasses implement
        raise NotImplementedError
