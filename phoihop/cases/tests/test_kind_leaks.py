"""One generated leak-test class per registered case kind (cases/testing.py): the general kind, the test
kind, and every kind app installed later, with no test to write."""

from __future__ import annotations

import pytest

from phoihop.cases.kinds import kinds
from phoihop.cases.testing import kind_leak_tests

pytestmark = pytest.mark.django_db

for _spec in kinds():
    globals()[f"TestLeaks_{_spec.code}"] = kind_leak_tests(_spec.code)


def test_every_registered_kind_has_its_generated_leak_tests():
    generated = {name for name in globals() if name.startswith("TestLeaks_")}
    assert generated == {f"TestLeaks_{spec.code}" for spec in kinds()}
    assert {"TestLeaks_general", "TestLeaks_testkind"} <= generated
