"""Audit API for auditors: the events (cursor-paginated, newest first) and chain verification."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import pagination, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.access.policy import can_audit
from phoihop.audit import registry
from phoihop.audit.api.serializers import AuditEventSerializer
from phoihop.audit.disclosure import disclose
from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import audit_verify
from phoihop.audit.services import audit_record


class EventCursorPagination(pagination.CursorPagination):
    """The audit table grows without end: page by sequence number, never COUNT it."""

    ordering = "-seq"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="iexact")
    agency = django_filters.CharFilter(field_name="agency_code", lookup_expr="iexact")
    since = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["action", "outcome", "object_type", "object_id", "related_id"]


class AuditEventViewSet(RestrictedReadOnlyViewSet):
    """Audit events the auditor may read (hub auditors: all agencies; others: their own agency)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    pagination_class = EventCursorPagination
    lookup_field = "seq"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        items = disclose(page or [], request.user)  # the page's objects resolved per type: no N+1
        return self.get_paginated_response(self.get_serializer(items, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = cast(AuditEvent, self.get_object())
        return Response(self.get_serializer(disclose([event], request.user)[0]).data)


VERIFY_RESULT = inline_serializer(
    "AuditVerifyResult",
    {
        "ok": serializers.BooleanField(),
        "checked": serializers.IntegerField(),
        "first_bad_seq": serializers.IntegerField(allow_null=True),
        "problem": serializers.CharField(),
        "checkpoints": serializers.IntegerField(),
        "covered_seq": serializers.IntegerField(
            allow_null=True, help_text="last event a signed checkpoint covers"
        ),
        "head_seq": serializers.IntegerField(help_text="the chain head: record it elsewhere"),
        "head_hash": serializers.CharField(),
        "copy_lines": serializers.IntegerField(
            allow_null=True, help_text="lines of the uploaded copy checked"
        ),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)


class AuditVerifyView(APIView):
    """Recompute the whole chain and check the signed checkpoints (auditors only). GET checks the local checkpoint
    file; POST (multipart, `against`: a copy of the checkpoint file kept off the machine) checks the copy as well."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=VERIFY_RESULT)
    def get(self, request: Request) -> Response:
        return self._verify(request, None)

    @extend_schema(
        request={"multipart/form-data": {"type": "object", "properties": {"against": {"type": "string", "format": "binary"}},
                                         "required": ["against"]}},
        responses=VERIFY_RESULT,
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        if not can_audit(request.user):
            raise Http404
        copy = request.FILES.get("against")
        if copy is None:
            raise ValidationError({"against": [gettext("Hãy gửi bản sao tệp điểm ký (trường against).")]})
        return self._verify(request, copy.read())

    def _verify(self, request: Request, against: bytes | None) -> Response:
        if not can_audit(request.user):
            raise Http404
        result = audit_verify(against=against)
        audit_record(
            action=registry.AUDIT_VERIFY, actor=request.user, outcome="allowed" if result.ok else "failed",
            payload={"checked": result.checked, "first_bad_seq": result.first_bad_seq, "head_seq": result.head_seq,
                     "covered_seq": result.covered_seq, "copy_lines": result.copy_lines},
        )  # fmt: skip
        return Response({"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq,
                         "problem": result.problem, "checkpoints": result.checkpoints, "covered_seq": result.covered_seq,
                         "head_seq": result.head_seq, "head_hash": result.head_hash, "copy_lines": result.copy_lines,
                         "notes": result.notes})  # fmt: skip
