"""Official documents use one face with full Vietnamese coverage: Liberation Serif 2, shipped in
documents/fonts/ (Debian's fonts-liberation 1.x lacks ạ…ỹ, U+1EA0–U+1EF9, which then fell back to DejaVu
Serif, two faces on one page). The PDFs embed only the shipped faces, the DOCX templates name them with Times
New Roman as the metric-compatible alternative, and LibreOffice opens the generated DOCX."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader, PdfWriter

from phoihop.documents import generation, regimes

pytestmark = pytest.mark.django_db

FACES = ("Regular", "Bold", "Italic", "BoldItalic")
VIETNAMESE = (
    [chr(c) for c in range(0x1EA0, 0x1EFA)]  # Ạ ạ Ả ả … Ỹ ỹ
    + list("ƠơƯưĐđĂăÂâÊêÔô")
    + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # combining grave, acute, tilde, hook, dot below
)
TEXT = "Nguyễn Thị Thủy, Đặng Văn Ước, Trưởng ban, Hỏa tốc, THƯỢNG KHẨN, ỷ ỹ ỵ"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT_ATTRS = ("ascii", "hAnsi", "cs", "eastAsia")


def sample_paper(**overrides: Any) -> generation.Paper:
    values: dict[str, Any] = {
        "template": {t.code: t for t in generation.COMMON}["thong_bao"],
        "regime": regimes.get_regime("party"),
        "parent_issuer": "Đảng bộ tỉnh Sơn Hà",
        "issuer": "Ban Tổ chức Tỉnh ủy",
        "symbol": "BTCTU",
        "place": "Sơn Hà",
        "number": 7,
        "day": date(2024, 5, 6),
        "subject_line": "về đồng chí Nguyễn Thị Thủy",
        "body": f"{TEXT}.\nĐồng chí Đặng Văn Ước, Trưởng ban, ký; Ỷ Ỹ Ỵ ặ ẵ ẳ ẫ ậ ể ễ ệ ổ ỗ ộ ở ỡ ợ ử ữ ự.",
        "recipients": ["Ủy ban Kiểm tra Tỉnh ủy", "Như trên"],
        "authority": "KT",
        "authority_of": "Trưởng ban",
        "signer_title": "Phó Trưởng ban",
        "signer_name": "Đặng Văn Ước",
        "classification": 1,
        "urgency": "thuong_khan",
        "addressee": "Ủy ban Kiểm tra Tỉnh ủy",
    }
    return generation.Paper(**{**values, **overrides})


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def embedded_fonts(pdf: bytes) -> list[dict[str, str]]:
    """Every font object of every page (and of the form XObjects they draw): its /BaseFont, its descriptor's
    /FontName, and the PostScript name and version in the embedded program's own name table."""
    found: list[dict[str, str]] = []

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        fonts = resources.get("/Font")
        for ref in fonts.get_object().values() if fonts is not None else []:
            font = ref.get_object()
            for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                program = descriptor.get("/FontFile2")  # TrueType, as WeasyPrint and LibreOffice embed it
                entry = {"base": str(font["/BaseFont"]), "descriptor": str(descriptor["/FontName"])}
                if program is not None:
                    names = TTFont(io.BytesIO(program.get_object().get_data()))["name"]
                    entry["ps"] = str(names.getDebugName(6))
                    entry["version"] = str(names.getDebugName(5))
                found.append(entry)
        xobjects = resources.get("/XObject")
        for ref in xobjects.get_object().values() if xobjects is not None else []:
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return found


def assert_only_shipped_faces(pdf: bytes) -> set[str]:
    """Every font is the shipped Liberation Serif 2, embedded, under the one CSS family of _fonts.html (so no
    glyph fell back to a machine font). Returns the PostScript names of the faces used."""
    fonts = embedded_fonts(pdf)
    assert fonts, "no font in the PDF"
    for font in fonts:
        # WeasyPrint names a font after its CSS family ("ABCDEF+PhoihopSerif-Bold"); the program is Liberation
        assert re.fullmatch(r"/[A-Z]{6}\+PhoihopSerif(-Bold)?(-Italic)?", font["base"]), font
        assert font["descriptor"] == font["base"], font
        assert "ps" in font, f"font without an embedded TrueType program: {font}"
        assert re.fullmatch(r"LiberationSerif(-Bold|-Italic|-BoldItalic)?", font["ps"]), font
        assert font["version"].startswith("Version 2."), font
    return {f["ps"] for f in fonts}


# (a) the shipped fonts


@pytest.mark.parametrize("face", FACES)
def test_shipped_fonts_cover_vietnamese(face):
    font = TTFont(generation.FONT_DIR / f"LiberationSerif-{face}.ttf")
    assert font["name"].getDebugName(1) == generation.FONT_FAMILY
    assert str(font["name"].getDebugName(5)).startswith("Version 2.")
    cmap = font.getBestCmap()
    missing = [f"U+{ord(c):04X}" for c in VIETNAMESE if ord(c) not in cmap]
    assert not missing, missing


def test_fonts_ship_with_their_licence():
    licence = (generation.FONT_DIR / "LICENSE.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name Liberation" in licence
    assert generation.font_context() == {"font_dir": generation.FONT_DIR.as_uri()}


# (b) the official PDF


def test_official_pdf_embeds_only_liberation_serif():
    paper = sample_paper()
    pdf = generation.render_pdf(paper)
    faces = assert_only_shipped_faces(pdf)
    assert {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"} <= faces, faces
    text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    for expected in (
        "Nguyễn Thị Thủy",
        "Đặng Văn Ước",
        "Hỏa tốc",
        "THƯỢNG KHẨN",
        "ỷ ỹ ỵ",
        "BAN TỔ CHỨC TỈNH ỦY",
    ):
        assert expected in text, expected


def test_every_declared_face_loads_its_file():
    """_fonts.html: regular, bold, italic and bold italic each come from the shipped file of that style."""
    from weasyprint import HTML

    html = (
        "<html><head><style>"
        + render_to_string("documents/_fonts.html", generation.font_context())
        + 'body { font-family: "PhoihopSerif"; }</style></head><body>'
        + f"<p>{TEXT}</p><p><b>{TEXT}</b></p><p><i>{TEXT}</i></p><p><b><i>{TEXT}</i></b></p></body></html>"
    )
    faces = assert_only_shipped_faces(HTML(string=html).write_pdf())
    assert faces == {f"LiberationSerif-{f}" if f != "Regular" else "LiberationSerif" for f in FACES}


# (c) the watermark


def test_watermark_embeds_only_liberation_serif():
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    blank.write(out)
    stamped = generation.watermark_pdf(out.getvalue(), f"{TEXT} — 06/05/2024 14:30")
    faces = assert_only_shipped_faces(stamped)
    assert "LiberationSerif-Bold" in faces, faces
    text = squash(PdfReader(io.BytesIO(stamped)).pages[0].extract_text())
    assert "Nguyễn Thị Thủy" in text and "Đặng Văn Ước" in text


# (d) the DOCX


def assert_liberation_rfonts(xml: bytes, part: str) -> int:
    root = etree.fromstring(xml)
    rfonts = root.iter(f"{W}rFonts")
    count = 0
    for element in rfonts:
        count += 1
        attrs = {k.removeprefix(W): v for k, v in element.attrib.items()}
        assert not any(k.endswith("Theme") or k == "cstheme" for k in attrs), (part, attrs)
        assert all(attrs.get(a) == generation.FONT_FAMILY for a in FONT_ATTRS), (part, attrs)
    return count


@pytest.mark.parametrize("template", sorted(p.name for p in generation.TEMPLATE_DIR.glob("*.docx")))
def test_shipped_docx_templates_name_liberation_serif(template):
    with zipfile.ZipFile(generation.TEMPLATE_DIR / template) as z:
        check_docx_fonts(z)


def check_docx_fonts(z: zipfile.ZipFile) -> None:
    assert assert_liberation_rfonts(z.read("word/styles.xml"), "styles.xml") > 0
    defaults = etree.fromstring(z.read("word/styles.xml")).find(
        f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts"
    )
    assert defaults is not None, "styles.xml: no default run font"
    assert_liberation_rfonts(z.read("word/document.xml"), "document.xml")
    if "word/stylesWithEffects.xml" in z.namelist():
        assert_liberation_rfonts(z.read("word/stylesWithEffects.xml"), "stylesWithEffects.xml")
    table = etree.fromstring(z.read("word/fontTable.xml"))
    font = table.find(f"{W}font[@{W}name='{generation.FONT_FAMILY}']")
    assert font is not None, "fontTable.xml does not declare Liberation Serif"
    alt = font.find(f"{W}altName")
    assert alt is not None and alt.get(f"{W}val") == "Times New Roman"


def render_sample_docx() -> tuple[generation.Paper, bytes]:
    paper = sample_paper()
    return paper, generation.render_docx(paper, generation.TEMPLATE_DIR / "official.docx")


def test_rendered_docx_names_liberation_serif():
    from docx import Document

    _paper, data = render_sample_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        check_docx_fonts(z)
        runs_with_font = assert_liberation_rfonts(z.read("word/document.xml"), "document.xml")
    assert runs_with_font > 0
    document = Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == generation.FONT_FAMILY
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs and {r.font.name for r in runs} == {generation.FONT_FAMILY}
    assert any("Nguyễn Thị Thủy" in p.text for p in document.paragraphs)


# (e) LibreOffice opens the generated DOCX


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    what = "the LibreOffice test needs Debian's libreoffice-writer-nogui"
    if os.environ.get("PHOIHOP_LIBREOFFICE_REQUIRED") == "1":
        pytest.fail(f"{what} (PHOIHOP_LIBREOFFICE_REQUIRED=1).")
    pytest.skip(what)


def test_libreoffice_converts_the_generated_docx(tmp_path: Path):
    binary = soffice()
    paper, data = render_sample_docx()
    source = tmp_path / "official.docx"
    source.write_bytes(data)
    result = subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    pdf = tmp_path / "official.pdf"
    assert result.returncode == 0 and pdf.exists(), (result.returncode, result.stdout, result.stderr)
    text = squash(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    context = paper.context()
    assert squash(context["issuer"]) in text, text
    assert squash(context["number"]) in text, text
