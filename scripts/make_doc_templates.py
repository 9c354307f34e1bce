"""Build the shipped DOCX template (phoihop/documents/doc_templates/official.docx) with python-docx.

Run `python scripts/make_doc_templates.py` after changing the layout; the output is committed. Administrators
replace it by putting their own official.docx (same Jinja tags, docxtpl syntax) in
PHOIHOP_DATA_DIR/templates/.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "phoihop" / "documents" / "doc_templates" / "official.docx"


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
    style.font.name = "Times New Roman"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.font.size = Pt(14)

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    left.paragraphs[0].add_run("{{ parent_issuer }}").font.size = Pt(13)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(left, "{{ issuer }}", bold=True, size=13)
    para(left, "{% if party %}*{% endif %}", size=13)
    para(left, "{{ number }}", size=13)
    para(left, "{% if not type_name %}V/v {{ subject_line }}{% endif %}", size=12)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = right.paragraphs[0].add_run("{% if party %}{{ party_name }}{% else %}{{ national }}{% endif %}")
    run.bold, run.font.size = True, Pt(13)
    para(right, "{% if not party %}{{ motto }}{% endif %}", bold=True, underline=True, size=13)
    para(right, "{{ date_line }}", italic=True, size=13)

    para(
        doc,
        "{% if secrecy %}{{ secrecy }}{% endif %}{% if urgency %}    {{ urgency }}{% endif %}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    para(doc, "{% if type_name %}{{ type_name }}{% endif %}", bold=True, size=15)
    para(doc, "{% if type_name %}{{ subject_line }}{% endif %}", bold=True)
    para(doc, "{% if addressee %}Kính gửi: {{ addressee }}{% endif %}")
    para(doc, "{%p for p in paragraphs %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body = para(doc, "{{ p }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_after = Pt(6)
    para(doc, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    foot = doc.add_table(rows=1, cols=2)
    to, sign = foot.rows[0].cells
    r = to.paragraphs[0].add_run("Nơi nhận:")
    r.bold, r.italic, r.font.size = True, True, Pt(12)
    para(to, "{%p for r in recipients %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(to, "- {{ r }},", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(to, "{%p endfor %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(to, "- Lưu văn thư.", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    sign.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    s = sign.paragraphs[0].add_run("{{ authority }}")
    s.bold = True
    para(sign, "{{ signer_title }}", bold=True)
    for _ in range(4):
        para(sign, "")
    para(sign, "{{ signer_name }}", bold=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
