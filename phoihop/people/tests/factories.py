"""Fictional persons for tests (names are common Vietnamese names, no real person)."""

from __future__ import annotations

from typing import Any

from phoihop.people import services
from phoihop.people.bases import MEMBER_REGISTER, ensure_defaults


def make_person(actor: Any, full_name: str, **data: Any):
    """Registered for the member register unless the test states a basis or a case (a flushed test database —
    after a transactional test — gets the default bases back first)."""
    ensure_defaults()
    if "basis" not in data and "case" not in data:
        data["basis"] = MEMBER_REGISTER
    return services.person_create(actor=actor, full_name=full_name, confirm_distinct=True, **data)
