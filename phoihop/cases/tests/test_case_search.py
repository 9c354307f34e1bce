"""Issue 13: the case-list filter needed diacritics while
global search did not; both now fold, word order free."""

from __future__ import annotations

import pytest
from django.test import Client

from phoihop.cases import selectors, services
from phoihop.search.registry import search_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["duc nguyen", "ĐỨC NGUYỄN", "nguyen van duc", "Nguyễn Văn Đức", "PH-2026"])
def test_the_list_filter_the_api_and_global_search_agree(officer, q):
    wanted = services.case_open(actor=officer, title="Thẩm tra cán bộ Nguyễn Văn Đức")
    services.case_open(actor=officer, title="Hồ sơ khác hẳn")
    if q == "PH-2026":
        assert selectors.case_list(officer, q=q).count() == 2
        return
    assert list(selectors.case_list(officer, q=q)) == [wanted]
    client = Client()
    client.force_login(officer)
    page = client.get("/cases/", {"q": q}).content.decode()
    assert wanted.number in page and "Hồ sơ khác hẳn" not in page
    api = client.get("/api/v1/cases/", {"q": q}).json()
    assert [c["id"] for c in api["results"]] == [str(wanted.pk)]
    found = [item.url for source, items in search_all(officer, q) if source.name == "cases" for item in items]
    assert found == [f"/cases/{wanted.pk}/"]
