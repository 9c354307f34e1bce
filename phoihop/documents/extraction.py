"""Text from documents, for search: the PDF text layer, DOCX, XLSX, plain text; OCR of scans and images with
Tesseract and its Vietnamese data when installed (Debian: tesseract-ocr, tesseract-ocr-vie; poppler-utils to
render PDF pages), marking pages whose recognition confidence is low for a person to check.

Parsing a file someone uploaded is where memory runs away (a 640 KB DOCX held 60 MB of XML and took the
background worker to 1.4 GB), so `extract_isolated` runs `extract` in a child process: a fresh interpreter
(`python -m phoihop.documents.extraction`) that receives only the file's bytes on stdin — no Django, no keys,
no database connection, a minimal environment — caps its own address space with RLIMIT_AS before it reads
them, and answers in JSON on stdout. A child that runs out of memory or time, crashes or answers nonsense is a
clean "failed" for the caller. Tesseract and pdftoppm, started by the child, inherit its limit. This module
imports no Django for that reason.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

MIN_CONFIDENCE = 70.0
MAX_TEXT = 2_000_000
OCR_PAGES = 50
OCR_LONG_SIDE = 3508  # pixels: the long side of A4 at 300 dpi
# OCR of OCR_PAGES pages at 300 dpi on a slow shared machine;
# beyond this the child is killed and the file "failed".
CHILD_TIMEOUT_SECONDS = 3600
CHILD_MODULE = "phoihop.documents.extraction"  # this module, run as the child
EXIT_OUT_OF_MEMORY = 3
EXIT_UNREADABLE = 2

logger = logging.getLogger(__name__)


@dataclass
class Extracted:
    text: str = ""
    status: str = "done"  # done, none, review, failed
    confidence: float | None = None
    review_pages: list[int] = field(default_factory=list)
    peak_memory_kb: int | None = None  # of the child process that extracted it (for `make bench`)


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _tesseract(image_path: str) -> tuple[str, float]:
    """Text and mean word confidence of one image (Vietnamese + English models when present)."""
    langs = "vie+eng" if _has_vie() else "eng"
    out = subprocess.run(  # noqa: S603
        ["tesseract", image_path, "stdout", "-l", langs, "tsv"],  # noqa: S607
        capture_output=True,
        timeout=300,
        check=False,
    )
    if out.returncode != 0:  # out of memory (the child's limit applies) or an unreadable image: not "no text"
        raise RuntimeError(f"tesseract exit status {out.returncode}")
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
    """The text of a file, in this process (what the child
    runs; call `extract_isolated` from the application)."""
    if content_type == "text/plain":
        return Extracted(data[: MAX_TEXT * 4].decode("utf-8", "replace")[:MAX_TEXT])
    if content_type.endswith("wordprocessingml.document"):
        from phoihop.documents import ooxml

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = ooxml.docx_text(archive, limit=MAX_TEXT)  # streamed: memory does not grow with the XML
        return Extracted(text, "done" if text else "none")
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
        # Pages fit a box of OCR_LONG_SIDE pixels whatever their declared size: 300 dpi for A4, and a page
        # that claims to be a metre long cannot ask for a gigapixel bitmap.
        rendered = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pdftoppm",
                "-scale-to",
                str(OCR_LONG_SIDE),
                "-gray",
                "-png",
                "-l",
                str(OCR_PAGES),
                str(source),
                str(Path(folder) / "p"),
            ],
            capture_output=True,
            timeout=600,
            check=False,
        )
        images = sorted(str(p) for p in Path(folder).glob("p*.png"))
        if rendered.returncode != 0 and not images:
            raise RuntimeError(f"pdftoppm exit status {rendered.returncode}")
        return _ocr_images(images)


def _child_environment() -> dict[str, str]:
    """What the child needs and nothing else (no PHOIHOP_* secrets): where programs and phoihop are, UTF-8,
    one OpenMP thread for Tesseract (threads multiply its address space, and the machine's cores are
    shared)."""
    root = str(Path(__file__).resolve().parents[2])
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",
        "PYTHONPATH": root,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("TESSDATA_PREFIX", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def extract_isolated(
    data: bytes, content_type: str, *, memory_mb: int, timeout: float = CHILD_TIMEOUT_SECONDS
) -> Extracted:
    """`extract` in a child process limited to `memory_mb` of address space; "failed" if it cannot finish."""
    command = [sys.executable, "-s", "-m", CHILD_MODULE, content_type, str(memory_mb * 1024 * 1024)]
    child = subprocess.Popen(  # noqa: S603  (our own interpreter and module; the file's bytes go to stdin)
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_environment(),
        start_new_session=True,  # its own process group: a timeout ends Tesseract and pdftoppm with it
    )
    try:
        out, err = child.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        logger.warning("text extraction of a %s file took more than %d s; stopped", content_type, timeout)
        return Extracted("", "failed")
    if child.returncode != 0:
        why = "out of memory" if child.returncode == EXIT_OUT_OF_MEMORY else f"exit status {child.returncode}"
        logger.warning(
            "text extraction of a %s file failed in its child process (%s, limit %d MB): %s",
            content_type,
            why,
            memory_mb,
            err.decode("utf-8", "replace")[-500:].strip(),
        )
        return Extracted("", "failed")
    try:
        answer = json.loads(out)
        return Extracted(
            text=str(answer["text"])[:MAX_TEXT],
            status=str(answer["status"]),
            confidence=answer["confidence"],
            review_pages=[int(p) for p in answer["review_pages"]],
            peak_memory_kb=int(answer["peak_memory_kb"]),
        )
    except (ValueError, KeyError, TypeError):
        logger.warning("text extraction of a %s file: the child's answer was not readable", content_type)
        return Extracted("", "failed")


def peak_rss_kb() -> int:
    """This process's peak resident memory so far (Linux: VmHWM of /proc/self/status)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _child_main(argv: list[str]) -> int:
    """The child: cap the address space first, then read the file from stdin and print the result as JSON."""
    import resource

    content_type, limit = argv[0], int(argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = extract(sys.stdin.buffer.read(), content_type)
        # The child's own peak (VmHWM; ru_maxrss would still count the parent's pages from before exec) and
        # that of Tesseract and pdftoppm, if they ran.
        result.peak_memory_kb = max(peak_rss_kb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        sys.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
    except MemoryError:
        sys.stderr.write("MemoryError\n")
        return EXIT_OUT_OF_MEMORY
    except Exception as exc:  # a file we cannot read: the parent marks it failed
        sys.stderr.write(f"{type(exc).__name__}: {str(exc)[:300]}\n")
        return EXIT_UNREADABLE
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
