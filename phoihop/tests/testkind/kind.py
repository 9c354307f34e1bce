"""The test kind's spec: everything a kind declares, in one place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from rest_framework import serializers

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Column, Dimension, KindSpec, Panel, Step
from phoihop.cases.workflow import Transition, Workflow, record_outcome
from phoihop.tests.testkind.models import SampleDetails

CODE = "testkind"


def decided(case: Any, *, actor: Any, reason: str) -> list[str]:
    """Effect of "decide": the details remember the day (and the case its outcome, through record_outcome)."""
    SampleDetails.objects.filter(case=case).update(decided_on=timezone.localdate())
    return []


WORKFLOW = Workflow(
    kind=CODE,
    initial="received",
    states={"received": "Đã tiếp nhận", "reviewing": "Đang xem xét", "decided": "Đã quyết định"},
    transitions=(
        Transition("review", "Xem xét", "received", "reviewing", ("officer", "leader")),
        Transition("send_back", "Trả lại", "reviewing", "received", ("leader",), requires_reason=True),
        Transition(
            "decide",
            "Quyết định",
            "reviewing",
            "decided",
            ("leader",),
            requires_reason=True,
            effects=(record_outcome, decided),
        ),
    ),
    final=frozenset({"decided"}),
)


class DetailsForm(forms.Form):
    reference = forms.CharField(label="Số tham chiếu", max_length=50)
    category = forms.ChoiceField(label="Nhóm", choices=[("a", "Nhóm A"), ("b", "Nhóm B")])


class DetailsSerializer(serializers.ModelSerializer[SampleDetails]):
    class Meta:
        model = SampleDetails
        fields = ["reference", "category", "decided_on"]
        read_only_fields = ["decided_on"]
        ref_name = "TestKindDetails"


def on_open(*, case: Any, details: dict[str, Any], actor: Any) -> None:
    SampleDetails.objects.filter(case=case).update(opened_by=actor.username)


def panel_context(request: Any, case: Any) -> dict[str, Any]:
    return {"panel_title": "Thông tin kiểm thử"}


SPEC = KindSpec(
    code=CODE,
    label="Loại kiểm thử",
    prefix="TK",
    workflow=WORKFLOW,
    steps=(
        Step(
            DeadlineStep.CASE, "Giải quyết (kiểm thử)", 5, DeadlineUnit.CALENDAR, "Quy định kiểm thử, Điều 1"
        ),
        Step(DeadlineStep.INFORMATION, "Cung cấp thông tin (kiểm thử)", 3, DeadlineUnit.WORKING, "Điều 2"),
    ),
    request_kinds=(RequestKind.INFORMATION,),
    details_model=SampleDetails,
    details_form=DetailsForm,
    details_serializer=DetailsSerializer,
    on_open=on_open,
    panels=(Panel("testkind", "testkind/panel.html", panel_context),),
    columns=(
        Column("reference", "Số tham chiếu", lambda case: case.details.reference if case.details else ""),
    ),
    dimensions=(Dimension("category", "Nhóm", "testkind__category"),),
    example_details={"reference": "TK-THAM-CHIEU-1", "category": "a"},
)
