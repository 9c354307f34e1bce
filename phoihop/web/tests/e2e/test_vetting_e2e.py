"""Batch vetting in a real browser: an officer uploads a congress candidate list (the cases are created on the
worker, the board shows progress), sends one request to the Police listing the candidates; the Police liaison
answers from its inbox, flagging one candidate; an officer records that answer as a finding of the flagged
candidate's case and appraises it, and the leader approves the conclusion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.cases.services import case_team_add
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.people.tests.factories import make_person
from phoihop.vetting.models import Vetting
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, user):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, user)
    return context, page


def test_a_congress_batch_from_file_to_conclusion(browser, live_server, tmp_path):
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Tỉnh ủy Thử")
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    officer = UserFactory(username="e2e.cv", agency=hub, roles=["officer"], clearance=2)
    second = UserFactory(username="e2e.cv2", agency=hub, roles=["officer"], clearance=2)
    leader = UserFactory(username="e2e.ld", agency=hub, roles=["leader"], clearance=3)
    liaison = UserFactory(username="e2e.ca", agency=police, roles=["liaison"], clearance=2)
    names = ["Mạc Văn Một", "Mạc Thị Hai", "Mạc Văn Ba"]
    for i, name in enumerate(names, 1):
        make_person(officer, name, birth_year=1980, national_id=f"00108000000{i}", management_level="local")
    listing = tmp_path / "ung-vien.csv"
    listing.write_text(
        "Số CCCD,Họ và tên,Chức vụ dự kiến\n"
        + "".join(f"00108000000{i},{n},Ủy viên BCH\n" for i, n in enumerate(names, 1)),
        encoding="utf-8",
    )

    context, page = _as(browser, live_server, officer)
    page.goto(f"{live_server.url}/vetting/")
    page.locator("#vetting-batches-link").click()
    page.get_by_label("Tên đợt (đại hội, bầu cử)").fill("Đại hội Đảng bộ xã Thử (kiểm thử)")
    page.get_by_label("Mục đích thẩm định").select_option("congress")
    page.get_by_label("Cơ quan, tổ chức đề nghị").fill("Đảng ủy xã Thử")
    page.get_by_label("Hạn cuối").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.locator("#id_file").set_input_files(str(listing))
    page.locator("#vetting-batch-submit").click()
    expect(page.locator("#vetting-batch-state")).to_have_text("Đã tạo hồ sơ", timeout=20_000)
    expect(page.locator("#board-total")).to_have_text("3")
    page.locator("#vetting-dispatch summary").click()
    page.get_by_label("CA").check()
    page.locator("#vetting-dispatch-form").get_by_role("button", name="Gửi").click()
    expect(page.locator(".alert-success")).to_contain_text("Đang gửi yêu cầu cho 1 cơ quan")
    # while the dispatch runs the progress bar polls and reloads the board itself when it is done
    expect(page.locator("#board-agencies")).to_contain_text("CA", timeout=20_000)
    context.close()

    context, page = _as(browser, live_server, liaison)
    page.goto(f"{live_server.url}/vetting/dispatches/")
    page.get_by_role("link", name="Đại hội Đảng bộ xã Thử (kiểm thử)").click()
    rows = page.locator(".dispatch-item")
    expect(rows).to_have_count(3)
    for i in range(3):
        rows.nth(i).locator("select").select_option("issue" if i == 1 else "none")
    rows.nth(1).locator("input").fill("Có người thân ở nước ngoài (kiểm thử)")
    page.locator("#dispatch-answer-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trả lời 3 ứng viên")
    context.close()

    flagged = Vetting.objects.get(person__full_name="Mạc Thị Hai", batch__isnull=False)
    # the batch's officer (its cases' lead) puts a colleague on the flagged candidate's team
    case_team_add(actor=officer, case=flagged.case, user=second)
    context, page = _as(browser, live_server, second)
    page.goto(f"{live_server.url}/cases/{flagged.case_id}/")
    expect(page.locator("#panel-vetting")).to_contain_text("Mạc Thị Hai")
    page.get_by_text("Ghi kết quả thẩm tra (phải nêu nguồn)").click()
    form = page.locator("#vetting-finding-form")
    form.get_by_label("Nhóm").select_option("history")
    form.get_by_label("Bị kỷ luật").uncheck()
    form.get_by_label("Có người thân ở nước ngoài").check()
    form.get_by_label("Nội dung").fill("Em trai định cư ở nước ngoài (kiểm thử)")
    form.get_by_label("Nguồn", exact=True).select_option("reply")
    form.get_by_label("Trả lời được trích dẫn").select_option(index=1)
    form.get_by_role("button", name="Lưu kết quả thẩm tra").click()
    expect(page.locator(".vetting-finding")).to_contain_text("Em trai định cư")
    for row in page.locator("#vetting-dossier form").all():
        row.get_by_role("button", name="Lưu").click()
    page.get_by_text("Thẩm định, đề xuất kết luận").click()
    appraise = page.locator("#vetting-appraise-form")
    appraise.get_by_label("Lịch sử chính trị").select_option("yes")
    appraise.get_by_label("Chính trị hiện nay").select_option("no")
    appraise.get_by_label("Đề xuất kết luận").select_option("meets")
    appraise.get_by_label("Lý do").fill("Người thân ở nước ngoài chấp hành tốt pháp luật (kiểm thử)")
    appraise.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator("#vetting-verdict")).to_contain_text("Đủ tiêu chuẩn chính trị")
    context.close()

    context, page = _as(browser, live_server, leader)
    page.goto(f"{live_server.url}/cases/{flagged.case_id}/")
    page.locator("#vetting-approve-form").get_by_role("button", name="Duyệt kết luận").click()
    expect(page.locator("#vetting-verdict")).to_contain_text("Kết luận có giá trị đến")
    context.close()
