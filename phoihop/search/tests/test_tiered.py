"""`search.registry.tiered` reads each condition's keys without the rule and asks the policy once; whatever
the number of keys it reads, its answer is the restricted queries' answer (issue 15)."""

from __future__ import annotations

import pytest
from django.db.models import Q

from phoihop.access.policy import Action, restrict
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.search.registry import tiered

pytestmark = pytest.mark.django_db
ORDER = ("-opened_on", "-number")


def _rule(user):
    return lambda q: restrict(q, user, Action.VIEW)


def _reference(user, conditions, limit):
    """What one restricted query per condition answers (the rows of an earlier condition not repeated)."""
    found: dict = {}
    for condition in conditions:
        rows = restrict(Case.objects.filter(condition), user, Action.VIEW).exclude(pk__in=list(found))
        for row in rows.order_by(*ORDER, "pk")[: max(0, limit - len(found))]:
            found.setdefault(row.pk, row)
    return list(found)


@pytest.fixture
def cases(hub):
    police = AgencyFactory(code="CA", name="Công an tỉnh")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    outsider = UserFactory(username="cv.ca", agency=police, roles=["officer"], clearance=2)
    # interleaved: a case the officer sees, one only the police see, … all with "lý lịch" in the title
    for i in range(8):
        services.case_open(actor=officer, title=f"Thẩm tra lý lịch {i}")
        services.case_open(actor=outsider, title=f"Xác minh lý lịch {i}")
    return officer, outsider


@pytest.mark.parametrize("candidates", [1, 2, 3, 5, 8, 100])
@pytest.mark.parametrize("limit", [1, 3, 10, 20])
def test_the_answer_is_the_restricted_queries_answer_whatever_is_read(cases, candidates, limit):
    officer, outsider = cases
    conditions = [Q(title_folded__contains="xac minh"), Q(title_folded__contains="ly lich"), Q(number="none")]
    for user in (officer, outsider):
        expected = _reference(user, conditions, limit)
        got = [
            c.pk
            for c in tiered(
                Case.objects.all(), conditions, ORDER, limit, visible=_rule(user), candidates=candidates
            )
        ]
        assert got == expected, (user.username, candidates, limit)
    # the officer sees none of the police's cases, whichever condition found them
    seen = {
        c.pk
        for c in tiered(
            Case.objects.all(), conditions, ORDER, 20, visible=_rule(officer), candidates=candidates
        )
    }
    assert seen and not seen & set(
        Case.objects.filter(owner_agency=outsider.agency).values_list("pk", flat=True)
    )


def test_one_policy_query_when_the_keys_read_suffice(cases, django_assert_max_num_queries):
    officer, _outsider = cases
    conditions = [Q(title_folded__contains="tham tra"), Q(title_folded__contains="ly lich")]
    with django_assert_max_num_queries(3):  # the keys of each condition, then the visible rows
        found = tiered(Case.objects.all(), conditions, ORDER, 5, visible=_rule(officer))
    assert len(found) == 5
