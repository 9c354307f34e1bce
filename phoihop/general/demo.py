"""Fictional demo cases of the general kind: the hub verifies a (fictional) cadre with the Police (a
classified case with its team: the officer who opened it and the clerk); another case already concluded."""

from __future__ import annotations

from phoihop.cases import services
from phoihop.core.models import Agency, User
from phoihop.people.models import Person
from phoihop.transactions import batch

CODE = "general"  # the kind's code (kind.py imports this module, so it cannot import kind.py)


@batch()  # many user actions, loaded together or not at all
def demo_cases() -> None:
    officer = User.objects.get(username="btc.chuyenvien")
    leader = User.objects.get(username="btc.lanhdao")
    clerk = User.objects.get(username="btc.vanthu")
    police_liaison = User.objects.get(username="ca.daumoi")
    police, inspection = Agency.objects.get(code="CA"), Agency.objects.get(code="UBKT")
    verify = services.case_open(
        actor=officer,
        kind=CODE,
        title="Thẩm tra tiêu chuẩn chính trị nhân sự dự kiến bổ nhiệm (hư cấu)",
        classification=1,
        subject_name="Đoàn Văn Thử (nhân vật hư cấu)",
        summary="Nhân sự dự kiến bổ nhiệm Phó Giám đốc Sở (dữ liệu trình diễn).",
        subjects=Person.objects.filter(full_name="Đoàn Văn Thử", unit__code="CB-BTC")[:1],
    )
    services.case_team_add(actor=leader, case=verify, user=clerk)
    services.request_send(
        actor=officer,
        case=verify,
        to_agency=police,
        kind="verify",
        days=10,
        body="Đề nghị Công an tỉnh xác minh lịch sử chính trị và chính trị hiện nay của nhân sự nêu trên.",
    )

    opinion = services.case_open(
        actor=officer, kind=CODE, title="Xin ý kiến về nhân sự quy hoạch (hư cấu)", participants=[inspection]
    )
    asked = services.request_send(
        actor=officer,
        case=opinion,
        to_agency=police,
        kind="opinion",
        days=5,
        body="Đề nghị cho ý kiến về nhân sự quy hoạch.",
    )
    services.request_respond(
        actor=police_liaison, req=asked, response="Không có thông tin bất lợi.", answer="agree"
    )
    services.case_transition(
        actor=leader, case=opinion, name="conclude", reason="Các cơ quan nhất trí; đủ điều kiện."
    )
