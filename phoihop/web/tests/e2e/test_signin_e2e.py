"""A person signs in with password and one-time code, sees the Vietnamese shell, switches to English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from phoihop.core.demo import current_code
from phoihop.core.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Xác thực hai lớp")
    code, _ = current_code(user.totp_secret)
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Đăng nhập").click()


def test_sign_in_with_mfa_shows_vietnamese_home_and_nothing_external(page, live_server, hub):
    user = UserFactory(username="e2e.chuyenvien", full_name="Phan Thị Thử", agency=hub, roles=["officer"])
    _sign_in(page.page, live_server, user)
    expect(page.page.locator("h1")).to_have_text("Việc của tôi")
    expect(page.page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.page.get_by_text("Yêu cầu phối hợp cần trả lời")).to_be_visible()
    # Bootstrap's stylesheet really applied (served locally): the navbar is laid out as flex. Waited for: the
    # text above can be in the page before the stylesheet has loaded, and a computed style read then is the
    # default.
    expect(page.page.locator(".navbar")).to_have_css("display", "flex")
    page.page.screenshot(path="test-results/home-vi.png", full_page=True)
    assert page.external_requests() == [], page.external_requests()
    assert any("/static/vendor/bootstrap/" in url for url in page.requests)

    page.page.get_by_role("button", name="EN").click()
    expect(page.page.locator("h1")).to_have_text("My work")
    expect(page.page.locator("html")).to_have_attribute("lang", "en")
    page.page.get_by_role("button", name="VI").click()
    expect(page.page.locator("h1")).to_have_text("Việc của tôi")
    assert page.external_requests() == []


def test_wrong_code_is_refused_in_vietnamese(page, live_server, hub):
    user = UserFactory(username="e2e.saima", agency=hub, roles=["officer"])
    p = page.page
    p.goto(f"{live_server.url}/accounts/login/")
    p.get_by_label("Tên đăng nhập").fill(user.username)
    p.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    p.get_by_role("button", name="Đăng nhập").click()
    code, _ = current_code(user.totp_secret)
    p.get_by_label("Mã xác thực").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    p.get_by_role("button", name="Đăng nhập").click()
    expect(p.get_by_text("Mã không đúng.")).to_be_visible()
