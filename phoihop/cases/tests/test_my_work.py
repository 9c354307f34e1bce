"""Issue 13: the leader's "my work" was all zeros although the agency had open and overdue work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.models import CoordinationRequest
from phoihop.cases.selectors import my_work
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_leader_sees_the_agencys_open_and_overdue_work(hub, client):
    police = AgencyFactory(code="CA")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=1)
    leader = UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=3)
    other_officer = UserFactory(username="cv.ca", agency=police, roles=["officer"], clearance=1)
    mine = services.case_open(actor=officer, title="Hồ sơ của BTC")
    services.case_open(actor=other_officer, title="Hồ sơ của CA")
    req = services.request_send(actor=officer, case=mine, to_agency=police, kind="verify", body="Y", days=5)
    CoordinationRequest.objects.filter(pk=req.pk).update(due_on=timezone.localdate() - timedelta(days=2))

    work = my_work(leader)
    assert [c.pk for c in work["leading"]] == [mine.pk]  # the agency's open case, led by someone else
    assert [r.pk for r in work["overdue"]] == [req.pk]
    assert my_work(officer)["leading"] == [mine]  # an officer still sees the cases they lead
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert "Hồ sơ cơ quan đang xử lý" in page and mine.number in page
