"""Official documents generated from templates, in the Party format (Hướng dẫn 36-HD/VPTW) or the State format
(Nghị định 30/2020/NĐ-CP): DOCX with docxtpl (templates administrators can replace by putting a file of the
same name in PHOIHOP_DATA_DIR/templates/) and PDF with WeasyPrint (Liberation Serif, the Times-compatible
font, or a licensed Times New Roman when installed; fonts are embedded)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.documents.choices import DocFormat, DocType

TEMPLATE_DIR = Path(__file__).parent / "doc_templates"


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any
    doc_type: str
    type_name: str  # printed in capitals under the header
    body: str  # default body; {case}, {subject}, {agency} are filled in


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind(
            "phieu_chuyen",
            _("Phiếu chuyển đơn, thư"),
            DocType.PHIEU_CHUYEN,
            "PHIẾU CHUYỂN",
            "Ban Tổ chức Tỉnh ủy nhận được đơn, thư liên quan đến {subject} (hồ sơ {case}). Căn "
            "cứ chức năng, nhiệm vụ, Ban Tổ chức Tỉnh ủy chuyển đơn, thư đến {agency} để xem xét, "
            "giải quyết theo thẩm quyền và thông báo kết quả về Ban Tổ chức Tỉnh ủy theo quy định.",
        ),
        Kind(
            "de_nghi_xac_minh",
            _("Công văn đề nghị thẩm tra, xác minh"),
            DocType.CONG_VAN,
            "",
            "Để có cơ sở thẩm định tiêu chuẩn chính trị đối với {subject} (hồ sơ {case}), Ban Tổ "
            "chức Tỉnh ủy đề nghị {agency} thẩm tra, xác minh lịch sử chính trị và chính trị hiện "
            "nay của đồng chí nêu trên và gửi kết quả về Ban Tổ chức Tỉnh ủy trong thời hạn quy định.",
        ),
        Kind(
            "thong_bao_thu_ly",
            _("Thông báo thụ lý"),
            DocType.THONG_BAO,
            "THÔNG BÁO",
            "Ban Tổ chức Tỉnh ủy thông báo đã thụ lý giải quyết "
            "nội dung liên quan đến {subject} (hồ sơ {case}).",
        ),
        Kind(
            "thong_bao_khong_thu_ly",
            _("Thông báo không thụ lý"),
            DocType.THONG_BAO,
            "THÔNG BÁO",
            "Ban Tổ chức Tỉnh ủy thông báo không thụ lý nội dung "
            "liên quan đến {subject} (hồ sơ {case}) vì lý do: ...",
        ),
        Kind(
            "thong_bao_ket_qua",
            _("Thông báo kết quả"),
            DocType.THONG_BAO,
            "THÔNG BÁO",
            "Ban Tổ chức Tỉnh ủy thông báo kết quả giải quyết nội "
            "dung liên quan đến {subject} (hồ sơ {case}) như sau: ...",
        ),
        Kind(
            "ket_luan",
            _("Kết luận"),
            DocType.KET_LUAN,
            "KẾT LUẬN",
            "Trên cơ sở kết quả thẩm tra, xác minh và ý kiến của "
            "các cơ quan phối hợp, Ban Tổ chức Tỉnh ủy kết luận: ...",
        ),
        Kind(
            "bao_cao",
            _("Báo cáo"),
            DocType.BAO_CAO,
            "BÁO CÁO",
            "Ban Tổ chức Tỉnh ủy báo cáo kết quả phối hợp thẩm tra, "
            "xác minh đối với {subject} (hồ sơ {case}) như sau: ...",
        ),
    ]
}

AUTHORITY = {"": "", "TM": "T/M", "KT": "K/T", "TL": "T/L", "TUQ": "TUQ."}
URGENCY = {"": "", "khan": "KHẨN", "thuong_khan": "THƯỢNG KHẨN", "hoa_toc": "HỎA TỐC"}


@dataclass
class Paper:
    """Everything printed on one official document."""

    kind: Kind
    fmt: str
    parent_issuer: str  # e.g. ĐẢNG BỘ TỈNH SƠN HÀ / UBND TỈNH SƠN HÀ
    issuer: str  # e.g. BAN TỔ CHỨC TỈNH ỦY
    number_symbol: str  # e.g. 24-PC/BTCTU
    place: str
    day: date
    subject_line: str  # trích yếu
    body: str
    recipients: list[str]
    authority: str = ""  # T/M, K/T, T/L
    authority_of: str = ""  # e.g. BAN THƯỜNG VỤ / TRƯỞNG BAN
    signer_title: str = ""
    signer_name: str = ""
    classification: int = 0
    urgency: str = ""
    addressee: str = ""  # "Kính gửi: …"
    paragraphs: list[str] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        party = self.fmt == DocFormat.PARTY
        number = (
            (f"Số {self.number_symbol}" if party else f"Số: {self.number_symbol}")
            if self.number_symbol
            else ""
        )
        return {
            "party": party,
            "parent_issuer": self.parent_issuer.upper(),
            "issuer": self.issuer.upper(),
            "number": number,
            "date_line": (
                f"{self.place}, ngày {self.day.day:02d} tháng {self.day.month:02d} năm {self.day.year}"
            ),
            "type_name": self.kind.type_name,
            "subject_line": self.subject_line,
            "paragraphs": [p.strip() for p in self.body.split("\n") if p.strip()],
            "recipients": [r.strip() for r in self.recipients if r.strip()],
            "authority": " ".join(
                filter(None, [AUTHORITY.get(self.authority, ""), self.authority_of.upper()])
            ),
            "signer_title": self.signer_title.upper(),
            "signer_name": self.signer_name,
            "secrecy": str(Clearance(self.classification).label).upper() if self.classification else "",
            "urgency": URGENCY.get(self.urgency, ""),
            "addressee": self.addressee,
            "national": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "motto": "Độc lập - Tự do - Hạnh phúc",
            "party_name": "ĐẢNG CỘNG SẢN VIỆT NAM",
        }


def draft_defaults(case: Any, agency: Any, kind_code: str) -> dict[str, Any]:
    """What the generate form starts with for a case: the kind's wording filled with the case, the issuer's
    parent, the place taken from the agency's name ("Ban Tổ chức Tỉnh ủy Sơn Hà" → "Sơn Hà"), the case's
    classification."""
    kind = KINDS.get(kind_code) or KINDS["phieu_chuyen"]
    place = next(
        (agency.name.split(m, 1)[1].strip() for m in ("Tỉnh ủy ", "tỉnh ", "Tỉnh ") if m in agency.name), ""
    )
    return {
        "kind": kind.code,
        "fmt": DocFormat.PARTY,
        "parent_issuer": agency.parent.name if agency.parent else "Đảng bộ tỉnh",
        "place": place,
        "subject_line": case.title,
        "body": kind.body.format(
            case=case.number, subject=case.subject_name or case.title, agency="cơ quan có thẩm quyền"
        ),
        "authority": "KT",
        "authority_of": "TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "classification": case.classification,
    }


def template_path(name: str) -> Path:
    """An administrator's replacement in the data directory wins over the shipped template."""
    custom = settings.DATA_DIR / "templates" / name
    return custom if custom.exists() else TEMPLATE_DIR / name


def render_docx(paper: Paper) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path("official.docx")))
    template.render(paper.context(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_html(paper: Paper) -> str:
    return render_to_string("documents/official.html", paper.context())


def render_pdf(paper: Paper) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(paper), base_url=str(TEMPLATE_DIR)).write_pdf()


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
            html = render_to_string("documents/watermark.html", {"text": text, "w": width, "h": height})
            stamps[key] = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0]
        page.merge_page(stamps[key])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
