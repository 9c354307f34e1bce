"""Background text extraction of an uploaded version (so an upload returns at once), in a memory-capped child
process (extraction.extract_isolated) so that no file can take the worker down with it."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from phoihop.audit.background import request_id, task
from phoihop.documents import storage
from phoihop.documents.extraction import extract_isolated
from phoihop.documents.models import DocumentVersion
from phoihop.search.folding import fold_vi

logger = logging.getLogger(__name__)

# PostgreSQL caps a tsvector at 1 MB: the searchable folded text is bounded (the full text is kept).
INDEXED_CHARS = 300_000


@task(retries=1, retry_delay=30)
def extract_text(version_id: Any) -> str:
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    try:
        result = extract_isolated(
            storage.read_plain(version.blob), version.content_type, memory_mb=settings.EXTRACTION_MEMORY_MB
        )
    except Exception:  # a blob we cannot read or a child we cannot start: marked, never retried for ever
        logger.exception(
            "text extraction of document version %s failed (request %s)", version.pk, request_id()
        )
        result = None
    if result is None or result.status == "failed":
        if result is not None:
            rid = request_id()
            logger.warning("text extraction of document version %s failed (request %s)", version.pk, rid)
        DocumentVersion.objects.filter(pk=version.pk).update(extraction="failed")
        return "failed"
    DocumentVersion.objects.filter(pk=version.pk).update(
        text=result.text,
        text_folded=fold_vi(result.text)[:INDEXED_CHARS],
        extraction=result.status,
        ocr_confidence=result.confidence,
        review_pages=",".join(map(str, result.review_pages))[:200],
    )
    return result.status
