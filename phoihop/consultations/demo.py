"""The consultation kind's demo (fictional): the Organization Board consults the Inspection Commission, the
Police and the Internal Affairs Board (hiệp y) on one registered demo person proposed for a post. Two bodies
answer; the third stays silent past its period, so "agreed by silence" is recorded with the rule that applied;
the Board records its decision and issues the reply. The asker sees the candidate's context (a discipline the
discipline demo adds shows there)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from phoihop.cases.models import CoordinationRequest
from phoihop.consultations import rules, services
from phoihop.consultations.models import Candidate, Consultee
from phoihop.core.models import Agency, User
from phoihop.people.models import Person
from phoihop.transactions import batch

CANDIDATE = "Lê Thị Thuỷ"


@batch()
def demo_consultations() -> None:
    from phoihop.cases.services import case_open

    rules.ensure_defaults()
    officer = User.objects.get(username="btc.chuyenvien")
    leader = User.objects.get(username="btc.lanhdao")
    from phoihop.discipline.demo import warned_person

    # the member the Inspection Commission warned (discipline demo), else a registered demo person
    person = warned_person() or Person.objects.filter(full_name=CANDIDATE, merged_into__isnull=True).first()
    codes = [c for c in ("CA", "NC", "UBKT") if Agency.objects.filter(code=c, active=True).exists()]
    if person is None or len(codes) < 3:
        return
    case = case_open(
        actor=officer,
        kind="consultation",
        title="Hiệp y nhân sự dự kiến bổ nhiệm Phó Trưởng ban (demo, hư cấu)",
        classification=1,
        details={
            "type": "hiep_y",
            "direction": "out",
            "asking_body": "Ban Thường vụ Tỉnh ủy (demo)",
            "legal_basis": "Quy định 377-QĐ/TW; Tờ trình số 01-TTr/BTCTU (demo)",
            "consulted": codes,
            "candidates": [
                {
                    "person": str(person.uuid),
                    "current_position": person.position or "Trưởng phòng (demo)",
                    "proposed_position": "Phó Trưởng ban Tổ chức Tỉnh ủy (demo)",
                }
            ],
        },
    )
    candidate = Candidate.objects.get(case=case)
    for username, answer, reasons in (
        ("ubkt.daumoi", "agree", ""),
        ("ca.daumoi", "other", "Đề nghị làm rõ việc kê khai tài sản năm 2024 (demo)."),
    ):
        services.opinion_give(
            actor=User.objects.get(username=username),
            case=case,
            answers=[{"candidate": candidate.pk, "answer": answer, "reasons": reasons}],
        )
    silent = Consultee.objects.select_related("request").get(case=case, agency__code="NC")
    # the period ran out: the demo moves the Internal Affairs Board's request into the past (sent two weeks
    # ago, due yesterday), as if the consultation had been open that long
    today = timezone.localdate()
    past = today - timedelta(days=1)
    CoordinationRequest.objects.filter(pk=silent.request_id).update(
        sent_on=today - timedelta(days=14), due_on=past
    )
    services.silence_record(consultee_id=silent.pk, today=today)
    services.consultation_decide(
        actor=leader, case=case, decision="agreed", note="Đồng ý nhân sự (demo).", decided_on=None
    )
    _reply(officer, leader, case)


def _reply(officer: User, leader: User, case: Any) -> None:
    from phoihop.cases.services import case_team_add
    from phoihop.documents.generation import draft_defaults
    from phoihop.documents.services import document_generate, document_issue, document_sign

    clerk = User.objects.get(username="btc.vanthu")
    case_team_add(actor=officer, case=case, user=clerk)
    defaults = draft_defaults(case, officer, "cv_tra_loi_hiep_y", "party")
    draft = document_generate(
        actor=officer,
        case=case,
        template="cv_tra_loi_hiep_y",
        regime="party",
        symbol="BTCTU",
        subject_line="trả lời hiệp y nhân sự (demo)",
        parent_issuer=defaults["parent_issuer"],
        place=defaults["place"],
        body=defaults["body"],
        recipients=["Ban Thường vụ Tỉnh ủy (demo),", "Lưu hồ sơ hiệp y."],
        authority="KT",
        authority_of="Trưởng ban",
        signer_title="Phó Trưởng ban",
    )
    document_sign(actor=leader, document=draft, authority="KT", signer_title="Phó Trưởng ban")
    document_issue(actor=clerk, document=draft)
