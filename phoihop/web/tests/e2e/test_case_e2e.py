"""The case walkthrough in a real browser: the hub sends a
request, the Police answers from its own home page."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from phoihop.cases import services
from phoihop.core.demo import current_code
from phoihop.core.tests.factories import TEST_PASSWORD, AgencyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# A one-time code is refused the second time (replay protection), so a user signing in again within the same
# 30-second window waits for the next code, as a person would.
_USED_CODES: dict[int, str] = {}


def _fresh_code(user) -> str:
    code, left = current_code(user.totp_secret)
    if _USED_CODES.get(user.pk) == code:
        time.sleep(left + 0.5)
        code, _ = current_code(user.totp_secret)
    _USED_CODES[user.pk] = code
    return code


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác thực").fill(_fresh_code(user))
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


def test_a_leader_puts_an_officer_on_a_classified_case_and_takes_them_off(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    lead = UserFactory(username="e2e.chutri", agency=hub, roles=["officer"], clearance=1)
    leader = UserFactory(username="e2e.lanhdao", agency=hub, roles=["leader"], clearance=2)
    colleague = UserFactory(
        username="e2e.dongnghiep", agency=hub, roles=["officer"], clearance=1, full_name="Đồng Nghiệp Thử"
    )
    case = services.case_open(actor=lead, title="Thẩm tra Tổ Kín 5", classification=1)

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, colleague)
    assert page.goto(f"{live_server.url}/cases/{case.pk}/").status == 404
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("#case-register")).to_contain_text(case.number)
    expect(page.get_by_text("Tổ Kín 5")).to_have_count(0)
    context.close()

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, leader)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator("#case-team").get_by_label("Cán bộ").select_option(label="Đồng Nghiệp Thử (e2e.dongnghiep)")
    page.locator("#case-team").get_by_role("button", name="Thêm").click()
    expect(page.locator("#team-members")).to_contain_text("Đồng Nghiệp Thử")
    page.locator("#team-members").get_by_role("link", name="Đưa ra").click()
    expect(page.locator("h1")).to_have_text("Đưa ra khỏi tổ xử lý hồ sơ?")
    page.get_by_role("button", name="Đưa ra khỏi tổ").click()
    expect(page.locator("#team-members")).not_to_contain_text("Đồng Nghiệp Thử")
    expect(page.locator("#timeline")).to_contain_text("Đưa Đồng Nghiệp Thử ra khỏi tổ xử lý hồ sơ")
    context.close()


def test_a_second_request_is_sent_from_the_panel_loaded_when_opened(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    officer = UserFactory(username="e2e.btc", agency=hub, roles=["officer"], clearance=1)
    case = services.case_open(actor=officer, title="Thẩm tra nhân sự có hai yêu cầu")
    services.request_send(actor=officer, case=case, to_agency=police, kind="verify", body="Lần một", days=10)

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    panel = page.locator("#request-send")
    expect(panel.locator("select[name=to_agency]")).to_have_count(0)  # not built until opened
    panel.locator("summary").click()
    expect(panel.locator("select[name=to_agency]")).to_be_visible()
    panel.locator("select[name=to_agency]").select_option(value=str(police.pk))
    panel.locator("textarea[name=body]").fill("Lần hai")
    panel.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator("#case-requests tbody tr")).to_have_count(2)
    context.close()
