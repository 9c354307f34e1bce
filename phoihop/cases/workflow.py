"""Transition tables and their validation at start-up (no unreachable state, no unknown role). Each kind
declares its own `Workflow` in its `KindSpec` (cases/kinds.py); a transition carries its effects, so
`case_transition` knows no transition by name. The guards and effects below are building blocks kinds
share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import RoleCode

# An effect runs inside case_transition, on the locked case whose status has just changed (before it is
# saved): effect(case, actor=..., reason=...) changes what it must and returns the names of the Case fields it
# changed.
Effect = Callable[..., Iterable[str]]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    source: str
    target: str
    roles: tuple[str, ...]
    requires_reason: bool = False
    guard: Callable[[Any], str | None] | None = None  # returns why it is not allowed now, or None
    effects: tuple[Effect, ...] = ()
    # What happened, for the timeline and notifications ("Case concluded"); the label is the command on the
    # button ("Conclude"). Without it the history shows the label.
    done_label: str | Promise | None = None
    # Fired only by the kind's own service (which collects what the step needs, e.g. a letter's
    # classification), through `cases.services.transition_within`: no generic button or API transition.
    by_kind: bool = False

    @property
    def event_label(self) -> str | Promise:
        return self.done_label or self.label


@dataclass(frozen=True)
class Workflow:
    kind: str
    initial: str
    states: dict[str, str | Promise]
    transitions: tuple[Transition, ...] = field(default_factory=tuple)
    final: frozenset[str] = frozenset()
    # a state's badge colour; by default primary, and secondary for a final state
    tones: dict[str, str] = field(default_factory=dict)

    def tone(self, state: str) -> str:
        return self.tones.get(state, "secondary" if state in self.final else "primary")

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def get(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)


def no_open_requests(case: Any) -> str | None:
    """Guard: a case is not concluded while a coordination request waits for its answer."""
    from phoihop.cases.choices import RequestStatus

    if case.requests.filter(status__in=[RequestStatus.SENT, RequestStatus.RECEIVED]).exists():
        return str(
            _("Còn yêu cầu phối hợp chưa được trả lời; hãy chờ trả lời hoặc rút yêu cầu trước khi kết luận.")
        )
    return None


def record_outcome(case: Any, *, actor: Any, reason: str) -> list[str]:
    """Effect: the reason given for the transition is the
    case's outcome (what "conclude" and "stop" record)."""
    case.outcome = reason.strip()
    return ["outcome"]


def clear_outcome(case: Any, *, actor: Any, reason: str) -> list[str]:
    """Effect: the case has no outcome (what "reopen", "stop" and "resume" do: only a conclusion is one); the
    earlier outcome stays in its transition's record (StateChange)."""
    case.outcome = ""
    return ["outcome"]


def workflow_for(kind: str) -> Workflow:
    from phoihop.cases.kinds import get_kind

    return get_kind(kind).workflow


class WorkflowError(Exception):
    pass


def validate(workflow: Workflow) -> None:
    names = [t.name for t in workflow.transitions]
    if len(names) != len(set(names)):
        raise WorkflowError(f"{workflow.kind}: a transition name is used twice")
    if workflow.initial not in workflow.states:
        raise WorkflowError(f"{workflow.kind}: unknown initial state {workflow.initial}")
    if unknown_final := set(workflow.final) - set(workflow.states):
        raise WorkflowError(f"{workflow.kind}: unknown final states {sorted(unknown_final)}")
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
