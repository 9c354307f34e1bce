"""The registry keeper in a real browser: a person whose basis ended long ago is on the review list, is
anonymised by a background job whose progress the page shows, and the record keeps only its keys."""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import expect

from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.people.models import Person, PersonBasis
from phoihop.people.tests.factories import make_person
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_keeper_anonymises_a_person_past_retention(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    officer = UserFactory(username="e2e.cv", agency=hub, roles=["officer"], clearance=1)
    keeper = UserFactory(username="e2e.ld", agency=hub, roles=["leader"], clearance=1)
    person = make_person(officer, "Phùng Văn Xa", birth_year=1950, national_id="001050000123")
    PersonBasis.objects.filter(person=person).update(since=date(2009, 3, 1), lapsed_on=date(2016, 8, 1))

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, keeper)
    page.get_by_role("link", name="Cán bộ, đảng viên").click()
    page.locator("#retention-link").click()
    expect(page.locator("#due-persons")).to_contain_text("Phùng Văn Xa")
    page.get_by_label("Chọn Phùng Văn Xa").check()
    page.get_by_label("Cách xử lý").select_option("anonymise")
    page.get_by_role("button", name="Xử lý những người đã chọn").click()
    expect(page.locator(".retention-job").first).to_contain_text("Đã xong")
    expect(page.locator(".retention-job progress").first).to_have_attribute("value", "100")
    expect(page.locator("#due-persons")).not_to_contain_text("Phùng Văn Xa")
    if os.environ.get("PHOIHOP_E2E_SCREENSHOTS"):
        page.screenshot(path="test-results/retention-review.png", full_page=True)
    page.goto(f"{live_server.url}/persons/{person.uuid}/")
    expect(page.locator("#anonymised")).to_be_visible()
    page.get_by_role("tab", name="Căn cứ đăng ký").click()
    expect(page.locator("#person-bases")).to_contain_text("01/08/2016")
    person.refresh_from_db()
    assert person.full_name == "•••" and person.national_id is None
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1
    context.close()
