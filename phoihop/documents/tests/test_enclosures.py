"""Issue 13: a request carries chosen case papers to its partner (the letter asking it to verify). The partner
reads only those, only as the stamped PDF, only while the request's grant lasts, and nothing else of the
case."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from phoihop.access.policy import Action, can
from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.cases.models import CoordinationRequest
from phoihop.cases.tests.helpers import login
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import selectors, services
from phoihop.documents.models import RequestEnclosure
from phoihop.documents.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    liaison = UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2)
    case = case_services.case_open(actor=officer, title="Thẩm tra nhân sự B")
    letter = services.document_generate(
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
    other_pdf = services.document_add(
        actor=officer,
        case=case,
        file_name="noi-bo.pdf",
        data=helpers.pdf_with_text("Ghi chú nội bộ"),
        title="Ghi chú nội bộ",
    )
    docx_only = services.document_add(
        actor=officer,
        case=case,
        file_name="du-thao.docx",
        data=helpers.docx_with_text("Dự thảo"),
        title="Dự thảo",
    )
    return {
        "police": police,
        "officer": officer,
        "liaison": liaison,
        "case": case,
        "letter": letter,
        "other": other_pdf,
        "docx": docx_only,
    }


def send(world, documents):
    return case_services.request_send(
        actor=world["officer"],
        case=world["case"],
        to_agency=world["police"],
        kind="verify",
        body="Đề nghị xác minh",
        days=10,
        documents=documents,
    )


def test_the_partner_reads_only_the_chosen_papers_stamped_and_nothing_else(world):
    req = send(world, [str(world["letter"].pk)])
    liaison, letter = world["liaison"], world["letter"]
    assert [d.pk for d in selectors.visible(liaison)] == [letter.pk]
    assert not can(liaison, Action.VIEW, world["case"]) and not can(liaison, Action.VIEW, world["other"])
    assert not can(liaison, Action.CHANGE, letter)  # read-only
    payload = json.loads(AuditEvent.objects.get(action="request.send").payload)
    assert payload["documents"] == [str(letter.pk)]

    client = login(liaison)
    panel = client.get(f"/requests/{req.pk}/documents/panel/").content.decode()
    assert letter.title in panel and "gửi kèm, chỉ đọc" in panel and "Ghi chú nội bộ" not in panel
    page = client.get(f"/documents/{letter.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world["case"].number not in html and f"/requests/{req.pk}/" in html and ".docx" not in html
    assert client.get(f"/documents/{letter.pk}/download/").status_code == 404  # the DOCX original is not its
    pdf = client.get(f"/documents/{letter.pk}/download/?format=pdf&inline=1")
    assert pdf.status_code == 200
    assert (
        "dm.ca" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        or liaison.full_name in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    )
    assert AuditEvent.objects.filter(
        action="document.preview", actor_id=liaison.pk, object_id=str(letter.pk)
    ).exists()
    api = client.get(f"/api/v1/documents/{letter.pk}/download/")
    assert api.status_code == 200 and api["Content-Type"] == "application/pdf"
    for hidden in (
        f"/documents/{world['other'].pk}/",
        f"/documents/{world['other'].pk}/download/",
        f"/documents/{world['docx'].pk}/",
        f"/cases/{world['case'].pk}/",
        f"/cases/{world['case'].pk}/documents/",
        f"/api/v1/documents/{world['other'].pk}/download/",
    ):
        assert client.get(hidden).status_code == 404, hidden
    assert [d.pk for d in selectors.search_documents(liaison, "ghi chu noi bo")] == []

    # answered: the grant ends, and with it the way to the carried paper
    case_services.request_respond(actor=liaison, req=req, response="Đã xác minh")
    assert client.get(f"/documents/{letter.pk}/").status_code == 404
    assert list(selectors.visible(liaison)) == []


@pytest.mark.parametrize(
    "pick, message",
    [
        ("docx", "không có bản PDF"),
        ("foreign", "của chính hồ sơ này"),
        ("garbage", "không hợp lệ"),
    ],
)
def test_what_may_not_go_is_refused_and_nothing_is_sent(world, pick, message):
    if pick == "foreign":
        elsewhere = case_services.case_open(actor=world["officer"], title="Hồ sơ khác")
        ids = [
            str(
                services.document_add(
                    actor=world["officer"],
                    case=elsewhere,
                    file_name="x.pdf",
                    data=helpers.pdf_with_text(),
                    title="Khác",
                ).pk
            )
        ]
    else:
        ids = ["khong-phai-uuid"] if pick == "garbage" else [str(world["docx"].pk)]
    with pytest.raises(ValidationError, match=message):
        send(world, [str(world["letter"].pk), *ids])
    assert not CoordinationRequest.objects.exists() and not RequestEnclosure.objects.exists()


def test_chosen_on_the_case_page_and_through_the_api(world):
    officer = login(world["officer"])
    page = officer.get(f"/cases/{world['case'].pk}/").content.decode()
    assert 'name="documents"' in page and f'value="{world["letter"].pk}"' in page
    assert f'value="{world["docx"].pk}"' not in page  # no PDF to show the partner
    officer.post(
        f"/cases/{world['case'].pk}/requests/",
        {
            "to_agency": world["police"].pk,
            "kind": "verify",
            "body": "Xác minh",
            "days": "5",
            "unit": "working",
            "documents": [str(world["letter"].pk)],
        },
    )
    req = CoordinationRequest.objects.get()
    assert list(req.carried_documents.all()) == [world["letter"]]
    refused = officer.post(
        f"/api/v1/cases/{world['case'].pk}/requests/",
        {"to_agency": "CA", "kind": "verify", "body": "x", "documents": [str(world["docx"].pk)]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "PDF" in refused.json()["errors"]["documents"][0]
    sent = officer.post(
        f"/api/v1/cases/{world['case'].pk}/requests/",
        {"to_agency": "CA", "kind": "verify", "body": "x", "documents": [str(world["other"].pk)]},
        content_type="application/json",
    )
    assert sent.status_code == 201
    assert [
        str(d.pk) for d in CoordinationRequest.objects.get(pk=sent.json()["id"]).carried_documents.all()
    ] == [str(world["other"].pk)]
