"""Producers of the letters kind's audit events, timeline lines and notifications for the generated
content-free tests (audit/tests/test_content_free.py, cases/tests/test_history_content_free.py): each runs the
real service on the audit's World with distinctive content, so that finding any of it in what was stored
cannot be a coincidence."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

ALLEGATIONS = [
    "Cán bộ Ngô Huyền Bí nhận tiền bí mật của thí sinh Mây "
    "Trắng trong kỳ tuyển dụng năm 2025 ở xã Sương Sớm.",
    "Cán bộ Ngô Huyền Bí không kê khai thửa đất bí ẩn số 777 ở thôn Trăng Khuyết đứng tên em vợ.",
]
WRITER = {"name": "Âu Dương Viết Đơn", "address": "Ngõ Thầm Lặng số 5", "contact": "0912 345 678"}


def _letter(w: Any, actor: Any = None, **details: Any) -> Any:
    from phoihop.cases.services import case_open

    base = {
        "channel": "post",
        "received_on": timezone.localdate() - timedelta(days=1),
        "letter_type": "denunciation",
        "regime": "party",
        "identity_status": "named",
        "signatories": 1,
        "allegations": list(ALLEGATIONS),
        "writers": [dict(WRITER)],
    }
    base.update(details)
    return case_open(
        actor=actor or w.officer,
        kind="letter",
        title="Đơn tố cáo Huyền Bí về tuyển dụng",
        summary="Bản làm việc về Ngô Huyền Bí",
        classification=1,
        details=base,
    )


def intake(w: Any) -> Any:
    return _letter(w)


def match(w: Any) -> None:
    from phoihop.letters.models import Match
    from phoihop.letters.services import match_decide

    _letter(w)
    again = _letter(w)
    match_decide(actor=w.officer, match=Match.objects.get(case=again), linked=True)


def classify_file(w: Any) -> None:
    from phoihop.letters.services import letter_classify

    letter_classify(
        actor=w.officer,
        case=_letter(w),
        processable=False,
        missing="signature",
        outcome="file",
        file_reason="not_processable",
        reason="Lưu vì thiếu chữ ký bí ẩn",
    )


def accepted(w: Any) -> Any:
    from phoihop.letters.services import letter_classify

    case = _letter(w)
    letter_classify(actor=w.officer, case=case, processable=True, outcome="accept", reason="Thụ lý bí ẩn")
    return case


def allegation(w: Any) -> Any:
    from phoihop.letters.models import Allegation
    from phoihop.letters.services import allegation_conclude

    case = accepted(w)
    for item in Allegation.objects.filter(case=case):
        allegation_conclude(
            actor=w.officer,
            allegation=item,
            finding="founded",
            findings="Kết quả xác minh Trăng Khuyết",
            sources="Biên bản Sương Sớm",
        )
    return case


def explanation(w: Any) -> Any:
    from phoihop.letters.services import explanation_record

    case = accepted(w)
    explanation_record(
        actor=w.officer,
        case=case,
        explanation="Giải trình bí ẩn của Ngô Huyền Bí",
        given_on=timezone.localdate(),
    )
    return case


def conclude(w: Any) -> None:
    from phoihop.letters.services import explanation_record, letter_conclude

    case = allegation(w)
    explanation_record(
        actor=w.officer, case=case, explanation="Giải trình Mây Trắng", given_on=timezone.localdate()
    )
    letter_conclude(actor=w.officer, case=case, conclusion="Kết luận Huyền Bí đúng", measures="Kỷ luật bí ẩn")


def _police_clerk(w: Any) -> Any:
    from phoihop.core.tests.factories import UserFactory

    return UserFactory(
        username="vt.ca",
        full_name="Lạc Văn Thư Công An",
        agency=w.police,
        roles=["clerk", "leader"],
        clearance=3,
    )


def transfer(w: Any) -> Any:
    """The hub transfers a letter to the Police (whose clerk is told), which takes it in."""
    from phoihop.cases.services import case_open
    from phoihop.letters.models import Transfer
    from phoihop.letters.services import letter_classify, transfer_prefill

    clerk = _police_clerk(w)
    source = _letter(w)
    letter_classify(
        actor=w.officer,
        case=source,
        processable=True,
        outcome="transfer",
        to_agency=w.police,
        slip="99/PC-BTC",
    )
    pre = transfer_prefill(clerk, Transfer.objects.get(source=source))
    taken = case_open(
        actor=clerk,
        kind="letter",
        title=pre["title"],
        summary=pre["summary"],
        classification=1,
        details={k: v for k, v in pre["details"].items() if k != "writers_count"},
    )
    return clerk, taken


def result(w: Any) -> None:
    """The Police conclude the transferred letter: the hub's letter receives the result."""
    from phoihop.letters.models import Allegation
    from phoihop.letters.services import allegation_conclude, letter_classify, letter_conclude

    clerk, taken = transfer(w)
    letter_classify(actor=clerk, case=taken, processable=True, outcome="accept")
    for item in Allegation.objects.filter(case=taken):
        allegation_conclude(
            actor=clerk,
            allegation=item,
            finding="unfounded",
            findings="Không đúng Trăng Khuyết",
            sources="Hồ sơ Sương Sớm",
        )
    letter_conclude(actor=clerk, case=taken, conclusion="Tố cáo sai Huyền Bí")


def _keeper(w: Any) -> Any:
    from phoihop.core.tests.factories import UserFactory

    return UserFactory(
        username="kho.btc", full_name="Giữ Kho Bí Ẩn", agency=w.hub, roles=["clerk", "vault"], clearance=1
    )


def vault_open(w: Any) -> None:
    from phoihop.letters.services import vault_open as open_vault
    from phoihop.letters.services import vault_same_writer

    case = _letter(w)
    open_vault(actor=_keeper(w), case=case, reason="Gửi thông báo kết quả Mây Trắng")
    vault_same_writer(actor=_keeper_cached(w), case=case, reason="Đối chiếu người viết Sương Sớm")


def _keeper_cached(w: Any) -> Any:
    from phoihop.core.models import User

    return User.objects.get(username="kho.btc")


def vault_denied(w: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from phoihop.letters.services import vault_open as open_vault

    case = _letter(w)
    with contextlib.suppress(PermissionDenied):
        open_vault(actor=w.auditor, case=case, reason="Tò mò về người viết Sương Sớm")


def rule_change(w: Any) -> None:
    from phoihop.letters.services import rule_set

    rule_set(
        actor=w.admin,
        regime="party",
        letter_type="",
        step="classify",
        days=8,
        unit="working",
        counts_from="receipt",
        max_extensions=0,
        extension_days=0,
        basis="Quy định Trăng Khuyết",
        verified=False,
    )


def export(w: Any) -> None:
    from django.test import Client

    _letter(w)
    client = Client()
    client.force_login(w.officer)
    assert client.get("/letters/?format=xlsx&q=Huyền Bí").status_code == 200


AUDIT: dict[str, Callable[[Any], Any]] = {
    "letter.intake": intake,
    "letter.match": match,
    "letter.classify": classify_file,
    "letter.transfer_receive": transfer,
    "letter.allegation": allegation,
    "letter.explanation": explanation,
    "letter.conclude": conclude,
    "letter.result": result,
    "letter.vault_open": vault_open,
    "letter.vault_denied": vault_denied,
    "letter.rule_change": rule_change,
    "letter.export": export,
}
TIMELINE: dict[str, Callable[[Any], Any]] = {
    "case_deadline_start": accepted,
    "letter_received": intake,
    "letter_match": match,
    "letter_explanation": explanation,
    "letter_allegation": allegation,
    "letter_transfer_received": transfer,
    "letter_result": result,
}
NOTIFICATIONS: dict[str, Callable[[Any], Any]] = {
    "letter_transfer_in": transfer,
    "letter_result": result,
}
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "letters.Allegation": ("text", "findings", "sources"),
    "letters.Explanation": ("text",),
    "letters.Letter": ("measures",),
    "letters.VaultRead": ("reason",),
}
