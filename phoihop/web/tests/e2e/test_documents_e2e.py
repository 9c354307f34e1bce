"""Documents in a real browser: the hub uploads a paper to a case (the progress bar path), generates a
numbered transfer slip, and an officer without the clearance of a "Mật" document is told it does not exist."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phoihop.cases import services as case_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents.models import Document
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_generate_and_clearance(browser, live_server, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    from phoihop.documents import storage

    storage._default.cache_clear()
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Tỉnh ủy Thử")
    officer = UserFactory(username="e2e.btc", agency=hub, roles=["officer"], clearance=2)
    low = UserFactory(username="e2e.thap", agency=hub, roles=["officer"], clearance=0)
    leader = UserFactory(username="e2e.ld", agency=hub, roles=["leader"], clearance=2)
    clerk = UserFactory(username="e2e.vt", agency=hub, roles=["clerk"], clearance=2)
    case = case_services.case_open(actor=officer, title="Hồ sơ có tài liệu")
    paper = tmp_path / "bien-ban.txt"
    paper.write_text("Biên bản làm việc với đương sự", encoding="utf-8")

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator("#case-documents-link").click()
    page.get_by_text("Đính kèm tài liệu").click()
    page.locator("input[type=file]").first.set_input_files(str(paper))
    page.get_by_label("Trích yếu").fill("Biên bản làm việc")
    page.get_by_label("Độ mật").select_option("1")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("[data-testid=documents]")).to_contain_text("Biên bản làm việc")
    # an official document: drafted by the officer, signed by a leader, numbered and issued by the clerk
    page.get_by_role("link", name="Soạn văn bản từ mẫu").click()
    page.get_by_role("link", name="Phiếu chuyển đơn, thư").click()
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.locator("#paper-status")).to_have_text("Dự thảo")
    expect(page.locator("#document-number")).to_have_text("—")  # a draft takes no number
    draft_url = page.url
    context.close()
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, leader)
    page.goto(draft_url)
    page.get_by_label("Chức vụ người ký").fill("Phó Trưởng ban")
    page.get_by_role("button", name="Ký văn bản").click()
    expect(page.locator("#paper-status")).to_have_text("Đã ký, chờ ban hành")
    context.close()
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, clerk)
    page.goto(draft_url)
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.locator("#paper-status")).to_have_text("Đã ban hành")
    expect(page.locator("#document-number")).to_have_text("01-PC/BTC")
    expect(page.locator("#download-pdf")).to_be_visible()
    context.close()

    secret = Document.objects.get(title="Biên bản làm việc")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, low)
    response = page.goto(f"{live_server.url}/documents/{secret.pk}/download/")
    assert response.status == 404
    context.close()


def test_a_very_long_file_name_is_shortened_by_the_upload_page(browser, live_server, tmp_path, settings):
    """A name too long for the server to read (over 1 KB) is cut to 120 characters plus its extension before
    the browser sends it, as the server would store it; the upload goes through."""
    settings.DATA_DIR = tmp_path
    from phoihop.documents import storage

    storage._default.cache_clear()
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Tỉnh ủy Thử")
    officer = UserFactory(username="e2e.btc", agency=hub, roles=["officer"], clearance=2)
    case = case_services.case_open(actor=officer, title="Hồ sơ có tài liệu")
    name = "Biên bản làm việc với đương sự " * 34 + ".txt"
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/documents/")
    page.get_by_text("Đính kèm tài liệu").click()
    page.locator("input[type=file]").first.set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": "Biên bản".encode()}
    )
    page.get_by_label("Trích yếu").fill("Biên bản tên dài")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("[data-testid=documents]")).to_contain_text("Biên bản tên dài")
    stored = Document.objects.get(title="Biên bản tên dài").current().filename
    assert stored == name[:120].rstrip() + ".txt"
    context.close()
