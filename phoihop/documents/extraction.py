"""Text from documents, for search: the PDF text layer, DOCX, XLSX, plain text; OCR of scans and images with
Tesseract and its Vietnamese data when installed (Debian: tesseract-ocr, tesseract-ocr-vie; poppler-utils to
render PDF pages), marking pages whose recognition confidence is low for a person to check."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MIN_CONFIDENCE = 70.0
MAX_TEXT = 2_000_000
OCR_PAGES = 50


@dataclass
class Extracted:
    text: str = ""
    status: str = "done"  # done, none, review, failed
    confidence: float | None = None
    review_pages: list[int] = field(default_factory=list)


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _tesseract(image_path: str) -> tuple[str, float]:
    """Text and mean word confidence of one image (Vietnamese + English models when present)."""
    langs = "vie+eng" if _has_vie() else "eng"
    out = subprocess.run(["tesseract", image_path, "stdout", "-l", langs, "tsv"], capture_output=True,  # noqa: S603,S607
                         timeout=300, check=False)  # fmt: skip
    words, confidences = [], []
    lines: dict[tuple[str, str, str], list[str]] = {}
    for row in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= 0:
            confidences.append(conf)
            words.append(cols[11])
            lines.setdefault((cols[2], cols[3], cols[4]), []).append(cols[11])
    text = "\n".join(" ".join(ws) for ws in lines.values())
    return text, (sum(confidences) / len(confidences) if confidences else 0.0)


def _has_vie() -> bool:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False)  # noqa: S607
    except OSError:
        return False
    return b"vie" in out.stdout


def _ocr_images(paths: list[str]) -> Extracted:
    texts, confidences, review = [], [], []
    for page, path in enumerate(paths, start=1):
        text, conf = _tesseract(path)
        texts.append(text)
        confidences.append(conf)
        if conf < MIN_CONFIDENCE:
            review.append(page)
    text = "\n\f".join(texts).strip()
    mean = sum(confidences) / len(confidences) if confidences else None
    if not text:
        return Extracted("", "none", mean, review)
    return Extracted(text, "review" if review else "done", mean, review)


def extract(data: bytes, content_type: str) -> Extracted:
    if content_type == "text/plain":
        return Extracted(data.decode("utf-8", "replace")[:MAX_TEXT])
    if content_type.endswith("wordprocessingml.document"):
        from docx import Document as Docx

        doc = Docx(io.BytesIO(data))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        text = "\n".join(p for p in parts if p.strip())
        return Extracted(text[:MAX_TEXT], "done" if text else "none")
    if content_type.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        parts = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells = [str(v) for v in row if v is not None]
                if cells:
                    parts.append(" ".join(cells))
                if sum(len(p) for p in parts) > MAX_TEXT:
                    break
        text = "\n".join(parts)
        return Extracted(text[:MAX_TEXT], "done" if text else "none")
    if content_type == "application/pdf":
        return _pdf(data)
    if content_type.startswith("image/"):
        if not ocr_available():
            return Extracted("", "none")
        with tempfile.NamedTemporaryFile(suffix=".img") as handle:
            handle.write(data)
            handle.flush()
            return _ocr_images([handle.name])
    return Extracted("", "none")


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [(page.extract_text() or "").strip() for page in reader.pages]
    text = "\n\f".join(pages).strip()
    if len(text) >= 20 * max(1, len(pages)) // 2:
        return Extracted(text[:MAX_TEXT])
    # no (or almost no) text layer: a scan
    if not (ocr_available() and shutil.which("pdftoppm")):
        return Extracted(text, "none" if not text else "done")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-l", str(OCR_PAGES), str(source),  # noqa: S603,S607
                        str(Path(folder) / "p")], capture_output=True, timeout=600, check=False)  # fmt: skip
        images = sorted(str(p) for p in Path(folder).glob("p*.png"))
        return _ocr_images(images)
