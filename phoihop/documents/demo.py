"""Fictional documents for the demo: the hub's numbered request for verification, in the Party format."""

from __future__ import annotations

from phoihop.cases.models import Case
from phoihop.core.models import User
from phoihop.documents.services import document_generate


def demo_documents() -> None:
    officer = User.objects.get(username="btc.chuyenvien")
    case = Case.objects.filter(title__startswith="Thẩm tra tiêu chuẩn chính trị").first()
    if case is None:
        return
    document_generate(
        actor=officer,
        case=case,
        kind="de_nghi_xac_minh",
        fmt="party",
        symbol="BTCTU",
        subject_line="đề nghị thẩm tra, xác minh nhân sự (hư cấu)",
        parent_issuer="Đảng bộ tỉnh Sơn Hà",
        place="Sơn Hà",
        body=(
            "Để có cơ sở thẩm định tiêu chuẩn chính trị đối với đồng chí Đoàn "
            "Văn Thử (nhân vật hư cấu), Ban Tổ chức Tỉnh ủy đề nghị Công an "
            "tỉnh thẩm tra, xác minh và gửi kết quả trong 10 ngày làm việc."
        ),
        recipients=["Công an tỉnh Sơn Hà"],
        addressee="Công an tỉnh Sơn Hà",
        authority="KT",
        authority_of="Trưởng ban",
        signer_title="Phó Trưởng ban",
        signer_name="Hà Minh Quân",
        classification=1,
    )
