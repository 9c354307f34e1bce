"""The letters kind's demo (fictional): the Inspection Commission takes in a named denunciation with two
allegations and transfers it to the hub; the hub takes it in (the writer goes into its own vault); a reworded
copy sent to the Police is flagged there as "a related letter exists" (agency, number, date — no writer); the
hub accepts, asks the Police to verify, records the explanation, concludes one allegation founded and one
unfounded, concludes the letter (the Inspection Commission receives the result) and issues the result
notice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phoihop.access.policy import Action, can
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.core.models import Agency, User
from phoihop.letters import services
from phoihop.letters.models import Allegation, Transfer
from phoihop.people.models import Person
from phoihop.transactions import batch

ALLEGATIONS = [
    "Ông Hoàng Minh Khánh (nhân vật hư cấu), chuyên viên, khi tham gia tổ thẩm định hồ sơ tuyển "
    "dụng năm 2025 đã nhận tiền của hai thí sinh để sắp xếp kết quả phỏng vấn (dữ liệu trình diễn).",
    "Ông Hoàng Minh Khánh kê khai không trung thực tài sản, thu nhập năm 2025, "
    "không kê khai thửa đất ở xã Yên Lạc đứng tên người thân (dữ liệu trình diễn).",
]
REWORDED = [
    "Ong Hoang Minh Khanh, chuyen vien, khi tham gia to tham dinh ho so tuyen "
    "dung nam 2025 da nhan tien cua hai thi sinh de sap xep ket qua phong van.",
    "Ông Khánh không kê khai thửa đất ở xã Yên Lạc đứng tên người thân; kê khai tài sản, thu nhập năm 2025 "
    "không trung thực.",
]


@batch()
def demo_letters() -> None:
    ubkt_officer = User.objects.get(username="ubkt.daumoi")
    officer = User.objects.get(username="btc.chuyenvien")
    leader = User.objects.get(username="btc.lanhdao")
    clerk = User.objects.get(username="btc.vanthu")
    police_leader = User.objects.get(username="ca.lanhdao")
    police_liaison = User.objects.get(username="ca.daumoi")
    hub, police = Agency.objects.get(code="BTC"), Agency.objects.get(code="CA")
    person = Person.objects.filter(full_name="Hoàng Minh Khánh").first()
    subjects = [person] if person is not None else []  # the hub's registry: seen by the hub
    received = timezone.localdate() - timedelta(days=3)

    source = case_services.case_open(
        actor=ubkt_officer,
        kind="letter",
        title="Đơn tố cáo chuyên viên về tuyển dụng và kê khai tài sản (hư cấu)",
        summary="Bản làm việc đã xóa danh tính người viết (dữ liệu trình diễn).",
        classification=1,
        details={
            "channel": "post",
            "received_on": received,
            "letter_type": "denunciation",
            "regime": "party",
            "identity_status": "named",
            "signatories": 1,
            "subject_flags": ["personnel", "ethics"],
            "allegations": ALLEGATIONS,
            "writers": [
                {
                    "name": "Trần Văn Tố (nhân vật hư cấu)",
                    "address": "Thôn Hư Cấu, xã Yên Lạc",
                    "contact": "0900 000 001",
                }
            ],
        },
    )
    services.letter_classify(
        actor=ubkt_officer,
        case=source,
        processable=True,
        outcome="transfer",
        to_agency=hub,
        slip="12/PC-UBKT",
        reason="Nội dung thuộc thẩm quyền xem xét của Ban Tổ chức Tỉnh ủy (dữ liệu trình diễn).",
    )
    transfer = Transfer.objects.get(source=source)
    pre = services.transfer_prefill(clerk, transfer)
    letter = case_services.case_open(
        actor=clerk,
        kind="letter",
        title=pre["title"],
        summary=pre["summary"],
        classification=pre["classification"],
        subjects=subjects,
        details={k: v for k, v in pre["details"].items() if k != "writers_count"},
    )
    case_services.case_team_add(actor=leader, case=letter, user=officer)
    # the same matter, reworded and partly without accents, sent to the Police
    case_services.case_open(
        actor=police_leader,
        kind="letter",
        title="Đơn phản ánh cán bộ Ban Tổ chức về tuyển dụng (hư cấu)",
        classification=1,
        subjects=[p for p in subjects if can(police_leader, Action.VIEW, p)],
        details={
            "channel": "post",
            "received_on": timezone.localdate() - timedelta(days=1),
            "letter_type": "denunciation",
            "regime": "party",
            "identity_status": "named",
            "signatories": 1,
            "allegations": REWORDED,
            "writers": [{"name": "Trần Văn Tố (nhân vật hư cấu)", "address": "Thôn Hư Cấu, xã Yên Lạc"}],
        },
    )
    services.letter_classify(
        actor=leader, case=letter, processable=True, outcome="accept", reason="Thuộc thẩm quyền."
    )
    req = case_services.request_send(
        actor=officer,
        case=letter,
        to_agency=police,
        kind="verify",
        days=10,
        body=(
            "Đề nghị Công an tỉnh xác minh nội dung 1 (việc nhận "
            "tiền của thí sinh) nêu trong đơn (dữ liệu trình diễn)."
        ),
    )
    case_services.request_respond(
        actor=police_liaison,
        req=req,
        response="Qua xác minh, có căn cứ về việc nhận tiền của một thí sinh (dữ liệu trình diễn).",
    )
    services.explanation_record(
        actor=officer,
        case=letter,
        explanation=(
            "Người bị tố cáo thừa nhận một phần nội dung 1; giải trình đã kê khai đầy đủ tài sản (hư cấu)."
        ),
        given_on=timezone.localdate(),
    )
    first, second = Allegation.objects.filter(case=letter).order_by("position")
    services.allegation_conclude(
        actor=officer,
        allegation=first,
        finding="founded",
        findings="Có căn cứ xác định đã nhận tiền của một thí sinh.",
        sources="Trả lời xác minh của Công an tỉnh; giải trình của người bị tố cáo.",
    )
    services.allegation_conclude(
        actor=officer,
        allegation=second,
        finding="unfounded",
        findings="Thửa đất đứng tên người thân đã được kê khai trong bản kê khai bổ sung.",
        sources="Bản kê khai tài sản, thu nhập năm 2025 (hồ sơ cán bộ).",
    )
    services.letter_conclude(
        actor=leader,
        case=letter,
        conclusion="Tố cáo đúng một phần: nội dung 1 đúng, nội dung 2 sai.",
        measures="Đề nghị Ủy ban Kiểm tra xem xét kỷ luật đối với nội dung 1.",
        discipline=True,
    )
    _result_notice(officer, leader, clerk, letter)


def _result_notice(officer: User, leader: User, clerk: User, case: Case) -> None:
    from phoihop.documents.generation import draft_defaults
    from phoihop.documents.services import document_generate, document_issue, document_sign

    defaults = draft_defaults(case, officer, "thong_bao_ket_qua_don", "party")
    draft = document_generate(
        actor=officer,
        case=case,
        template="thong_bao_ket_qua_don",
        regime="party",
        symbol="BTCTU",
        subject_line="kết quả giải quyết đơn tố cáo (hư cấu)",
        parent_issuer=defaults["parent_issuer"],
        place=defaults["place"],
        body=defaults["body"],
        recipients=["Ủy ban Kiểm tra Tỉnh ủy,", "Người tố cáo (qua bộ phận giữ kho),"],
        authority="KT",
        authority_of="Trưởng ban",
        signer_title="Phó Trưởng ban",
    )
    document_sign(actor=leader, document=draft, authority="KT", signer_title="Phó Trưởng ban")
    document_issue(actor=clerk, document=draft)
