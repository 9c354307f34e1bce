"""Reads of documents, always through the access policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from phoihop.access.policy import Action, restrict
from phoihop.cases.models import CoordinationRequest
from phoihop.documents.models import CopyRecord, Document, DocumentVersion, IssuedNumber, RequestEnclosure
from phoihop.search import fulltext
from phoihop.search.folding import fold_vi
from phoihop.search.registry import tiered


def visible(user: Any, action: str = Action.VIEW) -> QuerySet[Document]:
    return restrict(Document.objects.select_related("owner_agency", "created_by"), user, action)


def case_documents(user: Any, case: Any) -> QuerySet[Document]:
    return visible(user).filter(case=case).prefetch_related("versions").order_by("-created_at")[:200]


def request_documents(user: Any, req: Any) -> QuerySet[Document]:
    """The request's own papers and its reply's, and the case papers it carries to the partner."""
    return (
        visible(user)
        .filter(Q(request=req) | Q(pk__in=RequestEnclosure.objects.filter(request=req).values("document_id")))
        .annotate(carried=Exists(RequestEnclosure.objects.filter(request=req, document=OuterRef("pk"))))
        .prefetch_related("versions")
        .order_by("is_reply", "created_at")[:100]
    )


def carrying_request_id(user: Any, document: Document) -> Any:
    """A request the user may see that carries this paper: the partner's way back from it."""
    requests = restrict(CoordinationRequest.objects.all(), user, Action.VIEW).values("pk")
    return (
        RequestEnclosure.objects.filter(document=document, request__in=requests)
        .order_by("-added_at")
        .values_list("request_id", flat=True)
        .first()
    )


def person_documents(user: Any, person: Any) -> QuerySet[Document]:
    return visible(user).filter(person=person).prefetch_related("versions").order_by("-created_at")[:100]


TEXT_MATCHES = 500  # documents whose text matches, read before ordering


def search_documents(user: Any, q: str, limit: int = 20) -> list[Document]:
    """Titles (accent-insensitive substring) and extracted text (every word, any order, through the full-text
    index), among the documents the user may see."""
    folded = fold_vi(q)
    if not folded:
        return []
    texts = fulltext.match(DocumentVersion.objects.all(), "text_folded", [[w] for w in folded.split()])
    # evaluated here (bounded), not as a subquery: the SQLite match is written against the table's own name.
    # Read by key without the rule (tiered asks the policy once); past the bound, among the visible ones only.
    by_text = list(texts.values_list("document_id", flat=True)[:TEXT_MATCHES])
    if len(by_text) == TEXT_MATCHES:
        visible_texts = texts.filter(document__in=visible(user).values("pk"))
        by_text = list(visible_texts.values_list("document_id", flat=True)[:TEXT_MATCHES])
    # one index-backed query per condition, most exact first (search.registry.tiered), never an OR of them
    conditions = [Q(number_symbol__iexact=q.strip()), Q(title_folded__contains=folded), Q(pk__in=by_text)]
    documents = Document.objects.select_related("owner_agency", "created_by")
    return tiered(
        documents, conditions, ("-created_at",), limit, visible=lambda rows: restrict(rows, user, Action.VIEW)
    )


def issued_numbers(user: Any) -> QuerySet[IssuedNumber]:
    """The agency's outgoing register. `document_visible` says whether the user may see the numbered document:
    for a paper of a classified case outside the user's team the register shows its number and level only."""
    numbers = restrict(IssuedNumber.objects.select_related("register", "document", "issued_by"), user)
    seen = visible(user).filter(pk=OuterRef("document_id"))
    return numbers.annotate(document_visible=Exists(seen)).order_by("-issued_at")


def incoming(user: Any) -> QuerySet[Document]:
    """Documents other agencies sent to mine: attached to requests addressed to my agency."""
    return (
        visible(user)
        .filter(request__to_agency_id=user.agency_id, is_reply=False)
        .exclude(owner_agency_id=user.agency_id)
        .order_by("-created_at")
    )


def classified_copies(user: Any) -> QuerySet[CopyRecord]:
    return restrict(CopyRecord.objects.select_related("document", "recipient"), user).order_by(
        "document__created_at", "copy_number"
    )
