"""The discipline kind's demo (fictional). The Inspection Commission notifies a warning to a member who is a
candidate of the congress batch (so the vetting appraiser sees it in the vetting's context, and a consultation
about the person shows it): recorded in the dossier, both bodies acknowledge, the notice document is issued.
The Board records a reprimand another member appealed, annulled on appeal (the dossier shows both), and a
State body's late notice of a reprimand of a cadre who is a Party member, just received."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from phoihop.access.policy import Action, can
from phoihop.cases.services import case_open, case_team_add
from phoihop.core.models import User
from phoihop.discipline import rules, services
from phoihop.discipline.models import Acknowledgement
from phoihop.people.models import Person
from phoihop.transactions import batch


def _notice(actor: User, person: Person, title: str, participants: Any = (), **details: Any) -> Any:
    return case_open(
        actor=actor,
        kind="discipline",
        title=title,
        subject_name=person.full_name,
        classification=1,
        participants=participants,
        details={"person": str(person.uuid), "subject_type": "member", **details},
    )


def warned_person() -> Person | None:
    """The member the demo's warning is about (for the consultation demo), once it was notified."""
    from phoihop.discipline.models import DisciplineNotice

    found = DisciplineNotice.objects.filter(sanction__code="warning", person__isnull=False).order_by(
        "case__number"
    )
    first = found.select_related("person").first()
    return first.person if first is not None else None


def demo_person() -> Person | None:
    """The member the demo's warning is about: a candidate of the congress batch being vetted."""
    from phoihop.vetting.models import Vetting

    found = (
        Vetting.objects.filter(
            batch__isnull=False, concluded_on__isnull=True, person__status="member", person__position__gt=""
        )
        .exclude(person__discipline__isnull=False)
        .select_related("person")
        .order_by("case__number")
        .first()
    )
    return found.person if found is not None else None


@batch()
def demo_discipline() -> None:
    rules.ensure_defaults()
    officer = User.objects.get(username="btc.chuyenvien")
    leader = User.objects.get(username="btc.lanhdao")
    inspector = User.objects.get(username="ubkt.daumoi")
    today = timezone.localdate()
    person = demo_person()
    if person is None:
        return
    # the Commission opens the notice itself when it may see the member; else the Board records the notice it
    # received and the Commission follows it as a participant
    own = can(inspector, Action.VIEW, person)
    notifier = inspector if own else officer
    warning = _notice(
        notifier,
        person,
        "Thông báo thi hành kỷ luật cảnh cáo (dữ liệu trình diễn)",
        participants=() if own else [inspector.agency],
        origin="party",
        sanction="warning",
        violation="Vi phạm quy định về những điều đảng viên không được làm (dữ liệu trình diễn).",
        violated_on=(today - timedelta(days=200)).isoformat(),
        deciding_level="inspection",
        deciding_body="Ủy ban Kiểm tra Tỉnh ủy (hư cấu)",
        decision_number="15-QĐ/UBKTTU",
        decided_on=(today - timedelta(days=12)).isoformat(),
        effective_on=(today - timedelta(days=12)).isoformat(),
        served_on=(today - timedelta(days=10)).isoformat(),
        received_on=(today - timedelta(days=8)).isoformat(),
    )
    services.record(actor=notifier, case=warning)
    for ack in Acknowledgement.objects.filter(case=warning):
        services.acknowledge(
            actor=notifier,
            ack=ack,
            acknowledged_on=today,
            reference="Sổ giao nhận (trình diễn)",
        )
    _notice_document(notifier, warning)

    others = list(
        Person.objects.filter(owner_agency=officer.agency, status="member", discipline__isnull=True)
        .exclude(pk=person.pk)
        .order_by("-id")[:2]
    )
    if len(others) < 2:
        return
    appealed = _notice(
        officer,
        others[0],
        "Thông báo kỷ luật khiển trách (dữ liệu trình diễn)",
        origin="party",
        sanction="reprimand",
        violation="Vi phạm chế độ sinh hoạt đảng (dữ liệu trình diễn).",
        deciding_level="cell",
        deciding_body="Chi bộ thôn Hư Cấu",
        decision_number="02-QĐ/CB",
        decided_on=(today - timedelta(days=60)).isoformat(),
        effective_on=(today - timedelta(days=58)).isoformat(),
        received_on=(today - timedelta(days=55)).isoformat(),
    )
    services.record(actor=officer, case=appealed)
    services.appeal(actor=officer, case=appealed, filed_on=today - timedelta(days=40))
    services.appeal_decide(
        actor=leader,
        case=appealed,
        outcome="annulled",
        decided_on=today - timedelta(days=5),
        body="Đảng ủy xã Hư Cấu",
        reasons="Chưa đủ căn cứ kết luận vi phạm (dữ liệu trình diễn).",
    )
    _notice(
        officer,
        others[1],
        "Thông báo kỷ luật chính quyền đối với đảng viên (dữ liệu trình diễn)",
        origin="state",
        sanction="state_reprimand",
        violation="Vi phạm quy chế làm việc của cơ quan (dữ liệu trình diễn).",
        deciding_level="state",
        deciding_body="Sở Hư Cấu",
        decision_number="88/QĐ-SHC",
        decided_on=(today - timedelta(days=20)).isoformat(),
        effective_on=(today - timedelta(days=20)).isoformat(),
        received_on=(today - timedelta(days=3)).isoformat(),
        state_measures="Không bố trí giữ chức vụ quản lý trong thời gian thi hành kỷ luật (trình diễn).",
    )


def _notice_document(actor: User, case: Any) -> None:
    from phoihop.documents.generation import draft_defaults
    from phoihop.documents.services import document_generate, document_issue, document_sign

    clerks = User.objects.filter(agency=actor.agency, is_active=True, roles__code="clerk").order_by("id")
    leaders = User.objects.filter(agency=actor.agency, is_active=True, roles__code="leader").order_by("id")
    clerk, leader = clerks.first(), leaders.first()
    if clerk is None or leader is None:
        return
    case_team_add(actor=actor, case=case, user=clerk)
    defaults = draft_defaults(case, actor, "thong_bao_ky_luat", "party")
    draft = document_generate(
        actor=actor,
        case=case,
        template="thong_bao_ky_luat",
        regime="party",
        symbol="UBKTTU" if actor.agency.code == "UBKT" else "BTCTU",
        subject_line="thi hành kỷ luật (hư cấu)",
        parent_issuer=defaults["parent_issuer"],
        place=defaults["place"],
        body=defaults["body"],
        recipients=["Đảng ủy nơi đảng viên sinh hoạt,", "Ban Tổ chức Tỉnh ủy,", "Lưu hồ sơ."],
        authority="TM",
        authority_of="Ủy ban Kiểm tra",
        signer_title="Phó Chủ nhiệm",
    )
    document_sign(actor=leader, document=draft, authority="TM", signer_title="Phó Chủ nhiệm")
    document_issue(actor=clerk, document=draft)
