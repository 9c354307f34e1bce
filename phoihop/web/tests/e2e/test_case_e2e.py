"""The case walkthrough in a real browser: the hub sends a request, the Police answers from its own home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from phoihop.cases import services
from phoihop.core.demo import current_code
from phoihop.core.tests.factories import TEST_PASSWORD, AgencyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác thực").fill(current_code(user.totp_secret)[0])
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Việc của tôi")


def test_police_answers_from_its_inbox_without_seeing_the_case(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    officer = UserFactory(username="e2e.btc", agency=hub, roles=["officer"], clearance=1)
    liaison = UserFactory(username="e2e.ca", agency=police, roles=["liaison"], clearance=1)
    case = services.case_open(actor=officer, title="Thẩm tra nhân sự Bí Mật 9", classification=1)
    services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Đề nghị xác minh nhân thân", days=10
    )

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, liaison)
    queue = page.locator("#queue-requests").locator("xpath=ancestor::section")
    queue.get_by_role("link", name="Thẩm tra, xác minh").click()
    expect(page.get_by_text("Đề nghị xác minh nhân thân")).to_be_visible()
    expect(page.get_by_text("Bí Mật 9")).to_have_count(0)
    page.get_by_label("Nội dung trả lời").fill("Không phát hiện vấn đề về chính trị")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator("#request-status")).to_have_text("Đã trả lời")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response.status == 404
    context.close()

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator("#timeline")).to_contain_text("CA đã trả lời yêu cầu")
    expect(page).to_have_url(re.compile(str(case.pk)))
    context.close()
