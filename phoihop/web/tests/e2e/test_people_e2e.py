"""People in a real browser: a clerk finds Nguyễn Văn Đức however it is typed, opens the record (sensitive
fields masked until revealed), and a new record of the same person is flagged before it is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.people.models import Person
from phoihop.people.tests.factories import make_person
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_finds_a_person_and_is_warned_of_a_duplicate(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    clerk = UserFactory(username="e2e.vt", agency=hub, roles=["clerk"], clearance=1)
    make_person(clerk, "Nguyễn Văn Đức", birth_year=1975, religion="Phật giáo")
    make_person(clerk, "Trần Văn Đông", birth_year=1975)

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, clerk)
    page.get_by_role("link", name="Cán bộ, đảng viên").click()
    for query in ("nguyen van duc", "ĐỨC NGUYỄN", "Nguyen Van Duc 1975"):
        page.locator("#id_q").fill(query)
        page.get_by_role("button", name="Tìm").click()
        expect(page.locator("#person-table tbody tr").first).to_contain_text("Nguyễn Văn Đức")
    page.locator("#person-table").get_by_role("link", name="Nguyễn Văn Đức").click()
    expect(page.locator("#field-religion")).to_contain_text("•••")
    page.locator("#field-religion").get_by_role("link").click()
    expect(page.locator("#field-religion")).to_contain_text("Phật giáo")

    page.goto(f"{live_server.url}/persons/new/")
    page.get_by_label("Căn cứ đăng ký").select_option(
        label="Danh sách đảng viên của tổ chức đảng do cơ quan quản lý"
    )
    page.get_by_label("Họ và tên").fill("Đức Nguyễn Văn")
    page.get_by_label("Năm sinh (nếu không rõ ngày)").fill("1975")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#duplicate-matches")).to_contain_text("Trùng họ tên và năm sinh")
    assert Person.objects.count() == 2
    context.close()
