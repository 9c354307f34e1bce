"""Build the shipped DOCX template (phoihop/documents/doc_templates/official.docx) with python-docx, every run
and style in the shipped font (Liberation Serif 2, declared with Times New Roman as its alternative, which has
the same metrics).

Run `.venv/bin/python scripts/make_doc_templates.py` after changing the layout; the output is committed.
Administrators replace it (or add a template per document kind, `<code>.docx`) on the page "Mẫu văn bản": the
new file is test-rendered in both regimes and its differences shown before it takes effect. The regimes'
punctuation (recipient line ends, the archive line, the công văn subject's prefix and style) comes in the
context, so one layout serves both.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent / "phoihop" / "documents"
OUT = ROOT / "doc_templates" / "official.docx"
TTF = ROOT / "fonts" / "LiberationSerif-Regular.ttf"
NAME = "Liberation Serif"
RFONTS = f'<w:rFonts w:ascii="{NAME}" w:hAnsi="{NAME}" w:cs="{NAME}" w:eastAsia="{NAME}"/>'


def para(
    cell_or_doc, text, *, bold=False, italic=False, underline=False, size=14, align=WD_ALIGN_PARAGRAPH.CENTER
):
    p = cell_or_doc.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return p


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = NAME
    style.element.rPr.rFonts.set(qn("w:eastAsia"), NAME)
    style.font.size = Pt(14)

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    left.paragraphs[0].add_run("{{ parent_issuer }}").font.size = Pt(13)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(left, "{{ issuer }}", bold=True, size=13)
    para(left, "{% if party %}*{% endif %}", size=13)
    para(left, "{{ number }}", size=13)
    para(left, "{{r letter_subject }}", size=12)  # "V/v …" (State) or italic (Party): styled in the context
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the heading ("ĐẢNG CỘNG SẢN VIỆT NAM" with its rule, or the national title) and the State's motto with
    # its rule: styled runs, the regime's size and style (a blank motto paragraph stays empty for the Party)
    right.paragraphs[0].add_run("{{r heading }}")
    para(right, "{{r motto }}", size=13)
    para(right, "{{ date_line }}", italic=True, size=13)

    para(
        doc,
        "{% if secrecy %}{{ secrecy }}{% endif %}{% if urgency %}    {{ urgency }}{% endif %}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    para(doc, "{% if type_name %}{{ type_name }}{% endif %}", bold=True, size=15)
    para(doc, "{% if type_name %}{{ subject_line }}{% endif %}", bold=True)
    para(doc, "{% if addressee_inline %}Kính gửi: {{ addressee_inline }}{% endif %}")
    para(doc, "{%p for p in paragraphs %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body = para(doc, "{{ p }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_after = Pt(6)
    para(doc, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    foot = doc.add_table(rows=1, cols=2)
    to, sign = foot.rows[0].cells
    to.paragraphs[0].add_run("{{r recipients_label }}")  # "Nơi nhận:" underlined (Party), bold italic (State)
    para(to, "{%p for r in recipient_lines %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(to, "{{r r }}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)  # "- Như trên," / "- Như trên;"
    para(to, "{%p endfor %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(to, "{{r archive }}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)  # "- Lưu Văn phòng." / "- Lưu: VT, …"
    sign.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    s = sign.paragraphs[0].add_run("{{ authority }}")
    s.bold = True
    para(sign, "{{ signer_title }}", bold=True)
    for _ in range(4):
        para(sign, "")
    para(sign, "{{ signer_name }}", bold=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    one_font(OUT)
    print(f"wrote {OUT}")


def _styles(xml: str) -> str:
    out, n = re.subn(r"<w:rFonts\b[^>]*/>", RFONTS, xml)
    assert n > 0
    return out


def _document(xml: str) -> str:
    xml = re.sub(r"<w:rFonts\b[^>]*/>", "", xml)
    return re.sub(r"<w:r><w:rPr>", "<w:r><w:rPr>" + RFONTS, xml)


def _font_table(xml: str) -> str:
    from fontTools.ttLib import TTFont

    if f'w:name="{NAME}"' in xml:
        return xml
    os2 = TTFont(str(TTF))["OS/2"]
    p = os2.panose
    panose = "".join(
        f"{v:02X}"
        for v in (
            p.bFamilyType,
            p.bSerifStyle,
            p.bWeight,
            p.bProportion,
            p.bContrast,
            p.bStrokeVariation,
            p.bArmStyle,
            p.bLetterForm,
            p.bMidline,
            p.bXHeight,
        )
    )
    entry = (
        f'  <w:font w:name="{NAME}">\n'
        '    <w:altName w:val="Times New Roman"/>\n'
        f'    <w:panose1 w:val="{panose}"/>\n'
        '    <w:charset w:val="00"/>\n'
        '    <w:family w:val="roman"/>\n'
        '    <w:pitch w:val="variable"/>\n'
        f'    <w:sig w:usb0="{os2.ulUnicodeRange1:08X}" w:usb1="{os2.ulUnicodeRange2:08X}"'
        f' w:usb2="{os2.ulUnicodeRange3:08X}" w:usb3="{os2.ulUnicodeRange4:08X}"'
        f' w:csb0="{os2.ulCodePageRange1:08X}" w:csb1="{os2.ulCodePageRange2:08X}"/>\n'
        "  </w:font>\n"
    )
    i = xml.index("<w:font w:name=")
    i = xml.rindex("\n", 0, i) + 1 if "\n" in xml[:i] else i
    return xml[:i] + entry + xml[i:]


def one_font(path: Path) -> None:
    """Every run and style in the shipped font, declared in the font table with Times New Roman as altName."""
    edit = {
        "word/document.xml": _document,
        "word/styles.xml": _styles,
        "word/stylesWithEffects.xml": _styles,
        "word/fontTable.xml": _font_table,
    }
    data = path.read_bytes()
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            part = zin.read(info.filename)
            if info.filename in edit:
                part = edit[info.filename](part.decode("utf-8")).encode("utf-8")
            zout.writestr(info, part, compress_type=info.compress_type)


if __name__ == "__main__":
    main()
