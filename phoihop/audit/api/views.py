"""Audit API for auditors: the events (cursor-paginated, newest first) and chain verification."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import django_filters
from django import forms
from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
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
    """The audit table grows without end: page by sequence number, never COUNT it. `?page_size=` is a whole
    number from 1 to 1,000 or a 400, an unreadable `?cursor=` a 404 (the same contract as core's page-number
    pagination, which audit cannot import)."""

    ordering = "-seq"
    page_size_query_param = "page_size"

    invalid_cursor_message = _("Con trỏ trang không hợp lệ.")  # type: ignore[assignment]

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get("page_size")
        if raw is None:
            return settings.AUDIT_API_PAGE_SIZE
        value = raw.strip()
        number = int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 0
        if not 1 <= number <= settings.AUDIT_API_MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    "page_size": [
                        gettext("Tham số %(name)s phải là số nguyên từ 1 đến %(max)d.")
                        % {"name": "page_size", "max": settings.AUDIT_API_MAX_PAGE_SIZE}
                    ]
                }
            )
        return number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "page_size":
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": settings.AUDIT_API_MAX_PAGE_SIZE,
                }
        return parameters


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, handed to the database in UTC: Python accepts offsets up to ±23:59, PostgreSQL
    only ±15:59 (a 500 before), and an instant with no UTC date (9999-12-31T23:00-05:00) is a 400."""

    def to_python(self, value: Any) -> datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="iexact")
    agency = django_filters.CharFilter(field_name="agency_code", lookup_expr="iexact")
    since = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    until = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

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


VERIFY_RESPONSES = {
    200: VERIFY_RESULT,
    404: OpenApiResponse(description="Không phải kiểm tra viên (trả lời như một địa chỉ không có)."),
}


class AuditVerifyView(APIView):
    """Recompute the whole chain and check the signed checkpoints (auditors only). GET checks the local
    checkpoint file; POST (multipart, `against`: a copy of the checkpoint file kept off the machine) checks
    the copy as well."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=VERIFY_RESPONSES)
    def get(self, request: Request) -> Response:
        return self._verify(request, None)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"against": {"type": "string", "format": "binary"}},
                "required": ["against"],
            }
        },
        responses=VERIFY_RESPONSES,
    )
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
            action=registry.AUDIT_VERIFY,
            actor=request.user,
            outcome="allowed" if result.ok else "failed",
            payload={
                "checked": result.checked,
                "first_bad_seq": result.first_bad_seq,
                "head_seq": result.head_seq,
                "covered_seq": result.covered_seq,
                "copy_lines": result.copy_lines,
            },
        )
        return Response(
            {
                "ok": result.ok,
                "checked": result.checked,
                "first_bad_seq": result.first_bad_seq,
                "problem": result.problem,
                "checkpoints": result.checkpoints,
                "covered_seq": result.covered_seq,
                "head_seq": result.head_seq,
                "head_hash": result.head_hash,
                "copy_lines": result.copy_lines,
                "notes": result.notes,
            }
        )
