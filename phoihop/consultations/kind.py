"""The consultation kind (hiệp y, thỏa thuận, xin ý kiến, nhận xét cán bộ): its whole surface on the case
engine (cases/kinds.py), copied from phoihop/vetting/ — details model, form and serializer, panel, list
columns, report dimensions (occurrences per body and candidate), the reply document, demo and synth.

The flow (docs/consultations.md): any agency opens a consultation (open) with its candidates from the registry
and the bodies it consults, each asked by an opinion request with the type's period → each body answers per
candidate, or its silence is recorded as consent when the type says so → the asker records the decision
(decided) and issues the reply. Withdrawing and reopening need a reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Column, Dimension, DocumentTemplate, KindSpec, Panel, Step
from phoihop.cases.workflow import Transition, Workflow
from phoihop.consultations import forms, selectors, services
from phoihop.consultations.api.serializers import ConsultationDetailsSerializer
from phoihop.consultations.demo import demo_consultations
from phoihop.consultations.models import Consultation
from phoihop.consultations.panels import panel_context
from phoihop.consultations.rules import BASIS
from phoihop.consultations.synth import synth_consultations

CODE = "consultation"
WORKERS = ("officer", "leader")
LEADERS = ("leader",)

WORKFLOW = Workflow(
    kind=CODE,
    initial="open",
    states={
        "open": _("Đang hỏi ý kiến"),
        "decided": _("Đã có quyết định"),
        "withdrawn": _("Đã rút"),
    },
    transitions=(
        Transition(
            "decide",
            pgettext_lazy("case transition", "Ghi nhận quyết định"),
            "open",
            "decided",
            WORKERS,
            requires_reason=False,
            by_kind=True,
            done_label=_("Đã ghi nhận quyết định"),
        ),
        Transition(
            "withdraw",
            pgettext_lazy("case transition", "Rút hồ sơ hỏi ý kiến"),
            "open",
            "withdrawn",
            LEADERS,
            requires_reason=True,
            done_label=_("Đã rút hồ sơ hỏi ý kiến"),
        ),
        Transition(
            "reopen",
            pgettext_lazy("case transition", "Mở lại"),
            "decided",
            "open",
            LEADERS,
            requires_reason=True,
            effects=(services.clear_decision,),
            done_label=_("Đã mở lại hồ sơ hỏi ý kiến"),
        ),
    ),
    final=frozenset({"decided", "withdrawn"}),
    tones={"decided": "success", "withdrawn": "secondary"},
)


def _details(case: Any) -> Consultation | None:
    return SPEC.details_of(case)


def _example_setup(world: dict[str, Any]) -> dict[str, Any]:
    from phoihop.people.tests.factories import make_person

    person = make_person(
        world["owner"], "Người Được Hiệp Y Mẫu", birth_year=1976, management_level="province"
    )
    return {"candidates": [{"person": str(person.uuid), "proposed_position": "Phó Giám đốc (hư cấu)"}]}


SPEC = KindSpec(
    code=CODE,
    label=_("Hiệp y, xin ý kiến nhân sự"),
    prefix="HY",
    workflow=WORKFLOW,
    steps=(
        Step(DeadlineStep.CASE, DeadlineStep.CASE.label, 15, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.OPINION, DeadlineStep.OPINION.label, 7, DeadlineUnit.WORKING, BASIS),
    ),
    request_kinds=(RequestKind.OPINION,),
    details_model=Consultation,
    details_form=forms.ConsultationDetailsForm,
    details_serializer=ConsultationDetailsSerializer,
    on_open=services.on_open,
    team_check=services.team_check,
    document_fields=selectors.document_fields,
    panels=(Panel("consultation", "consultations/panel.html", panel_context),),
    columns_related=("type",),
    columns=(
        Column("type", _("Loại"), lambda case: d.type.label if (d := _details(case)) else ""),
        Column(
            "decision",
            _("Quyết định"),
            lambda case: d.get_decision_display() if (d := _details(case)) else "",
        ),
    ),
    dimensions=(
        Dimension("type", _("Loại hiệp y, xin ý kiến"), "consultation__type__code"),
        Dimension("direction", _("Chiều"), "consultation__direction"),
        Dimension("decision", _("Quyết định"), "consultation__decision"),
        Dimension("status", _("Trạng thái"), "status"),
        # occurrences (lượt): one per consulted body and candidate
        Dimension(
            "opinion_body",
            _("Lượt cho ý kiến theo cơ quan"),
            "consultation_opinions__consultee__agency__code",
        ),
        Dimension("opinion_answer", _("Lượt cho ý kiến theo ý kiến"), "consultation_opinions__answer"),
        Dimension("opinion_silence", _("Lượt nhất trí do im lặng"), "consultation_opinions__by_silence"),
        Dimension(
            "asked_body", _("Cơ quan được hỏi (lượt theo nhân sự)"), "consultation_bodies__agency__code"
        ),
    ),
    documents=(
        DocumentTemplate(
            "cv_hoi_y_kien",
            _("Công văn đề nghị cho ý kiến về nhân sự"),
            "CV",
            "",
            "Căn cứ {legal_basis}, theo đề nghị của {asking_body}, {agency_self} đề nghị {agency} cho ý kiến "
            "({type}) về nhân sự: {candidates} (hồ sơ {case}).",
            addressed=True,
        ),
        DocumentTemplate(
            "cv_tra_loi_hiep_y",
            _("Công văn trả lời về nhân sự được hỏi ý kiến"),
            "CV",
            "",
            "Trả lời đề nghị của {asking_body} về việc {type} đối với nhân sự: {candidates} (hồ sơ {case}), "
            "{agency_self} tổng hợp ý kiến các cơ quan:\n{opinions}\n"
            "Quyết định: {decision}.\n{decision_note}",
            addressed=True,
        ),
    ),
    demo=demo_consultations,
    synth=synth_consultations,
    example_details={
        "type": "hiep_y",
        "direction": "out",
        "asking_body": "Bộ Hư Cấu",
        "legal_basis": "Văn bản đề nghị số 02 (hư cấu)",
        "consulted": ["CA"],
    },
    example_setup=_example_setup,
)
