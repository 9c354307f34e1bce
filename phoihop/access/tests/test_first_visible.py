"""`policy.first_visible`: a short queue read in its index order, the policy asked a batch of keys at a time,
gives exactly the first rows of the restricted query."""

from __future__ import annotations

import pytest

from phoihop.access.policy import Action, first_visible, restrict
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_first_visible_rows_in_order_across_batches(hub):
    lead = UserFactory(username="cv.lead", agency=hub, roles=["officer"], clearance=2)
    colleague = UserFactory(username="cv.other", agency=hub, roles=["officer"], clearance=2)
    for i in range(9):
        # every third case is classified for its team only: the colleague never sees it
        services.case_open(actor=lead, title=f"Hồ sơ hàng đợi {i}", classification=1 if i % 3 == 0 else 0)
    ordered = Case.objects.select_related("owner_agency").order_by("-opened_on", "-number")
    expected = list(restrict(ordered, colleague, Action.VIEW))
    assert len(expected) == 6
    for n, batch in [(1, 1), (3, 2), (4, 4), (6, 5), (10, 3)]:
        got = first_visible(ordered, colleague, n=n, batch=batch)
        assert [c.pk for c in got] == [c.pk for c in expected[:n]]
    assert [c.pk for c in first_visible(ordered, lead, n=9, batch=4)] == [c.pk for c in ordered]
    # at most `most` candidates are looked at
    assert len(first_visible(ordered, colleague, n=10, batch=2, most=4)) == len(
        [c for c in list(ordered)[:4] if c in expected]
    )
    outsider = UserFactory(username="x.none", roles=["officer"], clearance=3)
    assert first_visible(ordered, outsider, n=5) == []
