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
    refused = [m for m in console if "Content Security Policy" in m or "Refused" in m or "X-Frame-Options" in m]
    assert refused == []
    context.close()
    previews = AuditEvent.objects.filter(action="document.preview", object_id=str(document.pk))
    assert previews.count() == 1 and json.loads(previews.get().payload)["watermarked"] is True
    assert not AuditEvent.objects.filter(action="print").exists()
