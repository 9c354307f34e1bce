"""The discipline kind (thông báo thi hành kỷ luật): its whole surface on the case engine (cases/kinds.py),
copied from phoihop/vetting/ — details model, form and serializer, panel, list columns, report dimensions, the
notice document, demo and synth — on the people registry (a disciplined member is a registered person; a Party
organisation is named).

The flow (docs/discipline.md): a notice is received (the Inspection Commission, a Party committee or cell, or
a State body disciplining a cadre who is a Party member) → recorded in the person's dossier (their discipline
record, shown in every later vetting and consultation) → acknowledged by the bodies that must know → closed
once the appeal window has passed; or appealed → the appeal's outcome recorded (upheld, changed or annulled;
the dossier shows both) → closed. Every step runs through the kind's services (`by_kind`); reopening a closed
notice (a late appeal) needs a leader and a reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Column, Dimension, DocumentTemplate, KindSpec, Panel, Step
from phoihop.cases.workflow import Transition, Workflow
from phoihop.core.choices import RoleCode
from phoihop.discipline import forms, selectors, services
from phoihop.discipline.api.serializers import NoticeDetailsSerializer
from phoihop.discipline.demo import demo_discipline
from phoihop.discipline.models import DisciplineNotice
from phoihop.discipline.panels import panel_context
from phoihop.discipline.synth import synth_discipline

CODE = "discipline"
WORKERS = (RoleCode.CLERK, RoleCode.OFFICER, RoleCode.LEADER)
LEADERS = (RoleCode.LEADER,)


def _step(
    name: str, label: Any, source: str, target: str, done: Any, roles: tuple[str, ...] = WORKERS
) -> Transition:
    return Transition(
        name, label, source, target, roles, requires_reason=False, by_kind=True, done_label=done
    )


WORKFLOW = Workflow(
    kind=CODE,
    initial="received",
    states={
        "received": _("Đã tiếp nhận thông báo"),
        "recorded": _("Đã cập nhật vào hồ sơ"),
        "acknowledged": _("Các nơi cần nắm đã nắm"),
        "appealed": _("Đang giải quyết khiếu nại"),
        "closed": _("Đã kết thúc"),
    },
    transitions=(
        _step(
            "record",
            pgettext_lazy("case transition", "Cập nhật vào hồ sơ"),
            "received",
            "recorded",
            _("Đã cập nhật kỷ luật vào hồ sơ"),
        ),
        _step(
            "acknowledge",
            pgettext_lazy("case transition", "Xác nhận các nơi đã nắm"),
            "recorded",
            "acknowledged",
            _("Các nơi cần nắm đã nắm kỷ luật"),
        ),
        _step(
            "appeal",
            pgettext_lazy("case transition", "Ghi nhận khiếu nại"),
            "acknowledged",
            "appealed",
            _("Đã ghi nhận khiếu nại kỷ luật"),
        ),
        _step(
            "appeal_early",
            pgettext_lazy("case transition", "Ghi nhận khiếu nại"),
            "recorded",
            "appealed",
            _("Đã ghi nhận khiếu nại kỷ luật"),
        ),
        _step(
            "appeal_decide",
            pgettext_lazy("case transition", "Ghi kết quả giải quyết khiếu nại"),
            "appealed",
            "closed",
            _("Đã ghi kết quả giải quyết khiếu nại"),
        ),
        _step(
            "close",
            pgettext_lazy("case transition", "Kết thúc"),
            "acknowledged",
            "closed",
            _("Đã kết thúc thông báo kỷ luật"),
        ),
        Transition(
            "reopen",
            pgettext_lazy("case transition", "Mở lại (khiếu nại quá hạn được nhận)"),
            "closed",
            "acknowledged",
            LEADERS,
            requires_reason=True,
            done_label=_("Đã mở lại thông báo kỷ luật"),
        ),
    ),
    final=frozenset({"closed"}),
    tones={"closed": "success", "appealed": "warning", "received": "info"},
)

BASIS = "Quy định 296-QĐ/TW (2025) — thời hạn cập nhật hồ sơ chưa kiểm chứng [?]"


def _details(case: Any) -> DisciplineNotice | None:
    return SPEC.details_of(case)


def _example_setup(world: dict[str, Any]) -> dict[str, Any]:
    from phoihop.people.tests.factories import make_person

    person = make_person(world["owner"], "Người Kỷ Luật Mẫu", birth_year=1970, management_level="local")
    return {"person": str(person.uuid)}


SPEC = KindSpec(
    code=CODE,
    label=_("Thông báo thi hành kỷ luật"),
    prefix="KL",
    workflow=WORKFLOW,
    steps=(
        Step(DeadlineStep.CASE, DeadlineStep.CASE.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.INFORMATION, DeadlineStep.INFORMATION.label, 10, DeadlineUnit.WORKING, BASIS),
    ),
    request_kinds=(RequestKind.INFORMATION,),
    details_model=DisciplineNotice,
    details_form=forms.DisciplineDetailsForm,
    details_serializer=NoticeDetailsSerializer,
    on_open=services.on_open,
    team_check=services.team_check,
    document_fields=selectors.document_fields,
    panels=(Panel("discipline", "discipline/panel.html", panel_context),),
    columns_related=("sanction",),
    columns=(
        Column("sanction", _("Hình thức"), lambda case: d.sanction.label if (d := _details(case)) else ""),
        Column("decision", _("Quyết định"), lambda case: d.decision_number if (d := _details(case)) else ""),
    ),
    dimensions=(
        Dimension("origin", _("Loại kỷ luật"), "discipline_notice__origin"),
        Dimension("sanction", _("Hình thức kỷ luật"), "discipline_notice__sanction__code"),
        Dimension("subject_type", _("Đối tượng bị kỷ luật"), "discipline_notice__subject_type"),
        Dimension("deciding_level", _("Cấp quyết định"), "discipline_notice__deciding_level"),
        Dimension("management_level", _("Diện quản lý"), "discipline_notice__management_level"),
        Dimension("appeal_outcome", _("Kết quả giải quyết khiếu nại"), "discipline_notice__appeal_outcome"),
        Dimension("status", _("Trạng thái"), "status"),
    ),
    documents=(
        DocumentTemplate(
            "thong_bao_ky_luat",
            _("Thông báo thi hành kỷ luật"),
            "TB",
            "THÔNG BÁO",
            "Thực hiện Quyết định số {decision_number} ngày {decided_on} của {deciding_body}, {agency_self} "
            "thông báo: {subject}{unit}{post} bị thi hành kỷ luật bằng hình thức {sanction} (hồ sơ {case}); "
            "quyết định có hiệu lực từ ngày {effective_on}.\nĐề nghị các cơ quan, tổ chức liên quan nắm, cập "
            "nhật hồ sơ và thực hiện các biện pháp theo quy định.{measures}",
        ),
    ),
    demo=demo_discipline,
    synth=synth_discipline,
    example_details={
        "origin": "party",
        "subject_type": "member",
        "sanction": "reprimand",
        "violation": "Vi phạm quy định về nêu gương (hư cấu)",
        "deciding_level": "inspection",
        "deciding_body": "Ủy ban Kiểm tra Huyện ủy Hư Cấu",
        "decision_number": "01-QĐ/UBKT",
        "decided_on": "2026-01-05",
        "effective_on": "2026-01-05",
        "received_on": "2026-01-10",
    },
    example_setup=_example_setup,
)
