"""REST API of documents: `cases/{id}/documents/` (list, upload), `documents/{id}/` (one record, an audited
read) and `documents/{id}/download/`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedQuerysetMixin
from phoihop.access.policy import Action, restrict
from phoihop.audit.services import audit_denied
from phoihop.cases.models import Case
from phoihop.documents import services
from phoihop.documents.api.serializers import (
    DocumentSerializer,
    GenerateSerializer,
    SignSerializer,
    TemplateSerializer,
    UploadSerializer,
)
from phoihop.documents.http import file_response
from phoihop.documents.models import Document
from phoihop.documents.uploads import DOCX, JPEG, PDF, PNG, TEXT, TIFF, XLSX

# The file's own type, as detected by content when it was uploaded (the upload accepts nothing else).
DOWNLOAD_TYPES = tuple(kind.content_type for kind in (PDF, DOCX, XLSX, PNG, JPEG, TIFF, TEXT))


def _case_or_404(request: Request, case_id: Any) -> Case:
    case = restrict(Case.objects.all(), request.user, Action.VIEW).filter(pk=case_id).first()
    if case is None:
        audit_denied(
            actor=request.user,
            object_type="cases.case",
            object_id=str(case_id),
            attempted="view",
            path=request.path,
        )
        raise exceptions.NotFound("Không tìm thấy.")
    return case


class CaseDocumentsView(RestrictedQuerysetMixin, generics.ListAPIView):
    """Documents of a case the caller may see (each within the caller's clearance); POST uploads one
    (multipart: file, title, doc_type, classification…)."""

    queryset = (
        Document.objects.select_related("owner_agency", "paper", "paper__number")
        .prefetch_related("versions")
        .order_by("-created_at")
    )
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        case = _case_or_404(self.request, self.kwargs["case_id"])
        return super().get_queryset().filter(case=case)

    @extend_schema(request=UploadSerializer, responses={201: DocumentSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = _case_or_404(request, case_id)
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            document = services.document_add(actor=request.user, case=case, **data.to_kwargs())
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDetailView(AuditedRetrieveMixin, RestrictedQuerysetMixin, generics.RetrieveAPIView):
    """One document the caller may see, with its versions; the read is audited like a download."""

    queryset = Document.objects.select_related(
        "owner_agency", "case", "person", "paper", "paper__number"
    ).prefetch_related("versions")
    serializer_class = DocumentSerializer
    lookup_field = "pk"
    lookup_url_kwarg = "id"

    def record_read(self, obj: Document) -> None:
        services.document_read(actor=self.request.user, document=obj)


class DocumentDownloadView(RestrictedQuerysetMixin, generics.GenericAPIView):
    """The file, decrypted as it streams (PDFs stamped with the caller's name and the time); audited."""

    queryset = Document.objects.all()
    access_action = Action.DOWNLOAD
    lookup_field = "pk"
    lookup_url_kwarg = "id"

    @extend_schema(responses={(200, *DOWNLOAD_TYPES): OpenApiTypes.BINARY})
    def get(self, request: Request, id: Any) -> HttpResponse | StreamingHttpResponse:
        document = self.get_object()
        assert isinstance(document, Document)
        # the current version, or — for a partner reading a paper its request carries — its stamped PDF
        versions = restrict(document.versions.all(), request.user, Action.DOWNLOAD).order_by(
            "-number", "rendition"
        )
        version = versions.first()
        if version is None:
            raise exceptions.NotFound("Không tìm thấy.")
        return file_response(version, services.open_for_download(actor=request.user, version=version))


def _answer(document_id: Any, code: int = status.HTTP_200_OK) -> Response:
    document = (
        Document.objects.select_related("owner_agency", "paper", "paper__number")
        .prefetch_related("versions")
        .get(pk=document_id)
    )
    return Response(DocumentSerializer(document).data, status=code)


class CaseTemplatesView(RestrictedQuerysetMixin, generics.GenericAPIView):
    """The templates a case offers to draft (the common ones and its kind's)."""

    serializer_class = TemplateSerializer
    pagination_class = None
    queryset = Case.objects.all()
    lookup_field = "pk"
    lookup_url_kwarg = "case_id"

    @extend_schema(responses={200: TemplateSerializer(many=True)})
    def get(self, request: Request, case_id: Any) -> Response:
        from phoihop.documents.generation import templates_for

        case = self.get_object()
        assert isinstance(case, Case)
        rows = [
            {"code": t.code, "label": str(t.label), "doc_type": t.doc_type, "type_name": t.type_name}
            for t in templates_for(case.kind).values()
        ]
        return Response(TemplateSerializer(rows, many=True).data)


class GenerateView(RestrictedQuerysetMixin, generics.GenericAPIView):
    """Draft a document from a template in the Party or the State regime: 201 with the draft (marked DỰ THẢO,
    without number or date; `paper.status` = draft). A case the caller may not change is a 404, like one that
    does not exist."""

    serializer_class = GenerateSerializer
    queryset = Case.objects.all()
    access_action = Action.CHANGE
    lookup_field = "pk"
    lookup_url_kwarg = "case_id"

    @extend_schema(request=GenerateSerializer, responses={201: DocumentSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.get_object()
        assert isinstance(case, Case)
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_generate(actor=request.user, case=case, **data.validated_data)
        return _answer(document.pk, status.HTTP_201_CREATED)


class SignView(RestrictedQuerysetMixin, generics.GenericAPIView):
    """A leader of the drafting agency signs the draft (the authority mark as the regime writes it, the
    position, the leader's own name); JSON confirms the generated file, multipart may carry the signed one."""

    serializer_class = SignSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Document.objects.all()
    access_action = Action.CHANGE
    lookup_field = "pk"
    lookup_url_kwarg = "id"

    @extend_schema(request=SignSerializer, responses={200: DocumentSerializer})
    def post(self, request: Request, id: Any) -> Response:
        document = self.get_object()
        assert isinstance(document, Document)
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        services.document_sign(
            actor=request.user,
            document=document,
            authority=data.validated_data["authority"],
            authority_of=data.validated_data["authority_of"],
            signer_title=data.validated_data["signer_title"],
            file_name=upload.name if upload else "",
            data=upload.read() if upload else None,
        )
        return _answer(document.pk)


class IssueView(RestrictedQuerysetMixin, generics.GenericAPIView):
    """The clerk issues a signed document: the number and the date are taken from the register now, and the
    final DOCX and PDF carry them (a new version)."""

    serializer_class = None
    queryset = Document.objects.all()
    access_action = Action.CHANGE
    lookup_field = "pk"
    lookup_url_kwarg = "id"

    @extend_schema(request=None, responses={200: DocumentSerializer})
    def post(self, request: Request, id: Any) -> Response:
        document = self.get_object()
        assert isinstance(document, Document)
        services.document_issue(actor=request.user, document=document)
        return _answer(document.pk)
