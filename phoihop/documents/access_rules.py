"""Need-to-know for documents: a document is seen by whoever may see what it is attached to — the case (not a
request's own papers unless you may see the request), the request or its reply, the person's dossier — and
only within clearance (above it the document does not exist for the user). A case paper a request carries to
its partner is read by the partner through the request's grant only, and only as its stamped PDF. Changing a
document (new version, copies) is for its owner agency. Number registers are the issuing agency's own."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from phoihop.access.policy import NOTHING, Action, has_role, register
from phoihop.access.scopes import CONTENT_ROLES, agency_q, clearance_q, grant_q, rows_q, through_q
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.documents.models import (
    CopyRecord,
    Document,
    DocumentVersion,
    IssuedNumber,
    NumberRegister,
    OfficialPaper,
    RequestEnclosure,
)
from phoihop.people.models import Person


def _reach(user: Any) -> Q:
    """Through what a document is attached to."""
    return (
        (Q(request__isnull=True) & through_q(user, Case, "case"))
        | through_q(user, CoordinationRequest, "request")
        | (Q(case__isnull=True) & through_q(user, Person, "person"))
    )


def _carried(user: Any) -> Q:
    """Case papers a request carries to the user's agency, while the request's grant to answer lasts."""
    if not has_role(user, *CONTENT_ROLES):
        return NOTHING
    granted = CoordinationRequest.objects.filter(
        grant_q(user, CoordinationRequest, Action.RESPOND) & agency_q(user, "to_agency")
    ).values("pk")
    return Q(pk__in=RequestEnclosure.objects.filter(request__in=granted).values("document_id"))


def _not_others_draft(user: Any) -> Q:
    """A generated paper not yet issued (a draft, or signed and waiting for its number) is the drafting
    agency's own: the agencies that share the case see it once issued."""
    return Q(paper__isnull=True) | Q(paper__status="issued") | agency_q(user, "owner_agency")


def _issued_version_only(user: Any) -> Q:
    """Of an issued paper, other agencies read the issued version only (not the draft, not the signed copy it
    was stamped from)."""
    return (
        Q(document__paper__isnull=True)
        | Q(number=F("document__paper__issued_version"))
        | agency_q(user, "document__owner_agency")
    )


def _document(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.DOWNLOAD, Action.EXPORT):
        # a draft another agency drafted is seen only when a request carries it to the reader (for an opinion)
        return clearance_q(user) & ((_reach(user) & _not_others_draft(user)) | _carried(user))
    if action == Action.CHANGE and has_role(user, *CONTENT_ROLES):
        return (
            clearance_q(user)
            & agency_q(user, "owner_agency")
            & rows_q(Document.objects.filter(_document(user, Action.VIEW)), "pk")
        )
    return NOTHING


def _version(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.DOWNLOAD, Action.EXPORT):
        # a paper reached only as carried by a request is read only as its stamped PDF
        reached = rows_q(
            Document.objects.filter(clearance_q(user) & _reach(user) & _not_others_draft(user)), "document_id"
        ) & _issued_version_only(user)
        carried = rows_q(Document.objects.filter(clearance_q(user) & _carried(user)), "document_id")
        return reached | (carried & Q(content_type="application/pdf"))
    return through_q(user, Document, "document", action)


def _register(user: Any, action: Action) -> Q:
    if has_role(user, "clerk", "officer", "leader", "admin"):
        return agency_q(user, "issuer")
    return NOTHING


def _issued(user: Any, action: Action) -> Q:
    in_register = Q(register__in=NumberRegister.objects.filter(_register(user, action)).values("pk"))
    if action == Action.VIEW:
        return in_register  # the register lists every number; a hidden paper shows as number and level only
    # changing a number (cancelling it) needs the numbered paper itself, when there is one
    return in_register & (Q(document__isnull=True) | through_q(user, Document, "document", Action.CHANGE))


def _copy(user: Any, action: Action) -> Q:
    return through_q(user, Document, "document") & (
        agency_q(user, "document__owner_agency") | agency_q(user, "recipient")
    )


register(Document, _document)
register(DocumentVersion, _version)
register(NumberRegister, _register)
register(IssuedNumber, _issued)
register(CopyRecord, _copy)
# a generated paper's drafting record (its fields, signer, number) is seen and changed as its document is
register(OfficialPaper, lambda user, action: through_q(user, Document, "document", action))
