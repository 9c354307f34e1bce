"""Deadline rules as data: defaults declared by each kind's spec (its `steps`, from domain.md), overridden
by administrators in the database. `rule_for()` is the one place that answers "how long for this step of
this kind of case"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from phoihop.access.policy import restrict
from phoihop.cases.choices import DeadlineStep, DeadlineUnit
from phoihop.cases.kinds import get_kind, is_kind, kinds
from phoihop.cases.models import DeadlineRule


@dataclass(frozen=True)
class Period:
    days: int
    unit: str
    max_extensions: int | None = None  # None: PHOIHOP_REQUEST_MAX_EXTENSIONS
    basis: str = ""
    max_extension_days: int | None = None  # None: the period itself (an extension is never longer)

    @property
    def longest_extension(self) -> int:
        """The most units one extension may add under this rule (the rule's own, else the period itself)."""
        return self.max_extension_days or self.days

    def with_limit(self) -> Period:
        return Period(
            self.days,
            self.unit,
            settings.REQUEST_MAX_EXTENSIONS if self.max_extensions is None else self.max_extensions,
            self.basis,
            self.days if self.max_extension_days is None else self.max_extension_days,
        )


def _period(row: DeadlineRule) -> Period:
    return Period(row.days, row.unit, row.max_extensions, row.basis, row.max_extension_days)


def default_for(kind: str, step: str) -> Period | None:
    """The period the kind's spec declares for this step (None: the kind has no such step)."""
    spec = get_kind(kind) if is_kind(kind) else None
    declared = spec.step(step) if spec is not None else None
    if declared is None:
        return None
    return Period(
        declared.days, declared.unit, declared.max_extensions, declared.basis, declared.max_extension_days
    )


def rule_for(kind: str, step: str) -> Period:
    row = DeadlineRule.objects.filter(kind=kind, step=step).first()
    if row is not None:
        return _period(row)
    return (default_for(kind, step) or Period(10, DeadlineUnit.WORKING)).with_limit()


def all_rules(user: Any) -> list[tuple[str, str, Period, bool]]:
    """Every (kind, step) with its period and whether an
    administrator has changed it (rows through the policy)."""
    stored = {(r.kind, r.step): r for r in restrict(DeadlineRule.objects.all(), user)}
    out = []
    for spec in kinds():
        kind = spec.code
        for step in (s.code for s in spec.steps):
            row = stored.get((kind, step))
            if row is not None:
                out.append((kind, step, _period(row), True))
            else:
                out.append((kind, step, rule_for(kind, step), False))
    return out


def case_rule(case: Any) -> Period:
    """The rule of a case's own deadline: its kind's `case_rule(case)` when the kind's period depends on the
    case (a letter's regime and type), else the kind's "case" rule."""
    spec = get_kind(case.kind)
    if spec.case_rule is not None and (period := spec.case_rule(case)) is not None:
        return period
    return rule_for(case.kind, DeadlineStep.CASE)
