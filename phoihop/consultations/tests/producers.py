"""Producers of the consultation kind's audit events, timeline lines and notifications for the generated
content-free tests (audit/tests/test_content_free.py, cases/tests/test_history_content_free.py): each runs the
real service on the audit's World with distinctive content, so that finding any of it in what was stored
cannot be a coincidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone


def _open(w: Any, kind: str = "hiep_y") -> Any:
    from phoihop.cases.services import case_open
    from phoihop.consultations import rules

    rules.ensure_defaults()
    return case_open(
        actor=w.officer,
        kind="consultation",
        title="Hiệp y Huyền Bí về bổ nhiệm",
        classification=1,
        details={
            "type": kind,
            "asking_body": "Bộ Sương Mù Huyền Ảo",
            "legal_basis": "Tờ trình bí ẩn số 888",
            "consulted": [w.police.code],
            "candidates": [
                {
                    "person": str(w.person.uuid),
                    "current_position": "Trưởng phòng Trăng Khuyết",
                    "proposed_position": "Phó Giám đốc Sở Mây Trắng",
                }
            ],
        },
    )


def opened(w: Any) -> Any:
    return _open(w)


def _answer(w: Any, case: Any) -> None:
    from phoihop.consultations.models import Candidate
    from phoihop.consultations.services import opinion_give

    opinion_give(
        actor=w.liaison,
        case=case,
        answers=[
            {"candidate": c.pk, "answer": "other", "reasons": "Lý do bí ẩn của Công an Vân Mộng"}
            for c in Candidate.objects.filter(case=case)
        ],
    )


def answered(w: Any) -> None:
    _answer(w, _open(w))


def silence(w: Any) -> None:
    from phoihop.cases.models import CoordinationRequest
    from phoihop.consultations.services import silence_sweep

    case = _open(w)
    CoordinationRequest.objects.filter(case=case).update(due_on=timezone.localdate() - timedelta(days=1))
    silence_sweep()


def decided(w: Any) -> None:
    from phoihop.consultations.services import consultation_decide

    case = _open(w)
    _answer(w, case)
    consultation_decide(actor=w.officer, case=case, decision="agreed", note="Quyết định Huyền Bí Sương Sớm")


def exported(w: Any) -> None:
    from phoihop.consultations import selectors
    from phoihop.consultations.exports import consultations_xlsx

    _answer(w, _open(w))
    consultations_xlsx(w.officer, selectors.consultations(w.officer))


def type_change(w: Any) -> None:
    from phoihop.consultations.services import type_set

    type_set(
        actor=w.admin,
        code="hiep_y",
        label="Hiệp y Huyền Bí",
        days=9,
        unit="working",
        silence_is_consent=True,
        basis="Quy định bí ẩn của tỉnh Vân Mộng",
    )


AUDIT: dict[str, Callable[[Any], Any]] = {
    "consultation.open": opened,
    "consultation.answer": answered,
    "consultation.silence": silence,
    "consultation.decide": decided,
    "consultation.export": exported,
    "consultation.type_change": type_change,
}
TIMELINE: dict[str, Callable[[Any], Any]] = {
    "consultation_opened": opened,
    "consultation_answered": answered,
    "consultation_silence": silence,
    "consultation_decided": decided,
}
NOTIFICATIONS: dict[str, Callable[[Any], Any]] = {
    "consultation_silence": silence,
}
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "consultations.Consultation": ("asking_body", "legal_basis", "decision_note"),
    "consultations.Candidate": ("current_position", "proposed_position"),
    "consultations.Opinion": ("reasons",),
}
