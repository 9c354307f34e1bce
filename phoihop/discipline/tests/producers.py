"""Producers of the discipline kind's audit events, timeline lines and notifications for the generated
content-free tests (audit/tests/test_content_free.py, cases/tests/test_history_content_free.py): each runs the
real service on the audit's World with distinctive content, so that finding any of it in what was stored
cannot be a coincidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone


def _open(w: Any, days_ago: int = 10) -> Any:
    from phoihop.cases.services import case_open
    from phoihop.discipline import rules

    rules.ensure_defaults()
    decided = timezone.localdate() - timedelta(days=days_ago)
    return case_open(
        actor=w.officer,
        kind="discipline",
        title="Kỷ luật Huyền Bí",
        classification=1,
        details={
            "origin": "party",
            "subject_type": "member",
            "person": str(w.person.uuid),
            "sanction": "warning",
            "violation": "Vi phạm bí ẩn ở xứ Sương Mù Huyền Ảo",
            "deciding_level": "inspection",
            "deciding_body": "Ủy ban Kiểm tra Trăng Khuyết",
            "decision_number": "777-QĐ/BÍẨN",
            "decided_on": decided.isoformat(),
            "effective_on": decided.isoformat(),
            "received_on": decided.isoformat(),
            "state_measures": "Biện pháp bí ẩn Sương Sớm",
        },
    )


def opened(w: Any) -> Any:
    return _open(w)


def _recorded(w: Any, days_ago: int = 10) -> Any:
    from phoihop.discipline import services

    case = _open(w, days_ago)
    services.record(actor=w.officer, case=case)
    return case


def recorded(w: Any) -> None:
    _recorded(w)


def _acknowledged(w: Any, days_ago: int = 10) -> Any:
    from phoihop.discipline import services
    from phoihop.discipline.models import Acknowledgement

    case = _recorded(w, days_ago)
    for ack in Acknowledgement.objects.filter(case=case):
        services.acknowledge(
            actor=w.officer, ack=ack, acknowledged_on=timezone.localdate(), reference="Sổ giao nhận Huyền Bí"
        )
    return case


def acknowledged(w: Any) -> None:
    _acknowledged(w)


def _appealed(w: Any) -> Any:
    from phoihop.discipline import services

    case = _recorded(w, days_ago=90)
    services.appeal(
        actor=w.officer, case=case, filed_on=timezone.localdate(), late_reason="Lý do bí ẩn xứ Trăng Khuyết"
    )
    return case


def appealed(w: Any) -> None:
    _appealed(w)


def appeal_decided(w: Any) -> None:
    from phoihop.discipline import services
    from phoihop.discipline.models import Sanction

    services.appeal_decide(
        actor=w.officer,
        case=_appealed(w),
        outcome="changed",
        decided_on=timezone.localdate(),
        body="Hội đồng Huyền Bí Sương Sớm",
        reasons="Căn cứ bí ẩn của xứ Vân Mộng",
        sanction=Sanction.objects.get(code="reprimand"),
    )


def closed(w: Any) -> None:
    from phoihop.discipline import services

    services.close(actor=w.officer, case=_acknowledged(w, days_ago=90))


def exported(w: Any) -> None:
    from phoihop.discipline.exports import notices_xlsx

    _open(w)
    notices_xlsx(w.officer, {})


def rule_change(w: Any) -> None:
    from phoihop.discipline.services import policy_set, sanction_set

    policy_set(actor=w.admin, appeal_days=40, basis="Quy định bí ẩn của tỉnh Vân Mộng")
    sanction_set(
        actor=w.admin,
        code="warning",
        label="Cảnh cáo Huyền Bí",
        regime="party",
        for_member=True,
        for_probationary=True,
        for_organisation=True,
        needs_post=False,
        limitation_years=10,
        active=True,
        basis="Quy định bí ẩn của tỉnh Vân Mộng",
        verified=False,
    )


def appeal_ending(w: Any) -> None:
    from phoihop.discipline import reminders, rules

    _recorded(w, days_ago=27)
    policy = rules.policy()
    policy.remind_days = 10
    policy.save()
    reminders.send_reminders()


AUDIT: dict[str, Callable[[Any], Any]] = {
    "discipline.open": opened,
    "discipline.record": recorded,
    "discipline.ack": acknowledged,
    "discipline.appeal": appealed,
    "discipline.appeal_decide": appeal_decided,
    "discipline.close": closed,
    "discipline.export": exported,
    "discipline.rule_change": rule_change,
}
TIMELINE: dict[str, Callable[[Any], Any]] = {
    "discipline_opened": opened,
    "discipline_ack": acknowledged,
}
NOTIFICATIONS: dict[str, Callable[[Any], Any]] = {
    "discipline_appeal_ending": appeal_ending,
}
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "discipline.DisciplineNotice": (
        "violation",
        "deciding_body",
        "decision_number",
        "state_measures",
        "appeal_late_reason",
        "appeal_body",
        "appeal_reasons",
    ),
    "discipline.Acknowledgement": ("reference",),
}
