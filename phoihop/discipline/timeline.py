"""The discipline kind's timeline lines (cases/timeline.py's `record`): codes and dates only; the words are
rendered when read (discipline/history.py). Transitions (record, appeal, close…) write the engine's own
line."""

from __future__ import annotations

from typing import Any

from phoihop.cases.models import Case, TimelineEvent
from phoihop.cases.timeline import record


def opened(case: Case, actor: Any, *, origin: str, sanction: str) -> TimelineEvent:
    return record(case, "discipline_opened", actor, origin=origin, sanction=sanction)


def acknowledged(case: Case, actor: Any, *, body: str) -> TimelineEvent:
    return record(case, "discipline_ack", actor, body=body)
