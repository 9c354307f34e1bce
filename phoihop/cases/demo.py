"""Demo cases: each registered kind loads its own (its spec's `demo`), in registration order."""

from __future__ import annotations

from phoihop.cases.kinds import kinds


def demo_cases() -> None:
    for spec in kinds():
        if spec.demo is not None:
            spec.demo()
