"""Producers of the vetting kind's audit events, timeline lines and notifications for the generated
content-free tests (audit/tests/test_content_free.py, cases/tests/test_history_content_free.py): each runs the
real service on the audit's World with distinctive content, so that finding any of it in what was stored
cannot be a coincidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone


def _open(w: Any, person: Any = None, purpose: str = "appointment") -> Any:
    from phoihop.cases.services import case_open
    from phoihop.vetting import rules

    rules.ensure_defaults()
    return case_open(
        actor=w.officer,
        kind="vetting",
        title="Thẩm định Huyền Bí về bổ nhiệm",
        classification=1,
        details={
            "person": str((person or w.person).uuid),
            "purpose": purpose,
            "requesting_body": "Đảng ủy xã Sương Mù Huyền Ảo",
            "requested_position": "Phó Bí thư xã Trăng Khuyết",
            "legal_basis": "Tờ trình bí ẩn số 777",
        },
    )


def opened(w: Any) -> Any:
    return _open(w)


def _complete(w: Any, case: Any) -> None:
    from phoihop.vetting.models import DossierItem
    from phoihop.vetting.services import dossier_set

    for item in DossierItem.objects.filter(case=case):
        dossier_set(
            actor=w.officer,
            item=item,
            status="received",
            received_on=timezone.localdate() - timedelta(days=1),
        )


def dossier(w: Any) -> None:
    from phoihop.vetting.models import DossierItem
    from phoihop.vetting.services import dossier_set

    case = _open(w)
    dossier_set(actor=w.officer, item=DossierItem.objects.filter(case=case).first(), status="missing")


def finding(w: Any) -> Any:
    from phoihop.vetting.services import finding_add

    case = _open(w)
    return finding_add(
        actor=w.officer,
        case=case,
        group="history",
        flags=["relatives_abroad"],
        text="Em gái Mây Trắng Bí Ẩn định cư ở xứ Sương Sớm",
        source_kind="dossier",
        source_note="Bản lý lịch bí ẩn trang 7",
    )


def explanation(w: Any) -> None:
    from phoihop.vetting.services import explanation_add

    explanation_add(
        actor=w.officer,
        finding=finding(w),
        text="Giải trình Huyền Bí về người em ở xứ Sương Sớm",
        given_on=timezone.localdate(),
    )


def verifier(w: Any) -> None:
    from phoihop.people.services import person_create
    from phoihop.vetting.services import verifier_add

    sent = person_create(
        actor=w.officer,
        confirm_distinct=True,
        basis="member-register",
        full_name="Hà Xác Minh Bí Ẩn",
        birth_year=1966,
    )
    verifier_add(actor=w.officer, case=_open(w), person=sent, place="residence")


def _appraised(w: Any) -> Any:
    from phoihop.vetting.services import appraise

    case = _open(w)
    _complete(w, case)
    appraise(
        actor=w.officer,
        case=case,
        history_issue=False,
        current_issue=False,
        verdict="meets",
        reasons="Lý do Huyền Bí: các cơ quan không có thông tin bí ẩn",
    )
    return case


def appraised(w: Any) -> None:
    _appraised(w)


def _approver(w: Any) -> Any:
    """Another leader of the hub: the one who appraised does not approve."""
    from phoihop.core.models import User
    from phoihop.core.tests.factories import UserFactory

    found = User.objects.filter(username="ld2.btc").first()
    return found or UserFactory(
        username="ld2.btc", full_name="Hoàng Duyệt Bí Ẩn", agency=w.hub, roles=["leader"], clearance=3
    )


def _concluded(w: Any) -> Any:
    from phoihop.vetting.models import Vetting
    from phoihop.vetting.services import approve

    case = _appraised(w)
    Vetting.objects.filter(case=case).update(concluder="leader")
    approve(actor=_approver(w), case=case, comment="Ý kiến lãnh đạo Huyền Bí đồng ý")
    return case


def approved(w: Any) -> None:
    _concluded(w)


def decided(w: Any) -> None:
    from phoihop.vetting.models import Vetting
    from phoihop.vetting.services import approve, decision_record

    case = _appraised(w)
    Vetting.objects.filter(case=case).update(concluder="standing")
    approve(actor=_approver(w), case=case, comment="Trình Ban Thường vụ Huyền Bí")
    decision_record(
        actor=w.officer,
        case=case,
        decision_number="777-TB/Huyền Bí",
        decision_on=timezone.localdate(),
        verdict="meets",
    )


def reused(w: Any) -> None:
    from phoihop.vetting.services import reuse

    first = _concluded(w)
    second = _open(w, purpose="planning")
    reuse(actor=w.officer, case=second, source=first.pk, justification="Lý do dùng lại Huyền Bí vừa kết luận")


def _batch(w: Any) -> Any:
    from phoihop.vetting import batches
    from phoihop.vetting.models import Purpose

    batch = batches.batch_request(
        actor=w.officer,
        name="Đại hội Huyền Bí nhiệm kỳ Sương Mù",
        purpose=Purpose.objects.get(code="congress"),
        requesting_body="Đảng ủy Trăng Khuyết Bí Ẩn",
        deadline=timezone.localdate() + timedelta(days=30),
        classification=1,
        rows=batches.check_rows(w.officer, [{"uuid": str(w.person.uuid), "position": "Ủy viên Huyền Bí"}]),
        start=False,
    )
    batches.run(batch.pk)
    batch.refresh_from_db()
    return batch


def batch_made(w: Any) -> None:
    _batch(w)


def _dispatched(w: Any) -> Any:
    from phoihop.vetting import batches

    (dispatch,) = batches.dispatch_send(
        actor=w.officer,
        batch=_batch(w),
        agencies=[w.police],
        body="Đề nghị xác minh Huyền Bí các ứng viên",
        start=False,
    )
    batches.send(dispatch.pk)
    return dispatch


def dispatched(w: Any) -> None:
    _dispatched(w)


def answered(w: Any) -> None:
    from phoihop.vetting import batches

    batches.dispatch_answer(
        actor=w.liaison, dispatch=_dispatched(w), answers={1: ("issue", "Có người thân bí ẩn ở xứ Sương Sớm")}
    )


def exported(w: Any) -> None:
    from phoihop.vetting.exports import batch_xlsx

    batch_xlsx(w.officer, _batch(w))


def rule_change(w: Any) -> None:
    from phoihop.vetting.services import purpose_set

    purpose_set(
        actor=w.admin,
        code="appointment",
        label="Bổ nhiệm Huyền Bí",
        validity_months=9,
        checklist=[("request", "Văn bản đề nghị bí ẩn", 0)],
        active=True,
        basis="Quy định bí ẩn của tỉnh Vân Mộng",
    )


AUDIT: dict[str, Callable[[Any], Any]] = {
    "vetting.open": opened,
    "vetting.dossier": dossier,
    "vetting.finding": finding,
    "vetting.explanation": explanation,
    "vetting.verifier": verifier,
    "vetting.appraise": appraised,
    "vetting.approve": approved,
    "vetting.decision": decided,
    "vetting.reuse": reused,
    "vetting.batch_request": batch_made,
    "vetting.batch_done": batch_made,
    "vetting.dispatch": dispatched,
    "vetting.dispatch_answer": answered,
    "vetting.batch_export": exported,
    "vetting.rule_change": rule_change,
}
TIMELINE: dict[str, Callable[[Any], Any]] = {
    "vetting_opened": opened,
    "vetting_dossier": dossier,
    "vetting_finding": finding,
    "vetting_explanation": explanation,
    "vetting_verifier": verifier,
}
NOTIFICATIONS: dict[str, Callable[[Any], Any]] = {
    "vetting_to_approve": lambda w: (_approver(w), appraised(w)),
    "vetting_batch_ready": batch_made,
    "vetting_dispatch_in": dispatched,
}
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "vetting.Vetting": (
        "requesting_body",
        "requested_position",
        "legal_basis",
        "reasons",
        "decision_number",
        "approval_comment",
    ),
    "vetting.Finding": ("text", "source_note"),
    "vetting.FindingExplanation": ("text",),
    "vetting.Batch": ("name", "requesting_body"),
    "vetting.Dispatch": ("body",),
}
