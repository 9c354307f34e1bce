"""Document numbers under concurrency: several clerks at once, never a duplicate or a gap."""

from __future__ import annotations

import pytest

from phoihop.cases.tests.test_concurrency import run_together
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import services
from phoihop.documents.models import IssuedNumber

pytestmark = pytest.mark.django_db(transaction=True)


def test_numbers_are_neither_duplicated_nor_skipped_under_concurrency():
    hub = AgencyFactory(code="BTC", is_hub=True)
    clerks = [UserFactory(username=f"vt{i}", agency=hub, roles=["clerk"]) for i in range(6)]
    jobs = [
        lambda u=u, n=n: (
            services.number_issue(actor=u, doc_type="TB", subject=f"Thông báo {u.username}-{n}").number
        )
        for u in clerks
        for n in range(3)
    ]
    numbers = run_together(jobs)
    assert all(isinstance(n, int) for n in numbers), numbers
    assert sorted(numbers) == list(range(1, 19)) and IssuedNumber.objects.count() == 18
