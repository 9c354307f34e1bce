"""The general-coordination kind: a matter one agency handles with others, with no legal period of its own.

This module is the whole of a kind's surface (cases/kinds.py): copy this app to add a kind. General
coordination has no fields beyond the case's, so it has no details model, form or serializer, panel or on-open
hook; a kind that has them declares them here (see the test kind in phoihop/tests/testkind/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Dimension, KindSpec, Step
from phoihop.cases.workflow import Transition, Workflow, no_open_requests, record_outcome
from phoihop.core.choices import RoleCode
from phoihop.general.demo import CODE, demo_cases

GENERAL = Workflow(
    kind=CODE,
    initial="open",
    states={"open": _("Đang xử lý"), "concluded": _("Đã kết luận"), "withdrawn": _("Đã dừng")},
    transitions=(
        Transition(
            "conclude",
            _("Kết luận"),
            "open",
            "concluded",
            (RoleCode.LEADER,),
            requires_reason=True,
            guard=no_open_requests,
            effects=(record_outcome,),
        ),
        Transition("stop", _("Dừng xử lý"), "open", "withdrawn", (RoleCode.LEADER,), requires_reason=True),
        Transition("reopen", _("Mở lại"), "concluded", "open", (RoleCode.LEADER,), requires_reason=True),
        Transition(
            "resume", _("Tiếp tục xử lý"), "withdrawn", "open", (RoleCode.LEADER,), requires_reason=True
        ),
    ),
    final=frozenset({"concluded", "withdrawn"}),
    tones={"concluded": "success"},
)

# General coordination has no legal period; these are the defaults a provincial regulation typically uses
# (requests answered within 10 working days, opinions within 7, the case within 30); the number of extensions
# defaults to PHOIHOP_REQUEST_MAX_EXTENSIONS and the length of each to the period itself, until an
# administrator sets them per rule.
BASIS = "Quy chế phối hợp (mặc định)"

SPEC = KindSpec(
    code=CODE,
    label=_("Phối hợp chung"),
    prefix="PH",
    workflow=GENERAL,
    steps=(
        Step(DeadlineStep.CASE, DeadlineStep.CASE.label, 30, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.VERIFY, DeadlineStep.VERIFY.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.INFORMATION, DeadlineStep.INFORMATION.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.OPINION, DeadlineStep.OPINION.label, 7, DeadlineUnit.WORKING, BASIS),
    ),
    request_kinds=(RequestKind.VERIFY, RequestKind.INFORMATION, RequestKind.OPINION),
    dimensions=(
        Dimension("owner_agency", _("Cơ quan chủ trì"), "owner_agency__code"),
        Dimension("status", _("Trạng thái"), "status"),
        Dimension("classification", _("Độ mật"), "classification"),
    ),
    demo=demo_cases,
)
