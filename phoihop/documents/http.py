"""The HTTP answer for a document download, shared by the pages and the API."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse

from phoihop.documents.models import DocumentVersion

PREVIEWABLE = ("application/pdf", "image/png", "image/jpeg", "image/tiff")
# A preview is shown in a frame of the document page, on the same origin: the shell's `frame-ancestors 'none'`
# and `X-Frame-Options: DENY` would blank it. Only an inline answer may be framed, and only by this site; it
# runs no script and loads nothing (Chromium's PDF viewer is the browser's own, not content of the page).
PREVIEW_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


def file_response(
    version: DocumentVersion, body: Iterator[bytes] | bytes, *, inline: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A whole body (a stamped PDF) or a decrypted stream; never cached, never sniffed, named in UTF-8."""
    response: HttpResponse | StreamingHttpResponse
    if isinstance(body, bytes):
        response = HttpResponse(body, content_type=version.content_type)
    else:
        response = StreamingHttpResponse(body, content_type=version.content_type)
        response["Content-Length"] = str(version.size)
    disposition = "inline" if inline and version.content_type in PREVIEWABLE else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(version.filename)}"
    if disposition == "inline":
        response["Content-Security-Policy"] = PREVIEW_POLICY
        response["X-Frame-Options"] = "SAMEORIGIN"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
