"""Streaming reads of Office Open XML packages (DOCX, XLSX): well-formedness of every XML part and the text of
a Word document, in memory that does not grow with the file.

Each part is decompressed chunk by chunk from the ZIP (zipfile never yields more than a member's declared
size, and upload checks bound the declared total) and fed to expat without building a tree, so a part of 100
MB costs its parser's small buffers, not the gigabyte a DOM would (python-docx took a web worker from 178 MB
to 1 GB on 60 MB of XML). Document type declarations are refused: Office files never have one, and they are
where entity expansion attacks live. No Django here: the extraction child process imports this module.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO, Any
from xml.parsers import expat

CHUNK = 64 * 1024
WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)


class NotOfficeXML(ValueError):
    """A part is not well-formed XML, or declares a document type."""


def _refuse_doctype(*_args: Any) -> None:
    raise NotOfficeXML("document type declaration")


def _parser(**handlers: Callable[..., Any]) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.buffer_text = True
    for name, handler in handlers.items():
        setattr(parser, name, handler)
    return parser


def _feed(parser: Any, stream: IO[bytes], stop: Callable[[], bool] = lambda: False) -> None:
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)  # noqa: FBT003  (positional-only: isfinal)
            if stop():
                return
        parser.Parse(b"", True)  # noqa: FBT003
    except expat.ExpatError as exc:
        raise NotOfficeXML(str(exc)) from None


def xml_member_names(archive: zipfile.ZipFile) -> list[str]:
    return [m.filename for m in archive.infolist() if m.filename.lower().endswith((".xml", ".rels"))]


def check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Every XML part is well-formed and has no document type declaration (NotOfficeXML otherwise)."""
    for name in xml_member_names(archive):
        with archive.open(name) as stream:
            _feed(_parser(), stream)


def docx_text(archive: zipfile.ZipFile, *, limit: int) -> str:
    """The text of `word/document.xml` in document order: a line per paragraph, a table row as its cells
    joined by " | " (a cell's paragraphs by line breaks), tabs and breaks as typed; stops after `limit`
    characters."""
    lines: list[str] = []
    collected = (
        0  # every character kept so far, wherever it waits (a paragraph, a cell): what bounds the memory
    )
    paragraph: list[str] = []
    in_text = 0
    tables: list[
        tuple[list[str], list[str]]
    ] = []  # per open table: (cells of the current row, paragraphs of the cell)

    def emit(line: str) -> None:
        if line.strip():
            lines.append(line)

    def keep(text: str) -> None:
        nonlocal collected
        paragraph.append(text)
        collected += len(text)

    def start(name: str, _attrs: Any) -> None:
        nonlocal in_text
        namespace, _, local = name.rpartition(" ")
        if namespace not in WORD_NAMESPACES:
            return
        if local == "t":
            in_text += 1
        elif local == "tab":
            keep("\t")
        elif local in ("br", "cr"):
            keep("\n")
        elif local == "tbl":
            tables.append(([], []))

    def end(name: str) -> None:
        nonlocal in_text
        namespace, _, local = name.rpartition(" ")
        if namespace not in WORD_NAMESPACES:
            return
        if local == "t":
            in_text -= 1
        elif local == "p":
            text = "".join(paragraph)
            paragraph.clear()
            if tables:
                tables[-1][1].append(text)  # a paragraph of the current cell
            else:
                emit(text)
        elif local == "tc" and tables:
            cells, cell = tables[-1]
            cells.append("\n".join(p for p in cell if p.strip()))
            cell.clear()
        elif local == "tr" and tables:
            cells, _cell = tables[-1]
            row = " | ".join(cells)
            cells.clear()
            if len(tables) > 1:
                tables[-2][1].append(row)  # a table inside a cell: its rows are lines of that cell
            else:
                emit(row)
        elif local == "tbl" and tables:
            tables.pop()

    def characters(data: str) -> None:
        if in_text:
            keep(data)

    parser = _parser(StartElementHandler=start, EndElementHandler=end, CharacterDataHandler=characters)
    with archive.open("word/document.xml") as stream:
        _feed(parser, stream, stop=lambda: collected > limit)
    emit("".join(paragraph))  # what an early stop left unfinished
    return "\n".join(lines)[:limit]
