"""The consultation kind's timeline lines (cases/timeline.py's `record`): codes and counts only; the words are
rendered when read (consultations/history.py). Lines about one body's answers hang on its request, so only
who sees that request reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

from phoihop.cases.models import Case, CoordinationRequest, TimelineEvent
from phoihop.cases.timeline import record


def opened(case: Case, actor: Any, *, type_code: str, candidates: int, bodies: int) -> TimelineEvent:
    return record(
        case, "consultation_opened", actor, consultation_type=type_code, candidates=candidates, bodies=bodies
    )


def answered(case: Case, actor: Any, req: CoordinationRequest, *, candidates: int) -> TimelineEvent:
    return record(case, "consultation_answered", actor, req, candidates=candidates)


def silence(case: Case, req: CoordinationRequest, *, candidates: int, due: date) -> TimelineEvent:
    return record(case, "consultation_silence", None, req, candidates=candidates, due=due.isoformat())


def decided(case: Case, actor: Any, *, decision: str) -> TimelineEvent:
    return record(case, "consultation_decided", actor, decision=decision)
