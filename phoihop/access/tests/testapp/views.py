"""Every way of seeing a dossier: list, search, count, detail, export, download (UI) and list/detail (API)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import serializers

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.access.masking import mask_dict
from phoihop.access.policy import Action, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.tests.testapp.models import Dossier
from phoihop.audit.exports import tabular_export


def _visible(request: HttpRequest, action: Action = Action.VIEW):  # type: ignore[no-untyped-def]
    qs = restrict(Dossier.objects.order_by("title"), request.user, action)
    q = request.GET.get("q", "")
    return qs.filter(title__icontains=q) if q else qs


def dossier_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("\n".join(d.title for d in _visible(request)))


def dossier_count(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"count": _visible(request).count()})


def dossier_detail(request: HttpRequest, pk: str) -> HttpResponse:
    dossier = get_visible_or_404(request, Dossier.objects.all(), Action.VIEW, pk=pk)
    data = mask_dict(
        request.user,
        dossier,
        {"title": dossier.title, "secret_note": dossier.secret_note},
        reveal=request.GET.getlist("reveal"),
    )
    return JsonResponse(data)


def dossier_read_then_fail(request: HttpRequest, pk: str) -> HttpResponse:
    """Opens the dossier (audited), then the page breaks while rendering."""
    from phoihop.audit.services import audit_read

    dossier = get_visible_or_404(request, Dossier.objects.all(), Action.VIEW, pk=pk)
    audit_read(actor=request.user, obj=dossier)
    raise RuntimeError("rendering failed after the read")


def dossier_download(request: HttpRequest, pk: str) -> HttpResponse:
    dossier = get_visible_or_404(request, Dossier.objects.all(), Action.DOWNLOAD, pk=pk)
    return HttpResponse(f"NỘI DUNG {dossier.title}".encode(), content_type="application/octet-stream")


def dossier_export(request: HttpRequest) -> HttpResponse:
    rows = ({"title": d.title} for d in _visible(request, Action.EXPORT))
    return tabular_export(
        actor=request.user, what="dossier", columns=[("title", "Tiêu đề")], rows=rows, fmt="csv", filename="d"
    )  # type: ignore[return-value]


class DossierSerializer(serializers.ModelSerializer[Dossier]):
    class Meta:
        model = Dossier
        fields = ["id", "title"]


class DossierViewSet(RestrictedReadOnlyViewSet):
    queryset = Dossier.objects.order_by("title")
    serializer_class = DossierSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = super().get_queryset()
        q = self.request.query_params.get("q")
        return qs.filter(title__icontains=q) if q else qs
