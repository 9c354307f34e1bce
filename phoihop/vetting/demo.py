"""The vetting kind's demo (fictional): a congress batch of 200 candidates from the hub's registry, vetted to
one deadline. The Police and the Inspection Commission each get one request listing the candidates; the Police
answers all of them, the Inspection Commission 150 (so the board shows what is still awaited), flagging the
one candidate with a live discipline, which the appraiser sees in the case's context and records as a finding
citing that reply. Twenty candidates are appraised and concluded (their conclusion decided by the leader or,
for the cadres the Standing Committee manages, recorded from its decision) and one conclusion document is
drafted, signed and issued."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from phoihop.cases.models import CoordinationRequest
from phoihop.core.calendar import add_working_days
from phoihop.core.models import Agency, User
from phoihop.people.models import DisciplineRecord, Person
from phoihop.transactions import batch
from phoihop.vetting import batches, rules, services
from phoihop.vetting.choices import ReplyFinding
from phoihop.vetting.models import Dispatch, DispatchItem, Purpose, Vetting

CANDIDATES = 200
DISCIPLINED = "Trần Thị Hoà"


@batch()
def demo_vetting() -> None:
    rules.ensure_defaults()
    officer = User.objects.get(username="btc.chuyenvien")
    leader = User.objects.get(username="btc.lanhdao")
    police, inspection = Agency.objects.get(code="CA"), Agency.objects.get(code="UBKT")
    disciplined = Person.objects.filter(full_name=DISCIPLINED).first()
    pool = list(
        Person.objects.filter(
            owner_agency=officer.agency, merged_into__isnull=True, anonymised_at__isnull=True
        )
        .exclude(full_name=DISCIPLINED)
        .order_by("id")[: CANDIDATES - 1]
    )
    if disciplined is not None:
        # the discipline notice the Inspection Commission sent (issue 19 builds the notices; a record here)
        DisciplineRecord.objects.create(
            person=disciplined,
            form="Khiển trách",
            decided_on=timezone.localdate() - timedelta(days=120),
            authority="Ủy ban Kiểm tra Đảng ủy xã Tân Hòa (hư cấu)",
            reason="Vi phạm quy định về quản lý tài chính chi bộ (dữ liệu trình diễn).",
        )
        pool.append(disciplined)
    if not pool:
        return
    deadline = add_working_days(timezone.localdate(), 30).due
    rows = batches.check_rows(
        officer, [{"uuid": str(p.uuid), "position": "Ủy viên Ban Chấp hành (hư cấu)"} for p in pool]
    )
    group = batches.batch_request(
        actor=officer,
        name="Nhân sự Đại hội Đảng bộ xã Tân Hòa nhiệm kỳ 2026–2031 (hư cấu)",
        purpose=Purpose.objects.get(code="congress"),
        requesting_body="Đảng ủy xã Tân Hòa (hư cấu)",
        deadline=deadline,
        classification=rules.policy().default_classification,
        rows=rows,
        start=False,
    )
    batches.run(group.pk)
    group.refresh_from_db()
    body = (
        "Đề nghị thẩm tra, xác minh lịch sử chính trị và chính trị hiện nay của các ứng viên nhân sự "
        "Đại hội Đảng bộ xã Tân Hòa (dữ liệu trình diễn)."
    )
    sent = batches.dispatch_send(
        actor=officer, batch=group, agencies=[police, inspection], body=body, start=False
    )
    for dispatch in sent:
        batches.send(dispatch.pk)
    _answer(User.objects.get(username="ca.daumoi"), sent[0], limit=None, flagged=None)
    _answer(User.objects.get(username="ubkt.daumoi"), sent[1], limit=150, flagged=disciplined)
    _appraise(officer, leader, group, disciplined, sent[1])


def _answer(user: User, dispatch: Dispatch, *, limit: int | None, flagged: Person | None) -> None:
    items = list(DispatchItem.objects.filter(dispatch=dispatch).select_related("case").order_by("position"))
    chosen = items if limit is None else items[:limit]
    if flagged is not None:  # the flagged candidate is always among those answered
        mark = [i for i in items if i.case.subject_name == flagged.full_name]
        chosen = [i for i in chosen if i not in mark][: len(chosen) - len(mark)] + mark
    answers = {}
    for item in chosen:
        if flagged is not None and item.case.subject_name == flagged.full_name:
            answers[item.position] = (
                ReplyFinding.ISSUE.value,
                "Bị kỷ luật khiển trách 4 tháng trước do vi phạm quy định quản lý tài chính chi bộ (hư cấu).",
            )
        else:
            answers[item.position] = (ReplyFinding.NONE.value, "")
    batches.dispatch_answer(actor=user, dispatch=dispatch, answers=answers)


def _appraise(officer: User, leader: User, group: Any, disciplined: Person | None, ubkt: Dispatch) -> None:
    vettings = list(
        Vetting.objects.filter(batch=group).select_related("case", "person").order_by("case__number")
    )
    issued = False
    done = 0
    for v in vettings:
        case = v.case
        if disciplined is not None and v.person_id == disciplined.pk:
            reply = CoordinationRequest.objects.filter(case=case, to_agency=ubkt.to_agency).first()
            services.finding_add(
                actor=officer,
                case=case,
                group="current",
                flags=["discipline"],
                text="Đang trong thời gian chịu kỷ luật khiển trách (dữ liệu trình diễn).",
                source_kind="reply",
                source_request=reply.pk if reply else None,
            )
            continue
        if (
            done >= 20
            or CoordinationRequest.objects.filter(case=case, status__in=["sent", "received"]).exists()
        ):
            continue
        for item in services.DossierItem.objects.filter(case=case).select_related("item"):
            services.dossier_set(
                actor=officer, item=item, status="received", received_on=date.today() - timedelta(days=3)
            )
        services.appraise(
            actor=officer,
            case=case,
            history_issue=False,
            current_issue=False,
            verdict="meets",
            reasons="Các cơ quan phối hợp trả lời không có thông tin về "
            "vấn đề chính trị (dữ liệu trình diễn).",
        )
        services.approve(actor=leader, case=case, comment="Đồng ý (dữ liệu trình diễn).")
        case.refresh_from_db()
        if case.status == "submitted":
            services.decision_record(
                actor=officer,
                case=case,
                decision_number="15-TB/TU (hư cấu)",
                decision_on=timezone.localdate(),
                verdict="meets",
            )
        if not issued:
            _conclusion_document(officer, leader, case)
            issued = True
        done += 1


def _conclusion_document(officer: User, leader: User, case: Any) -> None:
    from phoihop.cases.services import case_team_add
    from phoihop.documents.generation import draft_defaults
    from phoihop.documents.services import document_generate, document_issue, document_sign

    clerk = User.objects.get(username="btc.vanthu")
    case_team_add(actor=officer, case=case, user=clerk)  # the clerk issues the case's papers
    defaults = draft_defaults(case, officer, "ket_luan_tcct", "party")
    draft = document_generate(
        actor=officer,
        case=case,
        template="ket_luan_tcct",
        regime="party",
        symbol="BTCTU",
        subject_line="tiêu chuẩn chính trị (hư cấu)",
        parent_issuer=defaults["parent_issuer"],
        place=defaults["place"],
        body=defaults["body"],
        recipients=["Đảng ủy xã Tân Hòa,", "Lưu hồ sơ thẩm định."],
        authority="KT",
        authority_of="Trưởng ban",
        signer_title="Phó Trưởng ban",
    )
    document_sign(actor=leader, document=draft, authority="KT", signer_title="Phó Trưởng ban")
    document_issue(actor=clerk, document=draft)
