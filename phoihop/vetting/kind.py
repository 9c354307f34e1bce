"""The vetting kind (thẩm định tiêu chuẩn chính trị): its whole surface on the case engine (cases/kinds.py),
copied from phoihop/letters/ — details model, form and serializer, panel, list columns, report dimensions,
official documents, demo and synth — on the people registry (the subject is a registered person).

The flow (docs/vetting.md): the hub opens a vetting (open) → verification requests to partners, verifiers sent
to the residence and workplace, findings with their sources, the subject's explanations → the Board appraises
(appraised; every request answered or withdrawn) → the leader approves: concluded when the Board's leader
concludes for the subject's management level, or submitted to the Standing Committee, whose decision the Board
records (concluded). The appraisal, approval and decision run only through the kind's services (`by_kind`);
returning an appraisal and reopening a conclusion need a reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Column, Dimension, DocumentTemplate, KindSpec, Panel, Step
from phoihop.cases.workflow import Transition, Workflow, clear_outcome, no_open_requests, record_outcome
from phoihop.core.choices import RoleCode
from phoihop.vetting import forms, selectors, services
from phoihop.vetting.api.serializers import VettingDetailsSerializer
from phoihop.vetting.demo import demo_vetting
from phoihop.vetting.models import Vetting
from phoihop.vetting.panels import panel_context
from phoihop.vetting.synth import synth_vetting

CODE = "vetting"
WORKERS = (RoleCode.OFFICER, RoleCode.LEADER)
LEADERS = (RoleCode.LEADER,)

WORKFLOW = Workflow(
    kind=CODE,
    initial="open",
    states={
        "open": _("Đang thẩm tra, xác minh"),
        "appraised": _("Đã thẩm định, chờ lãnh đạo duyệt"),
        "submitted": _("Đã trình Ban Thường vụ"),
        "concluded": _("Đã kết luận"),
    },
    transitions=(
        Transition(
            "appraise",
            pgettext_lazy("case transition", "Thẩm định"),
            "open",
            "appraised",
            WORKERS,
            requires_reason=False,
            guard=no_open_requests,
            by_kind=True,
            done_label=_("Đã thẩm định, trình lãnh đạo"),
        ),
        Transition(
            "return",
            pgettext_lazy("case transition", "Trả lại để thẩm tra thêm"),
            "appraised",
            "open",
            LEADERS,
            requires_reason=True,
            effects=(services.clear_appraisal,),
            done_label=_("Đã trả lại để thẩm tra thêm"),
        ),
        Transition(
            "approve",
            pgettext_lazy("case transition", "Duyệt kết luận"),
            "appraised",
            "concluded",
            LEADERS,
            requires_reason=False,
            effects=(record_outcome,),
            by_kind=True,
            done_label=_("Lãnh đạo đã duyệt kết luận"),
        ),
        Transition(
            "submit",
            pgettext_lazy("case transition", "Trình Ban Thường vụ"),
            "appraised",
            "submitted",
            LEADERS,
            requires_reason=False,
            by_kind=True,
            done_label=_("Đã trình Ban Thường vụ"),
        ),
        Transition(
            "decide",
            pgettext_lazy("case transition", "Ghi nhận quyết định của Ban Thường vụ"),
            "submitted",
            "concluded",
            WORKERS,
            requires_reason=False,
            effects=(record_outcome,),
            by_kind=True,
            done_label=_("Đã ghi nhận quyết định của Ban Thường vụ"),
        ),
        Transition(
            "reopen",
            pgettext_lazy("case transition", "Mở lại"),
            "concluded",
            "open",
            LEADERS,
            requires_reason=True,
            effects=(clear_outcome, services.clear_conclusion, services.clear_appraisal),
            done_label=_("Đã mở lại hồ sơ thẩm định"),
        ),
    ),
    final=frozenset({"concluded"}),
    tones={"concluded": "success", "appraised": "warning", "submitted": "warning"},
)

BASIS = "Quy định 58-QĐ/TW, Hướng dẫn 01-HD/BTCTW (thời hạn chưa kiểm chứng [?])"


def _details(case: Any) -> Vetting | None:
    return SPEC.details_of(case)


def _example_setup(world: dict[str, Any]) -> dict[str, Any]:
    from phoihop.people.tests.factories import make_person

    person = make_person(world["owner"], "Người Thẩm Định Mẫu", birth_year=1975, management_level="province")
    return {"person": str(person.uuid)}


SPEC = KindSpec(
    code=CODE,
    label=_("Thẩm định tiêu chuẩn chính trị"),
    prefix="TD",
    workflow=WORKFLOW,
    steps=(
        Step(DeadlineStep.CASE, DeadlineStep.CASE.label, 20, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.VERIFY, DeadlineStep.VERIFY.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.INFORMATION, DeadlineStep.INFORMATION.label, 10, DeadlineUnit.WORKING, BASIS),
    ),
    request_kinds=(RequestKind.VERIFY, RequestKind.INFORMATION),
    details_model=Vetting,
    details_form=forms.VettingDetailsForm,
    details_serializer=VettingDetailsSerializer,
    on_open=services.on_open,
    team_check=services.team_check,
    document_fields=selectors.document_fields,
    panels=(Panel("vetting", "vetting/panel.html", panel_context),),
    columns_related=("purpose",),
    columns=(
        Column("purpose", _("Mục đích"), lambda case: d.purpose.label if (d := _details(case)) else ""),
        Column(
            "verdict", _("Kết luận"), lambda case: d.get_verdict_display() if (d := _details(case)) else ""
        ),
    ),
    dimensions=(
        Dimension("purpose", _("Mục đích thẩm định"), "vetting__purpose__code"),
        Dimension("verdict", _("Kết luận tiêu chuẩn chính trị"), "vetting__verdict"),
        Dimension("history_issue", _("Vấn đề lịch sử chính trị"), "vetting__history_issue"),
        Dimension("current_issue", _("Vấn đề chính trị hiện nay"), "vetting__current_issue"),
        Dimension("concluder", _("Cấp kết luận"), "vetting__concluder"),
        Dimension("management_level", _("Diện quản lý"), "vetting__management_level"),
        Dimension("status", _("Trạng thái"), "status"),
        Dimension("batch", _("Đợt thẩm định"), "vetting__batch"),
    ),
    documents=(
        DocumentTemplate(
            "cv_de_nghi_tham_tra",
            _("Công văn đề nghị thẩm tra tiêu chuẩn chính trị"),
            "CV",
            "",
            "Để có cơ sở thẩm định tiêu chuẩn chính trị ({purpose}) đối với {subject} (hồ sơ {case}), "
            "{agency_self} đề nghị {agency} thẩm tra, xác minh và cung cấp thông tin về lịch sử chính trị "
            "và chính trị hiện nay của đồng chí theo quy định.",
            addressed=True,
        ),
        DocumentTemplate(
            "to_trinh_btv",
            _("Tờ trình Ban Thường vụ về tiêu chuẩn chính trị"),
            "TTr",
            "TỜ TRÌNH",
            "{agency_self} trình Ban Thường vụ kết quả thẩm định tiêu chuẩn chính trị ({purpose}) đối với "
            "{subject} (hồ sơ {case}):\n- Lịch sử chính trị: {history}.\n- Chính trị hiện nay: {current}.\n"
            "Đề xuất: {verdict}.\nLý do: {reasons}",
            addressed=True,
        ),
        DocumentTemplate(
            "ket_luan_tcct",
            _("Kết luận tiêu chuẩn chính trị"),
            "KL",
            "KẾT LUẬN",
            "Về tiêu chuẩn chính trị ({purpose}) của {subject} (hồ sơ {case}):\n- {history_sentence}\n"
            "- {current_sentence}\n- Kết luận: {verdict}.\nLý do: {reasons}",
        ),
        DocumentTemplate(
            "thong_bao_ket_qua_tham_dinh",
            _("Thông báo kết quả thẩm định gửi cơ quan đề nghị"),
            "TB",
            "THÔNG BÁO",
            "{agency_self} thông báo kết quả thẩm định tiêu chuẩn chính trị ({purpose}) đối với {subject} "
            "(hồ sơ {case}) theo đề nghị của {requesting_body}: {verdict}.",
        ),
    ),
    demo=demo_vetting,
    synth=synth_vetting,
    example_details={
        "purpose": "appointment",
        "requesting_body": "Đảng ủy xã Hư Cấu",
        "requested_position": "Phó Chủ tịch UBND xã (hư cấu)",
        "legal_basis": "Văn bản đề nghị số 01 (hư cấu)",
    },
    example_setup=_example_setup,
)
