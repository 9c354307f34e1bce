"""Official documents generated from templates, in the Party regime (Hướng dẫn 36-HD/VPTW) or the State regime
(Nghị định 30/2020/NĐ-CP), each regime's rules read from its `FormatRegime` row (documents/regimes.py): DOCX
with docxtpl (a template per document kind, `<code>.docx`, or the shared `official.docx`; an administrator
replaces either in PHOIHOP_DATA_DIR/templates/ after a test render) and PDF with WeasyPrint in one shipped
face with full Vietnamese coverage (Liberation Serif 2, fonts/), embedded.

The templates a case offers: the common ones below and those its kind registers (`KindSpec.documents`)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from phoihop.cases import kinds
from phoihop.cases.kinds import DocumentTemplate
from phoihop.core.choices import Clearance
from phoihop.documents import regimes
from phoihop.documents.choices import DocType
from phoihop.documents.models import FormatRegime

TEMPLATE_DIR = Path(__file__).parent / "doc_templates"
FONT_DIR = Path(__file__).parent / "fonts"  # Liberation Serif 2.x, full Vietnamese coverage (fonts/README.md)
FONT_FAMILY = "Liberation Serif"


def font_context() -> dict[str, str]:
    """What documents/_fonts.html needs: the shipped fonts' directory as a file:// URL, so WeasyPrint embeds
    them whatever fonts the machine has."""
    return {"font_dir": FONT_DIR.as_uri()}


# The templates every kind offers; a kind adds its own (cases/kinds.py `KindSpec.documents`).
COMMON: tuple[DocumentTemplate, ...] = (
    DocumentTemplate(
        "cong_van",
        _("Công văn"),
        DocType.CONG_VAN,
        "",
        "Ban Tổ chức Tỉnh ủy … (nội dung công văn).",
        addressed=True,
    ),
    DocumentTemplate(
        "de_nghi_xac_minh",
        _("Công văn đề nghị thẩm tra, xác minh"),
        DocType.CONG_VAN,
        "",
        "Để có cơ sở thẩm định tiêu chuẩn chính trị đối với {subject} (hồ sơ {case}), Ban Tổ "
        "chức Tỉnh ủy đề nghị {agency} thẩm tra, xác minh lịch sử chính trị và chính trị hiện "
        "nay của {subject} và gửi kết quả về Ban Tổ chức Tỉnh ủy trong thời hạn quy định.",
        addressed=True,
    ),
    DocumentTemplate(
        "thong_bao",
        _("Thông báo"),
        DocType.THONG_BAO,
        "THÔNG BÁO",
        "Ban Tổ chức Tỉnh ủy thông báo nội dung liên quan đến {subject} (hồ sơ {case}) như sau: …",
    ),
    DocumentTemplate(
        "bao_cao",
        _("Báo cáo"),
        DocType.BAO_CAO,
        "BÁO CÁO",
        "Ban Tổ chức Tỉnh ủy báo cáo kết quả phối hợp thẩm tra, "
        "xác minh đối với {subject} (hồ sơ {case}) như sau: …",
        addressed=True,
    ),
)

URGENCY = {"": "", "khan": "KHẨN", "thuong_khan": "THƯỢNG KHẨN", "hoa_toc": "HỎA TỐC"}
AUTHORITY_CHOICES = (
    ("", _("Cấp trưởng ký trực tiếp")),
    ("TM", _("Thay mặt")),
    ("KT", _("Ký thay")),
    ("TL", _("Thừa lệnh")),
    ("TUQ", _("Thừa ủy quyền")),
    ("Q", _("Quyền")),
)
DRAFT_MARK = "DỰ THẢO"


def templates_for(kind: str) -> dict[str, DocumentTemplate]:
    """The templates a case of `kind` offers: the common ones, then its kind's."""
    spec = kinds.get_kind(kind) if kind in {k.code for k in kinds.kinds()} else None
    own = spec.documents if spec is not None else ()
    return {t.code: t for t in (*COMMON, *own)}


def all_templates() -> dict[str, DocumentTemplate]:
    found = {t.code: t for t in COMMON}
    for spec in kinds.kinds():
        for t in spec.documents:
            found.setdefault(t.code, t)
    return found


def _without_vv(subject: str) -> str:
    """A subject typed as "V/v …" by habit: the regime adds its own prefix (or none)."""
    text = subject.strip()
    return text[3:].lstrip(" :") if text[:3].lower() == "v/v" else text


def clean_lines(lines: list[str]) -> list[str]:
    """Recipients as people type them ("- Như trên,,", "Công an tỉnh;"): the text only, the regime adds the
    dash and the punctuation."""
    out = []
    for line in lines:
        text = line.strip().lstrip("-–•+ ").rstrip(",;. ").strip()
        if text and not re.match(r"(?i)^lưu\b", text):  # the archive line is the regime's, added last
            out.append(text)
    return out


def style_css(regime: FormatRegime) -> str:
    """The regime's typography as CSS classes `.t-<element>` and the page margins."""
    rules = []
    for name, t in regime.typography.items():
        rules.append(
            f".t-{name} {{ font-size: {float(t['size']):g}pt; font-weight: "
            f"{'bold' if t.get('bold') else 'normal'}; font-style: "
            f"{'italic' if t.get('italic') else 'normal'}; text-decoration: "
            f"{'underline' if t.get('underline') else 'none'}; }}"
        )
    m = regime.margins_mm
    rules.append(f"@page {{ size: A4; margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm; }}")
    return "\n".join(rules)


@dataclass
class Paper:
    """Everything printed on one official document, in one regime. `number` and `day` are None on a draft (the
    number and the date are the register's, taken when the clerk issues it)."""

    template: DocumentTemplate
    regime: FormatRegime
    parent_issuer: str  # e.g. ĐẢNG BỘ TỈNH SƠN HÀ / UBND TỈNH SƠN HÀ
    issuer: str  # e.g. BAN TỔ CHỨC TỈNH ỦY
    symbol: str  # the issuer's abbreviation in the number, e.g. BTCTU
    place: str
    subject_line: str  # trích yếu
    body: str
    recipients: list[str]
    number: int | None = None
    day: date | None = None
    unit: str = ""  # the drafting unit's abbreviation (State công văn symbol, archive line)
    authority: str = ""  # TM, KT, TL, TUQ, Q (printed as the regime writes it)
    authority_of: str = ""  # e.g. BAN THƯỜNG VỤ / TRƯỞNG BAN
    signer_title: str = ""
    signer_name: str = ""
    classification: int = 0
    urgency: str = ""
    addressee: str = ""  # "Kính gửi: …", one line per addressee
    draft: bool = False
    issued_as: str = ""  # once issued: the register's number and symbol, printed exactly
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def letter(self) -> bool:
        return not self.template.type_name

    @property
    def number_symbol(self) -> str:
        if self.issued_as:
            return self.issued_as
        return regimes.number_symbol(
            self.regime, self.number, self.template.doc_type, self.symbol, self.unit, self.letter
        )

    def context(self) -> dict[str, Any]:
        regime = self.regime
        party = regime.code == "party"
        end = regime.recipient_end
        recipients = clean_lines(self.recipients)
        addressees = clean_lines(self.addressee.splitlines())
        mark = regime.authority_marks.get(self.authority, "") if self.authority else ""
        return {
            "party": party,
            "draft": self.draft,
            "draft_mark": DRAFT_MARK if self.draft else "",
            "parent_issuer": self.parent_issuer.upper(),
            "issuer": self.issuer.upper(),
            "number": f"{regime.number_prefix}{self.number_symbol}",
            "number_symbol": "" if self.number is None else self.number_symbol,
            "date_line": regimes.date_line(regime, self.place, self.day),
            "type_name": self.template.type_name,
            "subject_line": self.subject_line,
            "letter_subject": f"{regime.letter_subject_prefix}{_without_vv(self.subject_line)}"
            if self.letter
            else "",
            "paragraphs": [p.strip() for p in self.body.split("\n") if p.strip()],
            "recipients": recipients,
            "recipient_lines": [f"- {r}{end}" for r in recipients],
            "archive": f"- {regimes.archive_line(regime, self.unit)}",
            "authority": " ".join(filter(None, [mark, self.authority_of.upper()])),
            "signer_title": self.signer_title.upper(),
            "signer_name": self.signer_name,
            "secrecy": str(Clearance(self.classification).label).upper() if self.classification else "",
            "urgency": URGENCY.get(self.urgency, ""),
            "addressee": addressees[0] if len(addressees) == 1 else "",
            "addressee_inline": "; ".join(addressees) + ("." if len(addressees) > 1 else ""),
            "addressees": [
                f"- {a}{end if i < len(addressees) - 1 else '.'}" for i, a in enumerate(addressees)
            ]
            if len(addressees) > 1
            else [],
            "national": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "motto": "Độc lập - Tự do - Hạnh phúc",
            "party_name": "ĐẢNG CỘNG SẢN VIỆT NAM",
        }


def paper_title(template: DocumentTemplate, number_symbol: str, subject_line: str) -> str:
    """ "Công văn 02-CV/BTCTU: …" once issued, "Công văn (dự thảo): …" before."""
    name = template.type_name.capitalize() or str(DocType(template.doc_type).label)
    return f"{name} {number_symbol or '(dự thảo)'}: {subject_line}"[:300]


class _Blanks(dict[str, str]):
    """Placeholders a template names but nobody filled stay visible as "…"."""

    def __missing__(self, key: str) -> str:
        return "…"


def fill_body(
    template: DocumentTemplate,
    regime: FormatRegime,
    case: Any,
    subject: str,
    member: bool,
    extra: dict[str, str] | None = None,
) -> str:
    """The template's wording for a case: the subject is "đồng chí …" in the Party regime when a party member;
    `extra` holds what the kind fills (`KindSpec.document_fields`) and the drafting agency (`agency_self`)."""
    named = f"{regime.member_title} {subject}" if member and regime.member_title and subject else subject
    values = _Blanks(extra or {})
    values.update(case=case.number, subject=named or "…")
    values.setdefault("agency", "cơ quan có thẩm quyền")
    return template.body.format_map(values)


def _kind_fields(case: Any, user: Any) -> dict[str, str]:
    """The drafting agency's name and what the case's kind fills in its templates (read through the policy by
    the kind's own `document_fields(case, user)`)."""
    fields = {"agency_self": user.agency.name}
    spec = kinds.get_kind(case.kind) if kinds.is_kind(case.kind) else None
    if spec is not None and spec.document_fields is not None:
        fields.update(spec.document_fields(case, user))
    return fields


def draft_defaults(case: Any, user: Any, template_code: str, regime_code: str) -> dict[str, Any]:
    """What the generate form starts with for a case: the template's wording filled with the case (its subject
    called "đồng chí" in the Party regime when a party member the user may see), the issuer's parent, the
    place taken from the agency's name ("Ban Tổ chức Tỉnh ủy Sơn Hà" → "Sơn Hà"), the case's
    classification."""
    from phoihop.access.policy import restrict
    from phoihop.people.models import Person

    templates = templates_for(case.kind)
    spec = templates.get(template_code) or next(iter(templates.values()))
    regime = regimes.get_regime(regime_code if regime_code in regimes.DEFAULTS else "party")
    agency = user.agency
    place = next(
        (agency.name.split(m, 1)[1].strip() for m in ("Tỉnh ủy ", "tỉnh ", "Tỉnh ") if m in agency.name), ""
    )
    person = (
        restrict(Person.objects.filter(case_links__case=case), user)
        .order_by("sort_key")
        .only("full_name", "party_joined_on")
        .first()
    )
    subject = person.full_name if person is not None else (case.subject_name or "")
    member = person is not None and person.party_joined_on is not None
    default_parent = f"Đảng bộ tỉnh {place}".strip()
    parent = agency.parent.name if agency.parent else default_parent
    if regime.code != "party" and parent.startswith("Đảng bộ tỉnh"):  # the State header names the committee
        parent = "Tỉnh ủy" + parent[len("Đảng bộ tỉnh") :]
    from phoihop.documents.models import NumberRegister

    symbol = (
        NumberRegister.objects.filter(issuer_id=agency.pk)
        .order_by("-pk")
        .values_list("symbol", flat=True)
        .first()
    )
    return {
        "template": spec.code,
        "regime": regime.code,
        "parent_issuer": parent,
        "place": place,
        "symbol": symbol or agency.code,
        "subject_line": case.title[:1].lower() + case.title[1:] if case.title[1:2].islower() else case.title,
        "body": fill_body(spec, regime, case, subject, member, _kind_fields(case, user)),
        "authority": "KT" if regime.authority_marks.get("KT") else "",
        "authority_of": "TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "classification": case.classification,
    }


def template_path(name: str) -> Path:
    """An administrator's replacement in the data directory wins over the shipped template; a document kind
    without a template of its own uses the shared `official.docx`."""
    for candidate in (name, "official.docx"):
        custom = settings.DATA_DIR / "templates" / candidate
        if custom.exists():
            return custom
        shipped = TEMPLATE_DIR / candidate
        if shipped.exists():
            return shipped
    return TEMPLATE_DIR / "official.docx"


def render_docx(paper: Paper, path: Path | None = None) -> bytes:
    from docxtpl import DocxTemplate, RichText

    template = DocxTemplate(str(path or template_path(f"{paper.template.code}.docx")))
    context = paper.context()
    typography = paper.regime.typography

    def styled(text: str, element: str) -> RichText:  # the regime's size and style (docxtpl's {{r … }} runs)
        t = typography.get(element, {})
        return RichText(
            text,
            font=FONT_FAMILY,
            size=int(float(t.get("size", 12)) * 2),
            bold=bool(t.get("bold")),
            italic=bool(t.get("italic")),
            underline=bool(t.get("underline")),
        )

    context["heading"] = styled(context["party_name"] if context["party"] else context["national"], "heading")
    context["motto"] = styled("" if context["party"] else context["motto"], "motto")
    context["recipients_label"] = styled("Nơi nhận:", "recipients_label")
    context["letter_subject"] = styled(context["letter_subject"], "letter_subject")
    context["recipient_lines"] = [styled(line, "recipients") for line in context["recipient_lines"]]
    context["archive"] = styled(context["archive"], "recipients")
    template.render(context, autoescape=True)
    _east_asian_font(template.docx)
    if paper.draft:  # every template, the administrator's too: the first line says it is a draft
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        body = template.docx
        first = body.paragraphs[0] if body.paragraphs else body.add_paragraph()
        note = first.insert_paragraph_before()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = note.add_run(DRAFT_MARK)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(16), RGBColor(0xC0, 0, 0)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _east_asian_font(document: Any) -> None:
    """docxtpl's styled runs name the font for Latin and complex scripts only: name it for every script, so no
    run of the DOCX falls back to another face."""
    from docx.oxml.ns import qn

    for fonts in document.element.body.iter(qn("w:rFonts")):
        if fonts.get(qn("w:ascii")) == FONT_FAMILY and fonts.get(qn("w:eastAsia")) is None:
            fonts.set(qn("w:eastAsia"), FONT_FAMILY)


def render_html(paper: Paper) -> str:
    return render_to_string(
        "documents/official.html",
        {**paper.context(), **font_context(), "style": mark_safe(style_css(paper.regime))},  # noqa: S308
    )


def render_pdf(paper: Paper) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(paper), base_url=str(TEMPLATE_DIR)).write_pdf()


def stamp_issue(data: bytes, lines: list[str]) -> bytes:
    """The signed copy a leader uploaded, with what the clerk writes on it when issuing — the number and the
    date — in a box in the top margin of its first page (the copy itself is not re-rendered: it is the signed
    one)."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    first = writer.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    html = render_to_string(
        "documents/issue_stamp.html", {"lines": lines, "w": width, "h": height, **font_context()}
    )
    first.merge_page(PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def watermark_pdf(data: bytes, text: str) -> bytes:
    """Every page of a PDF stamped with `text` (who views it, when), diagonally and lightly."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    stamps: dict[tuple[float, float], Any] = {}
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        key = (round(width), round(height))
        if key not in stamps:
            html = render_to_string(
                "documents/watermark.html", {"text": text, "w": width, "h": height, **font_context()}
            )
            stamps[key] = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0]
        page.merge_page(stamps[key])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
