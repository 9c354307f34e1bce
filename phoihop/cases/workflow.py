"""Per-kind transition tables and their validation at start-up (no unreachable state, no unknown role)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import CaseKind
from phoihop.core.choices import RoleCode


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    source: str
    target: str
    roles: tuple[str, ...]
    requires_reason: bool = False
    guard: Callable[[Any], str | None] | None = None  # returns why it is not allowed now, or None


@dataclass(frozen=True)
class Workflow:
    kind: str
    initial: str
    states: dict[str, str | Promise]
    transitions: tuple[Transition, ...] = field(default_factory=tuple)
    final: frozenset[str] = frozenset()

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def get(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)


def _no_open_requests(case: Any) -> str | None:
    from phoihop.cases.choices import RequestStatus

    if case.requests.filter(status__in=[RequestStatus.SENT, RequestStatus.RECEIVED]).exists():
        return str(
            _("Còn yêu cầu phối hợp chưa được trả lời; hãy chờ trả lời hoặc rút yêu cầu trước khi kết luận.")
        )
    return None


GENERAL = Workflow(
    kind=CaseKind.GENERAL,
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
            guard=_no_open_requests,
        ),
        Transition("stop", _("Dừng xử lý"), "open", "withdrawn", (RoleCode.LEADER,), requires_reason=True),
        Transition("reopen", _("Mở lại"), "concluded", "open", (RoleCode.LEADER,), requires_reason=True),
        Transition(
            "resume", _("Tiếp tục xử lý"), "withdrawn", "open", (RoleCode.LEADER,), requires_reason=True
        ),
    ),
    final=frozenset({"concluded", "withdrawn"}),
)

WORKFLOWS: dict[str, Workflow] = {GENERAL.kind: GENERAL}


def workflow_for(kind: str) -> Workflow:
    return WORKFLOWS[kind]


class WorkflowError(Exception):
    pass


def validate(workflow: Workflow) -> None:
    names = [t.name for t in workflow.transitions]
    if len(names) != len(set(names)):
        raise WorkflowError(f"{workflow.kind}: a transition name is used twice")
    if workflow.initial not in workflow.states:
        raise WorkflowError(f"{workflow.kind}: unknown initial state {workflow.initial}")
    for t in workflow.transitions:
        if t.source not in workflow.states or t.target not in workflow.states:
            raise WorkflowError(f"{workflow.kind}.{t.name}: unknown state")
        unknown = set(t.roles) - set(RoleCode.values)
        if unknown or not t.roles:
            raise WorkflowError(f"{workflow.kind}.{t.name}: unknown or missing roles {sorted(unknown)}")
    reachable, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        state = frontier.pop()
        for t in workflow.available(state):
            if t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    if unreachable := set(workflow.states) - reachable:
        raise WorkflowError(f"{workflow.kind}: unreachable states {sorted(unreachable)}")


def validate_all() -> None:
    for workflow in WORKFLOWS.values():
        validate(workflow)
