"""What an uploaded office file may cost: its unpacked size is bounded by a setting, its XML is read as a
stream, and text extraction runs in a child process with a memory limit whose failure is a clean "failed"."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from phoihop.cases import services as case_services
from phoihop.core.tests.factories import UserFactory
from phoihop.documents import services
from phoihop.documents.bench import WORD, docx_package, small_docx, worst_docx
from phoihop.documents.extraction import MAX_TEXT, extract_isolated
from phoihop.documents.uploads import DOCX, MAX_ZIP_RATIO, MB, UploadRefused, check_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub):
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    return {"officer": officer, "case": case_services.case_open(actor=officer, title="Thẩm tra nhân sự B")}


def add(world, data, name):
    return services.document_add(
        actor=world["officer"], case=world["case"], file_name=name, data=data, title="Báo cáo"
    )


def expanded(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(m.file_size for m in archive.infolist())


def test_office_file_unpacking_beyond_the_setting_is_refused(world, settings):
    settings.UPLOAD_MAX_EXPANDED_MB = 4
    over = worst_docx(expanded=6 * MB, ratio=MAX_ZIP_RATIO)  # under the ratio, over the size
    assert expanded(over) > 4 * MB and expanded(over) / len(over) < MAX_ZIP_RATIO
    with pytest.raises(ValidationError, match="quá giới hạn 4 MB cho tệp DOCX/XLSX"):
        add(world, over, "lon.docx")
    under = worst_docx(expanded=4 * MB, ratio=MAX_ZIP_RATIO)
    assert check_upload("vua.docx", under).kind is DOCX


def test_office_file_declaring_a_document_type_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a '
        '"hahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><w:document '
        f'xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>&b;&b;&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(UploadRefused, match="DOCX bị hỏng"):
        check_upload("cuoi.docx", docx_package(laughs))


def test_docx_text_streams_in_document_order():
    result = extract_isolated(small_docx(), DOCX.content_type, memory_mb=64)
    assert result.status == "done"
    assert result.text == "Báo cáo kết quả xác minh\nHọ và tên | Năm sinh\nNguyễn Văn Đức | 1975"


def test_a_docx_at_the_size_limit_is_extracted_in_little_memory():
    """30 MB of XML: a DOM (python-docx, what extraction used) needs hundreds of MB; the stream fits in 64."""
    data = worst_docx(expanded=30 * MB, ratio=MAX_ZIP_RATIO)
    result = extract_isolated(data, DOCX.content_type, memory_mb=64)
    assert result.status == "done", result
    first = "Nội dung báo cáo xác minh nhân thân, quá trình công tác và quan hệ gia đình."
    assert result.text.startswith(first + "\n")
    assert "\nĐoạn 50.\nDòng 50 | Nguyễn Văn Đức | 1975\n" in result.text and len(result.text) == MAX_TEXT


def test_extraction_over_the_memory_limit_is_a_clean_failure(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EXTRACTION_MEMORY_MB = 64
    big = ("Nội dung báo cáo xác minh. " * (48 * MB // 32)).encode()[
        : 48 * MB
    ]  # the child must hold 48 MB of input
    with django_capture_on_commit_callbacks(execute=True):
        document = add(world, big, "lon.txt")
        small = add(world, "Nội dung ngắn".encode(), "nho.txt")
    version = document.current()
    version.refresh_from_db()
    assert version.extraction == "failed" and version.text == ""
    small_version = small.current()
    small_version.refresh_from_db()
    assert small_version.extraction == "done" and small_version.text == "Nội dung ngắn"  # the worker goes on
