"""Fictional persons for tests (names are common Vietnamese names, no real person)."""

from __future__ import annotations

from typing import Any

from phoihop.people import services


def make_person(actor: Any, full_name: str, **data: Any):
    return services.person_create(actor=actor, full_name=full_name, confirm_distinct=True, **data)
