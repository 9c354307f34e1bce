"""`make bench` part `extraction`: the peak memory of the worst DOCX an upload accepts against a small one,
measured in the same run — in the web worker's upload check, and in the extraction child process.

The worst accepted DOCX holds as much XML as PHOIHOP_UPLOAD_MAX_EXPANDED_MB allows, packed as tightly as the
archive-bomb ratio lets through (just under MAX_ZIP_RATIO): the shape of the adversarial file of issue 12 (640
KB holding 60 MB of XML), at the limit.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import zipfile
from collections.abc import Callable
from typing import Any

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCUMENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{WORD}"><w:body>'
)
_DOCUMENT_TAIL = "</w:body></w:document>"
_BOOKMARK = f'<w:bookmarkStart w:id="0" w:name="{"_" * 400}"/><w:bookmarkEnd w:id="0"/>'


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def docx_package(body_xml: str | bytes, *, pad: int = 0) -> bytes:
    """A DOCX (python-docx's default package) whose body is
    `body_xml`, plus `pad` incompressible stored bytes."""
    from docx import Document

    base = io.BytesIO()
    Document().save(base)
    document = body_xml if isinstance(body_xml, bytes) else body_xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = document if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        if pad:
            target.writestr("word/media/image1.bin", os.urandom(pad), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def small_docx() -> bytes:
    body = _paragraph("Báo cáo kết quả xác minh") + _table(
        [["Họ và tên", "Năm sinh"], ["Nguyễn Văn Đức", "1975"]]
    )
    return docx_package(_DOCUMENT_HEAD + body + _DOCUMENT_TAIL)


def big_document_xml(size: int) -> bytes:
    """About `size` bytes of a Word document's XML: paragraphs of ordinary text, a numbered one and a table
    every 50. The text repeats at a period deflate packs only about 60:1; a long bookmark name (a run of one
    character, which extraction ignores) lets the whole pack beyond the archive-bomb ratio, as an attacker's
    file would."""
    text = _BOOKMARK + _paragraph(
        "Nội dung báo cáo xác minh nhân thân, quá trình công tác và quan hệ gia đình."
    )
    parts = [_DOCUMENT_HEAD]
    length, n = len(_DOCUMENT_HEAD), 0
    while length < size - 200:
        n += 1
        piece = text
        if n % 50 == 0:
            piece = _paragraph(f"Đoạn {n}.") + _table([[f"Dòng {n}", "Nguyễn Văn Đức", "1975"]])
        parts.append(piece)
        length += len(piece.encode())
    parts.append(_DOCUMENT_TAIL)
    return "".join(parts).encode()


def _sizes(data: bytes) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(m.file_size for m in archive.infolist()), sum(m.compress_size for m in archive.infolist())


def worst_docx(*, expanded: int, ratio: float) -> bytes:
    """A DOCX whose parts expand to just under `expanded` bytes with an expansion ratio just under `ratio`: as
    much XML as fits, and incompressible padding (an "image") as the XML alone packs tighter than the ratio
    allows."""
    budget, target = int(expanded * 0.99), ratio * 0.99
    xml_size = budget
    for _attempt in range(6):
        xml = big_document_xml(xml_size)
        total, packed = _sizes(docx_package(xml))
        pad = max(0, int((total - target * packed) / (target - 1)) + 1)
        if total + pad <= budget:
            return docx_package(xml, pad=pad)
        xml_size -= total + pad - budget + 4096
    raise ValueError("no DOCX fits these limits")


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def _peak_growth(job: Callable[[], Any], queue: Any) -> None:
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write(
            "5"
        )  # the peak (VmHWM) starts again from the current size: the fork's, not the parent's past
    start = _status_kb("VmRSS")
    job()
    queue.put(_status_kb("VmHWM") - start)


def _forked_peak_growth(job: Callable[[], Any]) -> int:
    """How much a forked copy of this process grows at its
    peak while running `job` (as a web worker would)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    process = ctx.Process(target=_peak_growth, args=(job, queue))
    process.start()
    growth = int(queue.get())
    process.join()
    return growth


def run() -> None:
    from django.conf import settings

    from phoihop.documents.extraction import extract_isolated
    from phoihop.documents.uploads import DOCX, MAX_ZIP_RATIO, MB, check_upload

    limit = settings.UPLOAD_MAX_EXPANDED_MB * MB
    small, worst = small_docx(), worst_docx(expanded=limit, ratio=MAX_ZIP_RATIO)
    with zipfile.ZipFile(io.BytesIO(worst)) as archive:
        total = sum(m.file_size for m in archive.infolist())
        xml = archive.getinfo("word/document.xml").file_size
    assert check_upload("worst.docx", worst).kind is DOCX, "the worst case must be an accepted file"
    print(
        f"  extraction: worst accepted DOCX {len(worst) / MB:.2f} MB holding {xml / MB:.0f} MB of XML "
        f"({total / MB:.0f} MB expanded, ratio {total / len(worst):.0f}; limits "
        f"{settings.UPLOAD_MAX_EXPANDED_MB} MB, {MAX_ZIP_RATIO}); small DOCX {len(small) / 1024:.0f} KB"
    )
    check_small = _forked_peak_growth(lambda: check_upload("small.docx", small))
    check_worst = _forked_peak_growth(lambda: check_upload("worst.docx", worst))
    print(
        f"    upload check in the web worker, peak growth: small {check_small / 1024:.1f} MB, worst "
        f"{check_worst / 1024:.1f} MB  (worst − small = {(check_worst - check_small) / 1024:.1f} MB; "
        f"target: bounded, < 50 MB)  {'OK' if check_worst - check_small < 50 * 1024 else 'ABOVE TARGET'}"
    )
    memory = settings.EXTRACTION_MEMORY_MB
    done_small = extract_isolated(small, DOCX.content_type, memory_mb=memory)
    done_worst = extract_isolated(worst, DOCX.content_type, memory_mb=memory)
    assert done_small.status == "done" and done_worst.status == "done", (done_small.status, done_worst.status)
    peak_small, peak_worst = done_small.peak_memory_kb or 1, done_worst.peak_memory_kb or 1
    print(
        f"    extraction child (limit {memory} MB), peak RSS: small "
        f"{peak_small / 1024:.1f} MB, worst {peak_worst / 1024:.1f} MB, ratio worst/small "
        f"{peak_worst / peak_small:.2f} ({len(done_worst.text):,} characters kept)  "
        f"(target: ≤ 3)  {'OK' if peak_worst / peak_small <= 3 else 'ABOVE TARGET'}"
    )
