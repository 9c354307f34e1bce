"""For tests of any app: a generated draft taken through
signing and issuing, as the leader and the clerk do."""

from __future__ import annotations

from typing import Any

from phoihop.documents import services
from phoihop.documents.models import Document


def sign_and_issue(
    document: Document,
    *,
    leader: Any,
    clerk: Any,
    authority: str = "",
    authority_of: str = "Trưởng ban",
    signer_title: str = "Phó Trưởng ban",
) -> Document:
    services.document_sign(
        actor=leader,
        document=document,
        authority=authority,
        authority_of=authority_of if authority else None,
        signer_title=signer_title,
    )
    services.document_issue(actor=clerk, document=document)
    document.refresh_from_db()
    return document
