"""The vetting kind's timeline lines (cases/timeline.py's `record`): codes, counts and dates only; the words
are rendered when read (vetting/history.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from phoihop.cases.models import Case, TimelineEvent
from phoihop.cases.timeline import record


def opened(case: Case, actor: Any, *, purpose: str, concluder: str, items: int) -> TimelineEvent:
    return record(case, "vetting_opened", actor, purpose=purpose, concluder=concluder, items=items)


def dossier(case: Case, actor: Any, *, item: str, status: str) -> TimelineEvent:
    return record(case, "vetting_dossier", actor, item=item, status=status)


def finding(case: Case, actor: Any, *, group: str, flags: list[str], source: str) -> TimelineEvent:
    return record(case, "vetting_finding", actor, group=group, flags=len(flags), source=source)


def explanation(case: Case, actor: Any, *, given_on: date) -> TimelineEvent:
    return record(case, "vetting_explanation", actor, given_on=given_on.isoformat())


def verifier(case: Case, actor: Any, *, place: str) -> TimelineEvent:
    return record(case, "vetting_verifier", actor, place=place)
