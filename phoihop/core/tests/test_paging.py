"""Lists count to a cap (issue 15): the count query is
bounded, pages and the API say when there are more rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.core import services
from phoihop.core.models import Agency
from phoihop.core.paging import CappedPaginator
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap_with_a_bounded_query(hub):
    for i in range(5):
        AgencyFactory(code=f"P{i}", name=f"Đối tác {i}")
    paginator = CappedPaginator(Agency.objects.order_by("code"), 2, cap=3)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3 and paginator.capped
    assert len(queries) == 1 and "LIMIT 4" in queries[0]["sql"].upper()
    assert paginator.num_pages == 2
    roomy = CappedPaginator(Agency.objects.order_by("code"), 2, cap=100)
    assert roomy.count == 6 and not roomy.capped and roomy.num_pages == 3
    assert CappedPaginator([1, 2, 3], 2, cap=2).capped


def test_api_lists_say_when_the_count_is_capped(client, settings, hub, partner):
    bot = UserFactory(username="api.ca", agency=partner, is_api_only=True, roles=["liaison"], clearance=1)
    _token, raw = services.token_create(actor=None, user=bot, name="thử")
    for i in range(4):
        AgencyFactory(code=f"P{i}", name=f"Đối tác {i}")
    settings.LIST_COUNT_CAP = 3
    data = client.get("/api/v1/agencies/?page_size=2", HTTP_AUTHORIZATION=f"Token {raw}").json()
    assert (data["count"], data["count_capped"], len(data["results"])) == (3, True, 2)
    settings.LIST_COUNT_CAP = 100
    data = client.get("/api/v1/agencies/?page_size=2", HTTP_AUTHORIZATION=f"Token {raw}").json()
    assert (data["count"], data["count_capped"]) == (6, False)


def test_pages_say_more_than(admin_client, settings, hub):
    for i in range(4):
        UserFactory(username=f"nguoi.dung{i}", agency=hub)
    settings.LIST_COUNT_CAP = 2
    page = admin_client.get("/admin/users/").content.decode()
    assert "Hơn 2 người dùng" in page
