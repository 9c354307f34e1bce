"""The letters kind (đơn thư khiếu nại, tố cáo): its whole surface on the case engine (cases/kinds.py), copied
from phoihop/general/ and extended with what a kind with its own fields declares: a details model, form and
serializer, panels, list columns, report dimensions, official documents and a case rule that depends on the
letter (its regime and type).

The flow (docs/letters.md): a clerk takes a letter in (received) → it is classified within its period —
accepted (handling), transferred, the writer guided, filed or used as information — the classification steps
are fired only by `letters.services.letter_classify` (`by_kind`), which checks what each needs; an accepted
letter is verified with partners through coordination requests and concluded allegation by allegation
(`letter_conclude`), or stops when the writer withdraws."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Column, Dimension, DocumentTemplate, KindSpec, Panel, Step
from phoihop.cases.workflow import Transition, Workflow, clear_outcome, no_open_requests, record_outcome
from phoihop.core.choices import RoleCode
from phoihop.letters import forms, rules, selectors, services
from phoihop.letters.api.serializers import LetterDetailsSerializer
from phoihop.letters.demo import demo_letters
from phoihop.letters.models import Letter
from phoihop.letters.panels import panel_context
from phoihop.letters.synth import synth_letters

CODE = "letter"
CLERKS = (RoleCode.CLERK, RoleCode.OFFICER, RoleCode.LEADER)
LEADERS = (RoleCode.LEADER,)


def _by_kind(name: str, label: Any, target: str, done: Any, roles: tuple[str, ...] = LEADERS) -> Transition:
    return Transition(
        name, label, "received", target, roles, requires_reason=False, by_kind=True, done_label=done
    )


WORKFLOW = Workflow(
    kind=CODE,
    initial="received",
    states={
        "received": _("Đã tiếp nhận, chờ phân loại"),
        "handling": _("Đang giải quyết"),
        "transferred": _("Đã chuyển cơ quan có thẩm quyền"),
        "guided": _("Đã hướng dẫn người viết"),
        "filed": _("Lưu đơn"),
        "information": _("Sử dụng làm thông tin"),
        "concluded": _("Đã kết luận"),
        "withdrawn": _("Người viết rút đơn"),
    },
    transitions=(
        _by_kind("accept", pgettext_lazy("case transition", "Thụ lý"), "handling", _("Đã thụ lý đơn")),
        _by_kind(
            "transfer",
            pgettext_lazy("case transition", "Chuyển đơn"),
            "transferred",
            _("Đã chuyển đơn"),
            CLERKS,
        ),
        _by_kind(
            "guide",
            pgettext_lazy("case transition", "Hướng dẫn"),
            "guided",
            _("Đã hướng dẫn người viết"),
            CLERKS,
        ),
        _by_kind("file", pgettext_lazy("case transition", "Lưu đơn"), "filed", _("Đã lưu đơn"), CLERKS),
        _by_kind(
            "information",
            pgettext_lazy("case transition", "Sử dụng làm thông tin"),
            "information",
            _("Đã chuyển đơn thành thông tin tham khảo"),
            CLERKS,
        ),
        Transition(
            "conclude",
            pgettext_lazy("case transition", "Kết luận"),
            "handling",
            "concluded",
            LEADERS,
            requires_reason=True,
            guard=no_open_requests,
            effects=(record_outcome,),
            by_kind=True,
            done_label=_("Đã kết luận nội dung đơn"),
        ),
        Transition(
            "withdraw",
            pgettext_lazy("case transition", "Người viết rút đơn"),
            "handling",
            "withdrawn",
            LEADERS,
            requires_reason=True,
            effects=(record_outcome,),
            done_label=_("Đã dừng giải quyết do người viết rút đơn"),
        ),
        Transition(
            "reopen",
            pgettext_lazy("case transition", "Mở lại"),
            "concluded",
            "handling",
            LEADERS,
            requires_reason=True,
            effects=(clear_outcome,),
            done_label=_("Đã mở lại đơn"),
        ),
        # a letter filed, guided or used as information by mistake is classified again (a transferred one is
        # the receiving agency's now)
        *(
            Transition(
                f"reclassify_{state}",
                pgettext_lazy("case transition", "Phân loại lại"),
                state,
                "received",
                LEADERS,
                requires_reason=True,
                effects=(clear_outcome,),
                done_label=_("Đã đưa đơn về phân loại lại"),
            )
            for state in ("guided", "filed", "information")
        ),
    ),
    final=frozenset({"transferred", "guided", "filed", "information", "concluded", "withdrawn"}),
    tones={"concluded": "success", "received": "warning"},
)

BASIS = "Quy chế phối hợp (mặc định)"


def _details(case: Any) -> Letter | None:
    return SPEC.details_of(case)


SPEC = KindSpec(
    code=CODE,
    label=_("Đơn thư khiếu nại, tố cáo"),
    prefix="DT",
    workflow=WORKFLOW,
    # the case's own deadline is the letter rule's (rules.case_rule: its regime and type), started when the
    # letter is accepted; coordination requests keep the kind's own periods
    steps=(
        Step(DeadlineStep.VERIFY, DeadlineStep.VERIFY.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.INFORMATION, DeadlineStep.INFORMATION.label, 10, DeadlineUnit.WORKING, BASIS),
    ),
    request_kinds=(RequestKind.VERIFY, RequestKind.INFORMATION),
    details_model=Letter,
    details_form=forms.LetterDetailsForm,
    details_serializer=LetterDetailsSerializer,
    on_open=services.on_open,
    on_subject_added=services.on_subject_added,
    case_rule=rules.case_rule,
    team_check=services.team_check,
    document_fields=selectors.document_fields,
    panels=(Panel("letter", "letters/panel.html", panel_context),),
    columns=(
        Column(
            "letter_type",
            _("Loại đơn"),
            lambda case: d.get_letter_type_display() if (d := _details(case)) else "",
        ),
        Column("received_on", _("Ngày nhận"), lambda case: d.received_on if (d := _details(case)) else ""),
        Column(
            "outcome", _("Hướng xử lý"), lambda case: d.get_outcome_display() if (d := _details(case)) else ""
        ),
    ),
    dimensions=(
        Dimension("letter_type", _("Loại đơn"), "letter__letter_type"),
        Dimension("regime", _("Chế độ"), "letter__regime"),
        Dimension("channel", _("Nguồn đơn"), "letter__channel"),
        Dimension("identity_status", _("Người viết"), "letter__identity_status"),
        Dimension("outcome", _("Hướng xử lý"), "letter__outcome"),
        Dimension("status", _("Trạng thái"), "status"),
        Dimension("finding", _("Kết luận từng nội dung"), "allegations__finding"),
    ),
    documents=(
        DocumentTemplate(
            "thong_bao_thu_ly",
            _("Thông báo thụ lý đơn"),
            "TB",
            "THÔNG BÁO",
            "Ngày {received}, {agency_self} nhận được đơn (hồ sơ {case}) liên quan đến {subject}. Xét thấy "
            "nội dung đơn thuộc thẩm quyền, {agency_self} thông báo thụ lý giải quyết đơn theo quy định.",
        ),
        DocumentTemplate(
            "thong_bao_khong_thu_ly",
            _("Thông báo không thụ lý đơn"),
            "TB",
            "THÔNG BÁO",
            "Ngày {received}, {agency_self} nhận được đơn (hồ sơ {case}) liên quan đến {subject}. Đơn "
            "không đủ điều kiện thụ lý giải quyết theo quy định; {agency_self} thông báo không thụ lý.",
        ),
        DocumentTemplate(
            "phieu_chuyen_don",
            _("Phiếu chuyển đơn"),
            "PC",
            "PHIẾU CHUYỂN ĐƠN",
            "{agency_self} nhận được đơn (hồ sơ {case}) liên quan đến {subject}. Nội dung "
            "đơn không thuộc thẩm quyền giải quyết; {agency_self} chuyển đơn đến {agency} "
            "để xem xét, giải quyết theo thẩm quyền và thông báo kết quả theo quy định.",
        ),
        DocumentTemplate(
            "quyet_dinh_gia_han",
            _("Quyết định gia hạn giải quyết đơn"),
            "QĐ",
            "QUYẾT ĐỊNH",
            "Gia hạn thời hạn giải quyết đơn (hồ sơ {case}) liên quan đến {subject}. Quyết định này được gửi "
            "người viết đơn và người bị tố cáo.",
        ),
        DocumentTemplate(
            "ket_luan_noi_dung",
            _("Kết luận nội dung tố cáo"),
            "KL",
            "KẾT LUẬN",
            "Kết luận nội dung đơn (hồ sơ {case}) liên quan đến {subject}:\n{allegations}",
        ),
        DocumentTemplate(
            "thong_bao_ket_qua_don",
            _("Thông báo kết quả giải quyết đơn"),
            "TB",
            "THÔNG BÁO",
            "{agency_self} thông báo kết quả giải quyết đơn (hồ "
            "sơ {case}) liên quan đến {subject}:\n{allegations}",
        ),
    ),
    demo=demo_letters,
    synth=synth_letters,
    example_details={
        "channel": "post",
        "received_on": "2026-11-02",
        "letter_type": "denunciation",
        "regime": "party",
        "identity_status": "named",
        "signatories": 1,
        "subject_flags": ["ethics"],
        "allegations": ["Nhận tiền của thí sinh trong kỳ tuyển dụng năm 2025 (hư cấu)."],
        "writers": [{"name": "Người Viết Hư Cấu", "address": "Địa chỉ hư cấu"}],
    },
)
