"""Serializers of the documents API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from phoihop.core.choices import Clearance
from phoihop.documents.choices import DocType
from phoihop.documents.models import Document, DocumentVersion


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = [
            "number",
            "rendition",
            "filename",
            "content_type",
            "size",
            "sha256",
            "extraction",
            "uploaded_at",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    request = serializers.UUIDField(source="request_id", read_only=True, allow_null=True)
    owner_agency = serializers.CharField(source="owner_agency.code", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "request",
            "is_reply",
            "doc_type",
            "title",
            "number_symbol",
            "issued_on",
            "issuer",
            "classification",
            "copy_number",
            "recall",
            "owner_agency",
            "created_at",
            "versions",
            "download",
        ]

    def get_download(self, obj: Document) -> str:
        return reverse("api:document-download", args=[obj.pk])


# As on the upload page (the column is a small integer:
# PostgreSQL refuses more than 32,767, SQLite stores anything).
COPY_NUMBER_MAX = 999
COPY_NUMBER_RANGE = _("Số bản phải từ 1 đến 999.")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=300)
    doc_type = serializers.ChoiceField(choices=DocType.choices, default=DocType.KHAC)
    number_symbol = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    classification = serializers.ChoiceField(choices=Clearance.choices, default=0)
    copy_number = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=COPY_NUMBER_MAX,
        error_messages={"min_value": COPY_NUMBER_RANGE, "max_value": COPY_NUMBER_RANGE},
    )
    recall = serializers.BooleanField(required=False, default=False)
    strip_metadata = serializers.BooleanField(required=False, default=False)

    def to_kwargs(self) -> dict[str, Any]:
        values = dict(self.validated_data)
        upload = values.pop("file")
        return {"file_name": upload.name, "data": upload.read(), **values}
