"""Background text extraction of an uploaded version (so an upload returns at once)."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from phoihop.documents import storage
from phoihop.documents.extraction import extract
from phoihop.documents.models import DocumentVersion
from phoihop.search.folding import fold_vi

# PostgreSQL caps a tsvector at 1 MB: the searchable folded text is bounded (the full text is kept).
INDEXED_CHARS = 300_000


@db_task(retries=1, retry_delay=30)
def extract_text(version_id: Any) -> str:
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    try:
        result = extract(storage.read_plain(version.blob), version.content_type)
    except Exception:  # a document we cannot read is marked, never retried for ever
        DocumentVersion.objects.filter(pk=version.pk).update(extraction="failed")
        return "failed"
    DocumentVersion.objects.filter(pk=version.pk).update(
        text=result.text, text_folded=fold_vi(result.text)[:INDEXED_CHARS], extraction=result.status,
        ocr_confidence=result.confidence, review_pages=",".join(map(str, result.review_pages))[:200],
    )  # fmt: skip
    return result.status
