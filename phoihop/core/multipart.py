"""Why an upload's body could not be read, in words for
people: Django's multipart parser speaks to developers.

Django reads at most 1 KB of headers per part of a multipart body (a guard against memory exhaustion). A file
part's header carries the file's name, so a name of roughly 900 bytes or more — about 900 unaccented or 300
accented Vietnamese letters — makes the whole body unreadable: nothing of the form is available, not even the
CSRF token. Such an upload is refused with this message; a shorter long name is read and cut to 120 characters
plus the extension of the detected type (`documents.uploads.safe_filename`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

_HEADER_TOO_LONG = (
    "header size exceeded"  # django.http.multipartparser: "Request max total header size exceeded."
)


def unreadable_upload_message(error: object) -> str:
    """The message for a MultiPartParserError (or DRF's ParseError that wraps one)."""
    if _HEADER_TOO_LONG in str(error):
        return _(
            "Tên tệp quá dài nên không đọc được tệp gửi lên (tên tệp tối đa khoảng 300 chữ có dấu). "
            "Hãy đổi tên tệp cho ngắn rồi tải lên lại."
        )
    return _("Không đọc được dữ liệu gửi lên: biểu mẫu tải tệp bị hỏng hoặc bị cắt giữa chừng. Hãy thử lại.")
