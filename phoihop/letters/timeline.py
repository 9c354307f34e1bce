"""The letters kind's timeline lines (cases/timeline.py's `record`): codes, counts, dates and agency ids only;
the words are rendered when read (letters/history.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from phoihop.cases.models import Case, TimelineEvent
from phoihop.cases.timeline import record


def letter_received(case: Case, actor: Any, *, allegations: int, related: int) -> TimelineEvent:
    return record(case, "letter_received", actor, allegations=allegations, related=related)


def match_decided(case: Case, actor: Any, *, kind: str, linked: bool) -> TimelineEvent:
    return record(case, "letter_match", actor, kind=kind, linked=linked)


def explanation_recorded(case: Case, actor: Any, *, given_on: date) -> TimelineEvent:
    return record(case, "letter_explanation", actor, given_on=given_on.isoformat())


def allegation_concluded(case: Case, actor: Any, *, position: int, finding: str) -> TimelineEvent:
    return record(case, "letter_allegation", actor, position=position, finding=finding)


def transfer_received(source: Case, actor: Any, *, agency: Any) -> TimelineEvent:
    """On the sender's letter: the receiving agency took it in."""
    return record(source, "letter_transfer_received", actor, agency=str(agency))


def result_received(source: Case, actor: Any, *, agency: Any) -> TimelineEvent:
    """On the sender's letter: the receiving agency concluded it (the results show on the letter's panel)."""
    return record(source, "letter_result", actor, agency=str(agency))
