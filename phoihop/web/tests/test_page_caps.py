"""Page caps are set once (settings: PAGE_SIZE, API_MAX_PAGE_SIZE, AUDIT_API_PAGE_SIZE,
AUDIT_API_MAX_PAGE_SIZE) and read when a list is served: changing one changes every page, the API's paginators
and the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(hub: Any) -> Any:
    for i in range(5):
        UserFactory(username=f"cv.so{i}", agency=AgencyFactory(code=f"CQ{i}"), roles=["officer"])
    return UserFactory(username="qt.btc", agency=hub, roles=["admin", "auditor"], clearance=3)


def test_changing_the_page_size_changes_pages_and_the_api(admin: Any, settings: Any) -> None:
    client = Client()
    client.force_login(admin)
    settings.PAGE_SIZE = 2
    page = client.get("/admin/users/").content.decode()
    assert page.count("/admin/users/") and "?page=2" in page
    api = client.get("/api/v1/agencies/").json()
    assert len(api["results"]) == 2 and api["next"]
    settings.API_MAX_PAGE_SIZE = 3
    assert len(client.get("/api/v1/agencies/?page_size=3").json()["results"]) == 3
    refused = client.get("/api/v1/agencies/?page_size=4")
    assert refused.status_code == 400 and "1 đến 3" in refused.json()["errors"]["page_size"][0]
    schema = client.get("/api/v1/schema/?format=json").json()
    sizes = [
        p["schema"].get("maximum")
        for op in schema["paths"]["/api/v1/agencies/"].values()
        if isinstance(op, dict)
        for p in op.get("parameters", [])
        if p["name"] == "page_size"
    ]
    assert sizes == [3]


def test_changing_the_audit_page_size_changes_the_audit_api(admin: Any, settings: Any) -> None:
    client = Client()
    client.force_login(admin)
    settings.AUDIT_API_PAGE_SIZE, settings.AUDIT_API_MAX_PAGE_SIZE = 2, 4
    events = client.get("/api/v1/audit/events/").json()
    assert len(events["results"]) == 2 and events["next"]
    assert client.get("/api/v1/audit/events/?page_size=5").status_code == 400
