"""Letters in a real browser: a clerk takes a named denunciation in (two allegations, the writer into the
vault), the leader accepts it on the classification page, an officer concludes each allegation from the
letter's panel and the leader concludes the letter; the vault keeper reads the writer with a reason, and the
leader's pages never show the writer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.letters.models import VaultRead
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WRITER = "Quách Thị Kín Tên"


def _as(browser, live_server, user):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, user)
    return context, page


def test_letter_from_intake_to_conclusion(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Tỉnh ủy Thử")
    clerk = UserFactory(username="e2e.vt", agency=hub, roles=["clerk"], clearance=1)
    officer = UserFactory(username="e2e.cv", agency=hub, roles=["officer"], clearance=2)
    leader = UserFactory(username="e2e.ld", agency=hub, roles=["leader"], clearance=3)
    keeper = UserFactory(username="e2e.kho", agency=hub, roles=["clerk", "vault"], clearance=1)
    head = UserFactory(username="e2e.tb", agency=hub, roles=["leader"], clearance=3)  # one sign-in per user

    context, page = _as(browser, live_server, clerk)
    page.goto(f"{live_server.url}/letters/")
    page.locator("#letter-intake-link").click()
    page.get_by_label("Nguồn đơn").select_option("post")
    page.get_by_label("Loại đơn").select_option("denunciation")
    page.get_by_label("Người viết đơn").select_option("named")
    page.get_by_label("Trích yếu (không ghi tên người viết)").fill("Đơn tố cáo cán bộ tuyển dụng (kiểm thử)")
    page.get_by_label("Độ mật").select_option("0")
    page.locator("#id_allegations").fill(
        "Nhận tiền của thí sinh trong kỳ tuyển dụng năm 2025 tại xã Đông Cát.\n\n"
        "Không kê khai thửa đất số 118 ở thôn Bãi Sậy."
    )
    page.locator("#id_writer1_name").fill(WRITER)
    page.locator("#id_writer1_address").fill("Thôn Kín, xã Hư Cấu")
    page.locator("#letter-intake-submit").click()
    errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    assert not errors, errors
    expect(page.locator("#panel-letter")).to_contain_text("Nhận tiền của thí sinh")
    letter_url = page.url
    context.close()

    context, page = _as(browser, live_server, leader)
    page.goto(letter_url)
    assert WRITER not in page.content()
    page.locator("#letter-classify-link").click()
    page.get_by_label("Thụ lý (thuộc thẩm quyền)").check()
    page.get_by_role("button", name="Lưu phân loại").click()
    expect(page.locator("#letter-outcome")).to_contain_text("Thụ lý")
    context.close()

    context, page = _as(browser, live_server, officer)
    page.goto(letter_url)
    for i, finding in enumerate(["founded", "unfounded"]):
        form = page.locator(".letter-allegation form").nth(i)
        form.locator("select[name=finding]").select_option(finding)
        form.locator("textarea[name=findings]").fill("Kết quả xác minh (kiểm thử)")
        form.locator("textarea[name=sources]").fill("Biên bản làm việc")
        form.get_by_role("button", name="Lưu kết luận").click()
    expect(page.locator(".letter-finding")).to_have_count(2)
    page.get_by_text("Ghi nhận giải trình", exact=True).click()
    page.get_by_label("Giải trình của người bị phản ánh").fill("Thừa nhận một phần (kiểm thử).")
    page.get_by_role("button", name="Lưu giải trình").click()
    expect(page.locator("#letter-explanations")).to_contain_text("Thừa nhận một phần")
    context.close()

    context, page = _as(browser, live_server, head)
    page.goto(letter_url)
    page.get_by_text("Kết luận đơn (khi mọi nội dung đã có kết luận)").click()
    page.get_by_label("Kết luận chung").fill("Tố cáo đúng một phần.")
    page.get_by_role("button", name="Kết luận đơn").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã kết luận đơn")
    assert WRITER not in page.content()
    context.close()

    context, page = _as(browser, live_server, keeper)
    case_id = letter_url.split("#")[0].rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{live_server.url}/letters/{case_id}/vault/")
    page.get_by_label("Lý do mở kho danh tính").fill("Gửi thông báo kết quả cho người tố cáo")
    page.get_by_role("button", name="Mở kho (ghi nhật ký)").click()
    expect(page.locator("#vault-writers")).to_contain_text(WRITER)
    assert VaultRead.objects.count() == 1
    context.close()
