"""Fixtures of the people tests: the default registration bases (a transactional test elsewhere may have
flushed the rows the migration seeded)."""

from __future__ import annotations

from typing import Any

import pytest

from phoihop.people.bases import MEMBER_REGISTER, ensure_defaults
from phoihop.people.models import RegistrationBasis


@pytest.fixture
def member_basis(db: Any) -> RegistrationBasis:
    ensure_defaults()
    return RegistrationBasis.objects.get(code=MEMBER_REGISTER)
