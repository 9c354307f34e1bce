"""Discipline notices and personnel consultations in a real browser: an officer records the Inspection
Commission's warning to a member (a removal from a post the member does not hold is refused first, with what
was typed kept), records it in the dossier and collects both acknowledgements; the member's page shows the
discipline. The officer then consults the Police and the Internal Affairs Board on the same member; the Police
answers on its answer page, the consultation's panel shows the answer and the member's live discipline, and
a partner that was not consulted finds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.consultations.models import Consultation
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.people.services import person_update
from phoihop.people.tests.factories import make_person
from phoihop.web.tests.e2e.test_case_e2e import _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


_SIGNED_IN: dict[int, dict] = {}


def _as(browser, live_server, user):
    """A browser context signed in as the user; a user met again keeps their session (a one-time code is
    good once)."""
    if user.pk in _SIGNED_IN:
        context = browser.new_context(locale="vi-VN", storage_state=_SIGNED_IN[user.pk])
        return context, context.new_page()
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, live_server, user)
    _SIGNED_IN[user.pk] = context.storage_state()
    return context, page


def test_a_warning_recorded_then_a_consultation_on_the_same_member(browser, live_server):
    _SIGNED_IN.clear()
    hub = AgencyFactory(code="BTC", is_hub=True, name="Ban Tổ chức Tỉnh ủy Thử")
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    internal = AgencyFactory(code="NC", name="Ban Nội chính Tỉnh ủy Thử")
    UserFactory(username="e2e.kl.nc", agency=internal, roles=["liaison"], clearance=2)
    army = AgencyFactory(code="QS", name="Bộ Chỉ huy Quân sự tỉnh Thử")
    officer = UserFactory(username="e2e.kl", agency=hub, roles=["officer"], clearance=2)
    liaison = UserFactory(username="e2e.kl.ca", agency=police, roles=["liaison"], clearance=2)
    outsider = UserFactory(username="e2e.kl.qs", agency=army, roles=["liaison"], clearance=3)
    member = make_person(officer, "Khúc Văn Kỷ", birth_year=1974, national_id="001074000021")
    person_update(actor=officer, person=member, position="Bí thư Chi bộ thôn Thử")
    today = timezone.localdate()

    context, page = _as(browser, live_server, officer)
    page.goto(f"{live_server.url}/discipline/")
    page.locator("#discipline-new-link").click()
    page.get_by_label("Tìm người trong sổ đăng ký").fill("Khúc Văn Kỷ")
    page.locator("#discipline-person-find").click()
    page.get_by_label("Khúc Văn Kỷ", exact=False).check()
    page.get_by_label("Tóm tắt vi phạm").fill("Vi phạm quy định về nêu gương (kiểm thử)")
    page.get_by_label("Hình thức kỷ luật").select_option("removal")
    page.get_by_label("Chức vụ đang giữ bị xử lý (khi cách chức, giáng chức)").fill(
        "Chủ tịch Hội đồng nhân dân"
    )
    page.get_by_label("Cấp quyết định").select_option("inspection")
    page.get_by_label("Cơ quan, tổ chức quyết định").fill("Ủy ban Kiểm tra Tỉnh ủy Thử")
    page.get_by_label("Số quyết định").fill("21-QĐ/UBKTTU")
    page.get_by_label("Ngày quyết định").fill((today - timedelta(days=5)).isoformat())
    page.get_by_label("Ngày có hiệu lực").fill((today - timedelta(days=5)).isoformat())
    page.get_by_label("Ngày nhận thông báo").fill(today.isoformat())
    page.locator("#discipline-new-submit").click()
    expect(page.locator("#id_party_post_errors")).to_contain_text("không giữ chức vụ")
    expect(page.get_by_label("Số quyết định")).to_have_value("21-QĐ/UBKTTU")
    page.get_by_label("Hình thức kỷ luật").select_option("warning")
    page.get_by_label("Chức vụ đang giữ bị xử lý (khi cách chức, giáng chức)").fill("")
    page.locator("#discipline-new-submit").click()
    expect(page.locator("#discipline-sanction")).to_contain_text("Cảnh cáo")
    expect(page.locator("#discipline-appeal-window")).to_contain_text("còn hạn")
    page.locator("#discipline-record").click()
    expect(page.locator("#discipline-acks tbody tr")).to_have_count(2)
    for _ in range(2):
        page.locator(".discipline-ack-form").first.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".discipline-ack-form")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Các nơi cần nắm đã nắm")
    page.locator("#discipline-subject a").click()
    page.get_by_role("tab", name="Kỷ luật").click()
    expect(page.locator(".person-discipline")).to_contain_text("Cảnh cáo")

    page.goto(f"{live_server.url}/consultations/new/")
    page.get_by_label("Trích yếu").fill("Hiệp y nhân sự (kiểm thử)")
    page.get_by_label("Cơ quan, tổ chức đề nghị", exact=False).first.fill("Ban Thường vụ Tỉnh ủy Thử")
    page.locator("#consulted-CA").check()
    page.locator("#consulted-NC").check()
    page.locator("#person_q").fill("Khúc Văn Kỷ")
    page.locator("#consultation-person-find").click()
    page.get_by_label("Nhân sự 1").select_option(str(member.uuid))
    page.get_by_label("Chức vụ dự kiến 1").fill("Phó Bí thư Đảng ủy xã (kiểm thử)")
    page.locator("#consultation-new-submit").click()
    # no type chosen: refused, with the candidate, the bodies and what was typed kept
    expect(page.locator("#id_type_errors")).to_contain_text("Cần chọn loại")
    expect(page.get_by_label("Nhân sự 1")).to_have_value(str(member.uuid))
    expect(page.locator("#consulted-CA")).to_be_checked()
    page.locator("#id_type").select_option("hiep_y")
    page.locator("#consultation-new-submit").click()
    expect(page.locator("#consultation-table")).to_contain_text("CA")
    expect(page.locator("#consultation-context")).to_contain_text("Cảnh cáo")
    context.close()

    consultation = Consultation.objects.get()
    context, page = _as(browser, live_server, liaison)
    page.goto(f"{live_server.url}/consultations/{consultation.case_id}/answer/")
    page.locator("select[name^=answer_]").select_option("other")
    page.locator("#consultation-answer-submit").click()
    expect(page.locator("#consultation-answer-errors, .alert-danger").first).to_contain_text("lý do")
    page.locator("select[name^=answer_]").select_option("other")
    page.locator("textarea[name^=reasons_]").fill("Đề nghị làm rõ kê khai tài sản (kiểm thử)")
    page.locator("#consultation-answer-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    context.close()

    context, page = _as(browser, live_server, outsider)
    for path in ("/consultations/", "/discipline/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).not_to_contain_text("Khúc Văn Kỷ")
    response = page.goto(f"{live_server.url}/cases/{consultation.case_id}/")
    assert response is not None and response.status == 404
    context.close()

    context, page = _as(browser, live_server, officer)
    page.goto(f"{live_server.url}/cases/{consultation.case_id}/")
    expect(page.locator("#consultation-table")).to_contain_text("Ý kiến khác")
    context.close()
