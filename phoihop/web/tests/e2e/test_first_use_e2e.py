"""What a new user tripped over (issue 13 §3), in a real browser: the document preview under the CSP, the
partner's pages, the request's carried papers, the navigation at 1366 px, the request page's forms, the
two-factor page."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import services as document_services
from phoihop.documents.tests import helpers
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    from phoihop.documents import storage

    storage._default.cache_clear()
    yield tmp_path
    storage._default.cache_clear()


def _watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def test_the_pdf_preview_shows_in_its_frame_and_is_audited_as_a_preview(browser, live_server, data_dir):
    hub = AgencyFactory(code="BTC", is_hub=True)
    officer = UserFactory(username="e2e.xem", agency=hub, roles=["officer"], clearance=1)
    case = case_services.case_open(actor=officer, title="Hồ sơ có bản PDF")
    document = document_services.document_add(
        actor=officer, case=case, file_name="bao-cao.pdf", data=helpers.pdf_with_text(), title="Báo cáo PDF"
    )
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    console = _watch_console(page)
    _sign_in(page, live_server, officer)
    with page.expect_response(lambda r: "inline=1" in r.url) as served:
        page.goto(f"{live_server.url}/documents/{document.pk}/")
    assert served.value.status == 200
    expect(page.locator("#preview")).to_be_visible()
    frame = page.locator("#preview").element_handle().content_frame()
    frame.wait_for_load_state()
    assert "inline=1" in frame.url and not frame.url.startswith("chrome-error"), frame.url
    height = page.locator("#preview").evaluate("el => el.getBoundingClientRect().height")
    assert height > 300  # the stylesheet's height, not an inline style the CSP refuses
    refused = [
        m for m in console if "Content Security Policy" in m or "Refused" in m or "X-Frame-Options" in m
    ]
    assert refused == []
    context.close()
    previews = AuditEvent.objects.filter(action="document.preview", object_id=str(document.pk))
    assert previews.count() == 1 and json.loads(previews.get().payload)["watermarked"] is True
    assert not AuditEvent.objects.filter(action="print").exists()


def _partner_world():
    hub = AgencyFactory(code="BTC", is_hub=True)
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    officer = UserFactory(username="e2e.btc", agency=hub, roles=["officer"], clearance=1)
    liaison = UserFactory(username="e2e.ca", agency=police, roles=["liaison"], clearance=1)
    case = case_services.case_open(actor=officer, title="Thẩm tra nhân sự Kín Đáo")
    return hub, police, officer, liaison, case


def test_a_partners_reply_document_leads_back_to_the_request_not_the_case(browser, live_server, data_dir):
    _hub, police, officer, liaison, case = _partner_world()
    req = case_services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Xác minh", days=10
    )
    reply = document_services.document_add(
        actor=liaison,
        request=req,
        is_reply=True,
        file_name="tra-loi.txt",
        data=b"ket qua",
        title="Kết quả xác minh",
    )
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, liaison)
    page.goto(f"{live_server.url}/documents/{reply.pk}/")
    crumbs = page.locator("#document-breadcrumb")
    expect(crumbs).not_to_contain_text(case.number)
    hrefs = crumbs.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/requests/{req.pk}/" in hrefs and not any("/cases/" in h for h in hrefs), hrefs
    for href in hrefs:  # every way back answers the partner
        assert page.request.get(f"{live_server.url}{href}").status == 200, href
    crumbs.get_by_role("link", name="Yêu cầu phối hợp").click()
    expect(page.locator("#request-status")).to_be_visible()
    context.close()


def test_a_request_carries_the_chosen_letter_and_the_partner_reads_only_it(browser, live_server, data_dir):
    from phoihop.documents.testing import sign_and_issue

    hub, police, officer, liaison, case = _partner_world()
    letter = document_services.document_generate(
        actor=officer,
        case=case,
        template="de_nghi_xac_minh",
        regime="party",
        subject_line="đề nghị xác minh",
        body="Đề nghị xác minh nhân thân.",
        recipients=["Công an tỉnh"],
        parent_issuer="Đảng bộ tỉnh",
        place="Sơn Hà",
    )
    letter = sign_and_issue(  # the letter that goes out is the signed and numbered one
        letter,
        leader=UserFactory(username="e2e.ld", agency=hub, roles=["leader"], clearance=1),
        clerk=UserFactory(username="e2e.vt", agency=hub, roles=["clerk"], clearance=1),
    )
    internal = document_services.document_add(
        actor=officer,
        case=case,
        file_name="noi-bo.pdf",
        data=helpers.pdf_with_text("Nội bộ"),
        title="Ghi chú nội bộ",
    )
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_label("Gửi đến").select_option(str(police.pk))
    page.get_by_label("Nội dung yêu cầu").fill("Đề nghị xác minh theo công văn gửi kèm")
    page.get_by_label("Thời hạn (số ngày)").fill("10")
    page.get_by_label("01-CV/BTC", exact=False).check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi yêu cầu đến CA")
    context.close()

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, liaison)
    page.goto(f"{live_server.url}/requests/")
    page.get_by_role("link", name="Thẩm tra, xác minh").first.click()
    panel = page.locator("#request-documents")
    expect(panel).to_contain_text("gửi kèm, chỉ đọc")
    expect(panel).not_to_contain_text(internal.title)
    panel.get_by_role("link", name=letter.title).click()
    expect(page.locator("#preview")).to_be_visible()
    expect(page.locator("#download-link")).to_have_count(0)  # the DOCX original is not the partner's
    expect(page.locator("#document-breadcrumb")).not_to_contain_text(case.number)
    assert page.request.get(f"{live_server.url}/documents/{internal.pk}/").status == 404
    context.close()


def test_the_audit_table_shows_labels_and_agency_codes(browser, live_server):
    from phoihop.audit.services import audit_record
    from phoihop.cases import audit_events as cases_events

    hub, police, officer, _liaison, case = _partner_world()
    auditor = UserFactory(username="e2e.giamsat", agency=hub, roles=["auditor"], clearance=0)
    case_services.case_read(actor=officer, case=case)
    case_services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Xác minh", days=10
    )
    # an event written before requests were described by agency code (its stored description is withheld now)
    audit_record(
        action=cases_events.REQUEST_RECEIVE,
        actor=officer,
        object_type="cases.coordinationrequest",
        object_id="x",
        object_repr=f"Thẩm tra, xác minh → {police.pk}",
    )
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, auditor)
    page.goto(f"{live_server.url}/audit/")
    table = page.locator("#audit-events")
    expect(table).to_contain_text("Xem hồ sơ nhạy cảm")
    expect(table).to_contain_text("Gửi yêu cầu phối hợp")
    expect(table).to_contain_text("hồ sơ vụ việc")
    # a request is named by its case, its kind and the recipient's code
    expect(table).to_contain_text(f"{case.number} · verify · CA")
    text = table.inner_text()
    for raw in ("record.read", "request.send", "cases.case", str(police.pk)):
        assert raw not in text, raw
    context.close()


def test_the_case_list_filter_ignores_accents_and_word_order(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    officer = UserFactory(username="e2e.loc", agency=hub, roles=["officer"], clearance=1)
    wanted = case_services.case_open(actor=officer, title="Thẩm tra cán bộ Nguyễn Văn Đức")
    other = case_services.case_open(actor=officer, title="Hồ sơ khác hẳn")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Số hoặc trích yếu").fill("duc nguyen")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name=wanted.number)).to_be_visible()
    expect(page.get_by_role("link", name=other.number)).to_have_count(0)
    context.close()


def test_the_related_case_box_offers_the_cases_one_may_link(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True)
    police = AgencyFactory(code="CA")
    officer = UserFactory(username="e2e.lienket", agency=hub, roles=["officer"], clearance=1)
    stranger = UserFactory(username="e2e.ca.lk", agency=police, roles=["officer"], clearance=1)
    case = case_services.case_open(actor=officer, title="Hồ sơ chính")
    sibling = case_services.case_open(actor=officer, title="Hồ sơ anh em")
    hidden = case_services.case_open(actor=stranger, title="Hồ sơ của CA")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    box = page.locator("#link-number")
    assert box.get_attribute("placeholder") == "Chọn hoặc gõ số hồ sơ"  # no fixed, made-up number
    offered = page.locator("#link-candidates option").evaluate_all("os => os.map(o => o.value)")
    assert offered == [sibling.number], offered  # not itself, not another agency's case
    assert hidden.number not in offered
    box.fill(sibling.number)
    page.get_by_role("button", name="Liên kết").click()
    expect(page.locator("#related-cases")).to_contain_text(sibling.number)
    expect(page.locator("#link-candidates option")).to_have_count(0)
    context.close()


def test_the_hub_is_offered_neither_as_its_own_partner_nor_as_its_own_recipient(browser, live_server):
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Thử")
    police = AgencyFactory(code="CA", name="Công an Thử")
    officer = UserFactory(username="e2e.chon", agency=hub, roles=["officer"], clearance=1)
    case = case_services.case_open(actor=officer, title="Hồ sơ chọn cơ quan")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/new/")
    partners = page.locator("input[name=participants]").evaluate_all("xs => xs.map(x => x.value)")
    assert str(police.pk) in partners and str(hub.pk) not in partners, partners
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    recipients = page.get_by_label("Gửi đến").locator("option").evaluate_all("os => os.map(o => o.value)")
    assert str(police.pk) in recipients and str(hub.pk) not in recipients, recipients
    context.close()


def test_the_person_picker_tells_namesakes_apart(browser, live_server):
    from datetime import date

    from phoihop.people import services as people_services
    from phoihop.people.tests.factories import make_person

    hub = AgencyFactory(code="BTC", is_hub=True)
    admin = UserFactory(username="e2e.qt", agency=hub, roles=["admin"], clearance=2)
    officer = UserFactory(username="e2e.nguoi", agency=hub, roles=["officer"], clearance=1)
    east = people_services.unit_create(actor=admin, code="CB-DONG", name="Chi bộ Phường Đông", kind="cell")
    west = people_services.unit_create(actor=admin, code="CB-TAY", name="Chi bộ Xã Tây", kind="cell")
    make_person(officer, "Nguyễn Văn Đức", birth_date=date(1975, 3, 4), unit=east, position="Bí thư chi bộ")
    make_person(officer, "Nguyễn Văn Đức", birth_year=1975, unit=west, position="Trưởng thôn")
    case = case_services.case_open(actor=officer, title="Hồ sơ cần chọn người")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator("#subject-q").fill("Nguyễn Văn Đức")
    page.locator("#subject-q").press("Enter")
    rows = page.locator("#subject-candidates li")
    expect(rows).to_have_count(2)
    texts = sorted(rows.all_inner_texts())
    assert "04/03/1975" in texts[0] + texts[1] and "sinh năm 1975" in texts[0] + texts[1]
    assert any("Bí thư chi bộ" in t and "Chi bộ Phường Đông" in t for t in texts), texts
    assert any("Trưởng thôn" in t and "Chi bộ Xã Tây" in t for t in texts), texts
    context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("roles", [["officer"], ["admin", "auditor", "officer"]])
def test_the_top_menu_fits_on_one_line_at_1366_px(browser, live_server, roles, language):
    hub = AgencyFactory(code="BTC", is_hub=True)
    user = UserFactory(
        username="e2e.menu", agency=hub, roles=roles, clearance=1, full_name="Nguyễn Thị Phương Thảo"
    )
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _sign_in(page, live_server, user)
    if language == "en":
        page.locator(".lang-switch button[value=en]").click()
        expect(page.locator("h1")).to_have_text("My work")
    links = page.locator("#main-nav .nav-link")
    heights = links.evaluate_all("ls => ls.map(l => [l.innerText.trim(), l.getBoundingClientRect().height])")
    line = page.locator("#main-nav .nav-link").first.evaluate(
        "l => parseFloat(getComputedStyle(l).lineHeight)"
    )
    wrapped = [text for text, height in heights if height > 2 * line]
    assert wrapped == [], wrapped  # no word broken onto a second or third line
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    tops = links.evaluate_all("ls => ls.map(l => Math.round(l.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops  # one row of menu
    context.close()


def test_the_request_page_opens_one_management_form_at_a_time(browser, live_server):
    _hub, police, officer, _liaison, case = _partner_world()
    req = case_services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Xác minh", days=10
    )
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/requests/{req.pk}/")
    extend, pause, withdraw = (page.locator(f"#manage-{k} form") for k in ("extend", "pause", "withdraw"))
    for form in (extend, pause, withdraw):
        expect(form).to_be_hidden()
    page.locator("#manage-extend summary").click()
    expect(extend).to_be_visible()
    page.locator("#manage-withdraw summary").click()
    expect(withdraw).to_be_visible()
    expect(extend).to_be_hidden()  # one at a time
    expect(pause).to_be_hidden()
    page.get_by_label("Lý do rút yêu cầu").fill("Không cần nữa")
    page.get_by_role("button", name="Rút yêu cầu").click()
    expect(page.locator("#request-status")).to_have_text("Đã rút")
    context.close()


def test_the_two_factor_page_is_laid_out_like_the_sign_in_page(browser, live_server):
    from phoihop.core.demo import current_code
    from phoihop.core.tests.factories import TEST_PASSWORD

    hub = AgencyFactory(code="BTC", is_hub=True)
    user = UserFactory(username="e2e.hailop", agency=hub, roles=["officer"], clearance=1)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()

    def layout() -> dict:
        card = page.locator("main .card").first
        box = card.bounding_box()
        button = card.locator("button[type=submit].btn-primary").bounding_box()
        return {
            "left": round(box["x"]),
            "width": round(box["width"]),
            "h1": card.locator("h1").evaluate("h => getComputedStyle(h).fontSize"),
            "button": round(button["width"]),
            "cards": page.locator("main .card").count(),
        }

    page.goto(f"{live_server.url}/accounts/login/")
    sign_in = layout()
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("main h1")).to_have_text("Xác thực hai lớp")
    assert layout() == sign_in
    page.get_by_label("Mã xác thực").fill(current_code(user.totp_secret)[0])
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    context.close()


def test_the_bell_stops_counting_what_the_user_has_opened(browser, live_server):
    _hub, police, officer, liaison, case = _partner_world()
    from phoihop.notify.models import Notification

    req = case_services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Xác minh", days=10
    )
    assert Notification.objects.get(user=liaison).link == f"/requests/{req.pk}/"  # told after commit
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, liaison)
    bell = page.locator("#notifications-link .badge")
    expect(bell).to_have_text("1")
    page.locator("#notifications-link").click()
    page.locator("main").get_by_role("link").filter(has_text="Yêu cầu").first.click()
    expect(page.locator("#request-status")).to_be_visible()
    expect(bell).to_have_count(0)  # already on the page it pointed to
    context.close()


def test_a_leaders_home_shows_the_agencys_open_and_overdue_work(browser, live_server):
    from datetime import timedelta

    from django.utils import timezone

    from phoihop.cases.models import CoordinationRequest

    hub, police, officer, _liaison, case = _partner_world()
    leader = UserFactory(username="e2e.lanhdao", agency=hub, roles=["leader"], clearance=3)
    req = case_services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Xác minh", days=5
    )
    CoordinationRequest.objects.filter(pk=req.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, leader)
    cases_queue = page.locator("#queue-leading").locator("xpath=ancestor::section")
    expect(page.locator("#queue-leading")).to_have_text("Hồ sơ cơ quan đang xử lý")
    expect(cases_queue.locator(".badge")).to_have_text("1")
    expect(cases_queue).to_contain_text(case.number)
    overdue = page.locator("#queue-overdue").locator("xpath=ancestor::section")
    # the overdue request, and its case, overdue through it (one meaning of overdue, issue 13 §2)
    expect(overdue.locator(".badge")).to_have_text("2")
    expect(overdue.locator(".queue-case")).to_contain_text(case.number)
    expect(overdue).to_contain_text("→ CA")
    context.close()
