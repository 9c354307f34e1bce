"""Fictional documents for the demo: the same request for verification as a Party công văn and as a State công
văn, side by side in one case, each drafted by the officer, signed by the deputy head (K/T TRƯỞNG BAN) and
issued by the clerk with its number; and a transfer slip left as a draft for the demo users to sign and
issue."""

from __future__ import annotations

from phoihop.cases.models import Case
from phoihop.core.models import User
from phoihop.documents.services import document_generate, document_issue, document_sign

BODY = (
    "Để có cơ sở thẩm định tiêu chuẩn chính trị đối với đồng chí Đoàn Văn Thử (nhân vật hư cấu), "
    "Ban Tổ chức Tỉnh ủy đề nghị Công an tỉnh thẩm tra, xác minh lịch sử chính trị và chính trị "
    "hiện nay của đồng chí nêu trên và gửi kết quả về Ban Tổ chức Tỉnh ủy trong 10 ngày làm việc."
)


def demo_documents() -> None:
    officer = User.objects.get(username="btc.chuyenvien")
    leader = User.objects.get(username="btc.lanhdao")
    clerk = User.objects.get(username="btc.vanthu")
    case = Case.objects.filter(title__startswith="Thẩm tra tiêu chuẩn chính trị", classification=0).first()
    if case is None:
        case = Case.objects.filter(owner_agency__code="BTC", classification=0).order_by("opened_on").first()
    if case is None:
        return
    for regime, parent in (("party", "Đảng bộ tỉnh Sơn Hà"), ("state", "Tỉnh ủy Sơn Hà")):
        draft = document_generate(
            actor=officer,
            case=case,
            template="de_nghi_xac_minh",
            regime=regime,
            symbol="BTCTU",
            unit="BVCTNB",
            subject_line="đề nghị thẩm tra, xác minh nhân sự (hư cấu)",
            parent_issuer=parent,
            place="Sơn Hà",
            body=BODY,
            recipients=["Như trên,,", "Lãnh đạo Ban (để báo cáo),"],
            addressee="Công an tỉnh Sơn Hà",
            authority="KT",
            authority_of="Trưởng ban",
            signer_title="Phó Trưởng ban",
        )
        document_sign(actor=leader, document=draft, authority="KT", signer_title="Phó Trưởng ban")
        document_issue(actor=clerk, document=draft)
    if "phieu_chuyen" in {t for t in _templates(case)}:
        document_generate(
            actor=officer,
            case=case,
            template="phieu_chuyen",
            regime="party",
            symbol="BTCTU",
            subject_line="chuyển đơn của công dân (hư cấu)",
            parent_issuer="Đảng bộ tỉnh Sơn Hà",
            place="Sơn Hà",
            body=(
                "Ban Tổ chức Tỉnh ủy chuyển đơn (hư cấu) đến Ủy "
                "ban Kiểm tra Tỉnh ủy để xem xét theo thẩm quyền."
            ),
            recipients=["Ủy ban Kiểm tra Tỉnh ủy"],
            authority="KT",
            authority_of="Trưởng ban",
            signer_title="Phó Trưởng ban",
        )


def _templates(case: Case) -> list[str]:
    from phoihop.documents.generation import templates_for

    return list(templates_for(case.kind))
