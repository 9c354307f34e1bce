"""Upload safety: the type comes from the content (magic bytes), never from the name; archive bombs, encrypted
PDFs and executables are refused with a reason; names are sanitised; image metadata can be stripped; an
optional virus scan (ClamAV's clamdscan when installed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.utils.translation import gettext as _

# Archive bombs: uncompressed / compressed. The expanded total is bounded by PHOIHOP_UPLOAD_MAX_EXPANDED_MB.
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 5000
MB = 1024 * 1024


class UploadRefused(Exception):
    pass


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


PDF = Kind("application/pdf", ".pdf", "PDF")
PNG = Kind("image/png", ".png", "PNG")
JPEG = Kind("image/jpeg", ".jpg", "JPEG")
TIFF = Kind("image/tiff", ".tif", "TIFF")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX")
TEXT = Kind("text/plain", ".txt", "TXT")
IMAGES = (PNG, JPEG, TIFF)


def sniff(head: bytes, data: bytes) -> Kind:
    """The kind of a file from its bytes; UploadRefused for anything not allowed."""
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head.startswith(b"#!"):
        raise UploadRefused(_("Tệp chương trình (ứng dụng, mã lệnh) không được phép tải lên."))
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        return _office(data)
    if b"\x00" not in data[:65536]:
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < 65532:  # not merely a multi-byte character cut at the sample's end
                raise UploadRefused(_("Định dạng tệp không được hỗ trợ.")) from None
        return TEXT
    raise UploadRefused(
        _("Định dạng tệp không được hỗ trợ (chỉ nhận PDF, DOCX, XLSX, ảnh PNG/JPEG/TIFF, văn bản).")
    )


def _office(data: bytes) -> Kind:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise UploadRefused(_("Tệp nén bị hỏng hoặc không đọc được.")) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRefused(_("Tệp nén có quá nhiều thành phần."))
    # Declared sizes: zipfile never unpacks more than a member declares (a lie fails its CRC check instead).
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total / packed > MAX_ZIP_RATIO:
        raise UploadRefused(_("Tệp nén bất thường (tỷ lệ giải nén quá lớn — có thể là “bom nén”)."))
    if total > settings.UPLOAD_MAX_EXPANDED_MB * MB:
        raise UploadRefused(
            _("Tệp khi giải nén lớn %(size)d MB, quá giới hạn %(limit)d MB cho tệp DOCX/XLSX.")
            % {"size": -(-total // MB), "limit": settings.UPLOAD_MAX_EXPANDED_MB}
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadRefused(_("Tệp có mật khẩu hoặc đã mã hóa; hãy gỡ mật khẩu trước khi tải lên."))
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    raise UploadRefused(_("Tệp nén (ZIP) không được phép; chỉ nhận DOCX và XLSX."))


def check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise UploadRefused(_("Tệp PDF bị hỏng, không đọc được.")) from None
    if encrypted:
        raise UploadRefused(_("Tệp PDF có mật khẩu hoặc đã mã hóa; hãy gỡ mật khẩu trước khi tải lên."))


def check_office(data: bytes, kind: Kind) -> None:
    """Every XML part of a DOCX or XLSX is well-formed and declares no document type — read as a stream, so
    the web worker's memory does not grow with the file (a DOM of 60 MB of XML took it from 178 MB to 1
    GB)."""
    from phoihop.documents.ooxml import NotOfficeXML, check_xml_parts

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_xml_parts(archive)
    except (NotOfficeXML, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        raise UploadRefused(_("Tệp %(kind)s bị hỏng, không mở được.") % {"kind": kind.label}) from None


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_filename(name: str, kind: Kind) -> str:
    """No directories, no control or reserved characters, no leading dots, a bounded length, and the extension
    of the detected kind (a .exe renamed .pdf that really is a PDF is stored as .pdf; the other way is
    refused)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", _UNSAFE.sub("_", base)).strip(" ._") or "tai-lieu"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:120].strip(" ._") or "tai-lieu") + kind.extension


def strip_image_metadata(data: bytes, kind: Kind) -> bytes:
    """The image redrawn without EXIF, XMP or comments (author, camera, GPS)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        clean = Image.new(image.mode, image.size)
        clean.paste(image)  # pixels only: EXIF, XMP and text chunks stay behind
        out = io.BytesIO()
        clean.save(
            out, format={"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}[kind.content_type]
        )
    return out.getvalue()


def virus_scan(data: bytes) -> None:
    """Runs ClamAV when configured or installed; refuses the file when it reports an infection."""
    command = settings.CLAMAV_COMMAND.split() if settings.CLAMAV_COMMAND else []
    if not command and shutil.which("clamdscan"):
        command = ["clamdscan", "--no-summary"]
    if not command:
        return
    result = subprocess.run([*command, "-"], input=data, capture_output=True, timeout=120, check=False)  # noqa: S603
    if result.returncode == 1:
        raise UploadRefused(_("Phần mềm diệt virus phát hiện mã độc trong tệp."))


@dataclass(frozen=True)
class Checked:
    data: bytes
    kind: Kind
    filename: str


def check_upload(name: str, data: bytes, *, strip_metadata: bool = False) -> Checked:
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if len(data) > limit:
        raise UploadRefused(_("Tệp lớn hơn giới hạn %(n)d MB.") % {"n": settings.UPLOAD_MAX_MB})
    if not data:
        raise UploadRefused(_("Tệp rỗng."))
    kind = sniff(data[:16], data)
    if kind is PDF:
        check_pdf(data)
    elif kind in (DOCX, XLSX):
        check_office(data, kind)
    if strip_metadata and kind in IMAGES:
        data = strip_image_metadata(data, kind)
    virus_scan(data)
    return Checked(data, kind, safe_filename(name, kind))
