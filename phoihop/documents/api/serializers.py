"""Serializers of the documents API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phoihop.core.choices import Clearance
from phoihop.documents.choices import DocFormat, DocType
from phoihop.documents.models import Document, DocumentVersion, OfficialPaper


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


class PaperSerializer(serializers.ModelSerializer):
    """A generated document's drafting record: its template, regime, status, signer and issued number."""

    number = serializers.CharField(
        source="number.number_symbol", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = OfficialPaper
        fields = [
            "template",
            "regime",
            "status",
            "authority",
            "signer_title",
            "signer_name",
            "signed_at",
            "signed_upload",
            "issued_at",
            "number",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    request = serializers.UUIDField(source="request_id", read_only=True, allow_null=True)
    owner_agency = serializers.CharField(source="owner_agency.code", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    download = serializers.SerializerMethodField()
    paper = serializers.SerializerMethodField()

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
            "paper",
        ]

    def get_download(self, obj: Document) -> str:
        return reverse("api:document-download", args=[obj.pk])

    @extend_schema_field(PaperSerializer(allow_null=True))
    def get_paper(self, obj: Document) -> dict[str, Any] | None:
        """Read only where the view loaded it (`select_related("paper")`): never one query per row."""
        try:
            paper = obj.paper
        except OfficialPaper.DoesNotExist:
            return None
        return PaperSerializer(paper).data


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


AUTHORITIES = [("", "—"), ("TM", "TM"), ("KT", "KT"), ("TL", "TL"), ("TUQ", "TUQ"), ("Q", "Q")]


class GenerateSerializer(serializers.Serializer):
    """Draft a document from one of the case's templates (`GET …/documents/templates/` lists them) in a
    regime. The number, the date and the signer's name are not given: they are the register's and the
    signer's."""

    template = serializers.CharField(max_length=40)
    regime = serializers.ChoiceField(choices=DocFormat.choices)
    parent_issuer = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=100)
    subject_line = serializers.CharField(max_length=300)
    body = serializers.CharField(max_length=20000, style={"base_template": "textarea.html"})  # paragraphs
    recipients = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=30, default=list
    )
    addressee = serializers.CharField(
        max_length=1000,
        required=False,
        default="",
        allow_blank=True,
        style={"base_template": "textarea.html"},  # one addressee per line
    )
    symbol = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    unit = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    authority = serializers.ChoiceField(choices=AUTHORITIES, required=False, default="")
    authority_of = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    signer_title = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    classification = serializers.ChoiceField(choices=Clearance.choices, required=False, default=0)
    urgency = serializers.ChoiceField(
        choices=[("", "—"), ("khan", "khẩn"), ("thuong_khan", "thượng khẩn"), ("hoa_toc", "hỏa tốc")],
        required=False,
        default="",
    )


class SignSerializer(serializers.Serializer):
    """A leader signs a draft: JSON confirms the generated file; multipart may carry the signed file."""

    authority = serializers.ChoiceField(choices=AUTHORITIES, required=False, default="")
    authority_of = serializers.CharField(max_length=100, required=False, allow_blank=True, default=None)
    signer_title = serializers.CharField(max_length=100)
    file = serializers.FileField(required=False, allow_null=True, default=None)


class TemplateSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    doc_type = serializers.CharField()
    type_name = serializers.CharField()
