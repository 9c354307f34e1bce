"""The letters pages and API as users meet them: intake (with the person search and the scan), the register
with filters and its XLSX export, classification, the panel's forms, the vault page, the rules page; the API's
whole path from `POST cases/` to the vault."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.cases.models import Case
from phoihop.cases.tests.helpers import login
from phoihop.documents.tests.helpers import pdf_with_text
from phoihop.letters.models import Allegation, Letter, VaultFile, VaultRead, Writer
from phoihop.letters.tests.conftest import ALLEGATIONS, WRITER, open_letter

pytestmark = pytest.mark.django_db


def _intake_post(**extra):
    data = {
        "title": "Đơn tố cáo qua trang (kiểm thử)",
        "summary": "Tóm tắt đã xóa danh tính.",
        "classification": "1",
        "channel": "in_person",
        "received_on": "2026-12-01",
        "letter_type": "denunciation",
        "regime": "party",
        "identity_status": "named",
        "signatories": "1",
        "subject_flags": ["personnel"],
        "allegations": "\n\n".join(ALLEGATIONS),
        "writer1_name": WRITER,
        "writer1_address": "Số 9 đường Bí Mật",
        "writer1_contact": "",
    }
    data.update(extra)
    return data


def test_intake_page_with_person_search_and_scan(world):
    client = login(world["owner"])
    assert client.get("/letters/new/").status_code == 200
    found = client.post("/letters/new/", _intake_post(person_q="Lương Văn Hư", find="1"))
    assert found.status_code == 200 and str(world["person"].uuid) in found.content.decode()
    assert not Case.objects.filter(kind="letter").exists()
    pdf = pdf_with_text(f"Đơn gốc của {WRITER}")
    scan = SimpleUploadedFile("don-goc.pdf", pdf, content_type="application/pdf")
    created = client.post("/letters/new/", _intake_post(persons=[str(world["person"].uuid)], scan=scan))
    assert created.status_code == 302, re.findall(
        r"(?:invalid-feedback d-block|alert-danger)[^>]*>(.*?)</div>", created.content.decode(), re.S
    )
    case = Case.objects.get(kind="letter")
    assert Writer.objects.filter(case=case).count() == 1 and VaultFile.objects.filter(case=case).count() == 1
    assert pdf not in bytes(VaultFile.objects.get(case=case).sealed)
    page = client.get(created["Location"]).content.decode()
    assert 'id="panel-letter"' in page and ALLEGATIONS[0] in page and WRITER not in page
    keeper = login(world["keeper"])
    original = VaultFile.objects.get(case=case)
    assert (
        keeper.get(f"/letters/{case.pk}/vault/files/{original.pk}/").status_code == 403
    )  # no reason given yet
    opened = keeper.post(
        f"/letters/{case.pk}/vault/", {"reason": "Đối chiếu chữ viết trong bản gốc", "purpose": "read"}
    )
    assert f"/letters/{case.pk}/vault/files/{original.pk}/" in opened.content.decode()
    download = keeper.get(f"/letters/{case.pk}/vault/files/{original.pk}/")
    assert download.status_code == 200 and download.content == pdf and download["Cache-Control"] == "no-store"


def test_intake_page_errors_are_specific_and_nothing_is_saved(world):
    client = login(world["owner"])
    response = client.post("/letters/new/", _intake_post(allegations="", title=f"Đơn của {WRITER}"))
    body = response.content.decode()
    assert response.status_code == 200 and "ít nhất một nội dung" in body
    assert not Case.objects.filter(kind="letter").exists()
    response = client.post("/letters/new/", _intake_post(title=f"Đơn của {WRITER}"))
    assert "còn ghi họ tên" in response.content.decode()
    assert not Case.objects.filter(kind="letter").exists() and not Writer.objects.exists()


def test_register_filters_and_export(world):
    open_letter(world["owner"], title="Đơn thứ nhất")
    open_letter(
        world["owner"],
        title="Đơn khiếu nại thứ hai",
        letter_type="complaint",
        regime="state",
        allegations=["Khiếu nại quyết định kỷ luật năm 2024 tại xã Hồng Phong."],
    )
    client = login(world["owner"])
    page = client.get("/letters/?letter_type=complaint").content.decode()
    assert "Đơn khiếu nại thứ hai" in page and "Đơn thứ nhất" not in page
    bad = client.get("/letters/?received_from=2026-12-01&received_to=2026-01-01")
    assert bad.status_code == 200 and "Ngày cuối phải sau ngày đầu" in bad.content.decode()
    export = client.get("/letters/?format=xlsx")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert "Đơn thứ nhất" in values and WRITER not in " ".join(values)


def test_classify_page_and_panel_forms(world):
    case = open_letter(world["owner"], [world["person"]])
    leader = login(world["leader"])
    page = leader.get(f"/letters/{case.pk}/classify/")
    assert page.status_code == 200
    refused = leader.post(f"/letters/{case.pk}/classify/", {"processable": "yes", "outcome": "transfer"})
    assert "Cần chọn cơ quan" in refused.content.decode()
    done = leader.post(f"/letters/{case.pk}/classify/", {"processable": "yes", "outcome": "accept"})
    assert done.status_code == 302 and Case.objects.get(pk=case.pk).status == "handling"
    officer = login(world["owner"])
    first = Allegation.objects.filter(case=case).order_by("position").first()
    officer.post(
        f"/letters/{case.pk}/allegations/{first.pk}/conclude/",
        {"finding": "unfounded", "findings": "Sai.", "sources": "Hồ sơ"},
    )
    assert Allegation.objects.get(pk=first.pk).finding == "unfounded"
    response = officer.post(f"/letters/{case.pk}/conclude/", {"conclusion": "x"}, follow=True)
    assert "Còn nội dung chưa kết luận: 2" in response.content.decode()


def test_vault_page(world):
    case = open_letter(world["owner"])
    assert login(world["leader"]).get(f"/letters/{case.pk}/vault/").status_code == 403
    keeper = login(world["keeper"])
    page = keeper.get(f"/letters/{case.pk}/vault/")
    assert page.status_code == 200 and WRITER not in page.content.decode()
    short = keeper.post(f"/letters/{case.pk}/vault/", {"reason": "ngắn", "purpose": "read"})
    assert "ít nhất" in short.content.decode() and not VaultRead.objects.exists()
    opened = keeper.post(
        f"/letters/{case.pk}/vault/", {"reason": "Gửi thông báo kết quả cho người tố cáo", "purpose": "read"}
    )
    assert WRITER in opened.content.decode() and opened["Cache-Control"] == "no-store"
    assert VaultRead.objects.get().reader == world["keeper"]
    assert login(world["ubkt_keeper"]).get(f"/letters/{case.pk}/vault/").status_code == 404
    log = keeper.get("/letters/vault-reads/").content.decode()
    assert "Gửi thông báo kết quả" in log and WRITER not in log


def test_rules_page(world):
    assert "Luật Tố cáo 2018" in login(world["owner"]).get("/letters/rules/").content.decode()
    admin = login(world["admin"])
    admin.post(
        "/letters/rules/",
        {
            "regime": "state",
            "letter_type": "denunciation",
            "step": "resolve",
            "days": "30",
            "unit": "calendar",
            "counts_from": "acceptance",
            "max_extensions": "2",
            "extension_days": "30",
            "basis": "Luật Tố cáo 2018, Điều 30",
            "verified": "on",
        },
    )
    assert "đã sửa" in admin.get("/letters/rules/").content.decode()


def test_api_path(world):
    officer = login(world["owner"])
    created = officer.post(
        "/api/v1/cases/",
        {
            "title": "Đơn qua API (kiểm thử)",
            "kind": "letter",
            "classification": 1,
            "details": {
                "channel": "online",
                "received_on": "2026-12-01",
                "letter_type": "denunciation",
                "regime": "party",
                "identity_status": "named",
                "signatories": 1,
                "allegations": ALLEGATIONS,
                "writers": [{"name": WRITER, "address": "Số 9"}],
            },
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    assert WRITER not in created.content.decode()
    listed = officer.get("/api/v1/letters/?letter_type=denunciation").json()
    assert listed["results"][0]["number"].startswith("DT-") and WRITER not in str(listed)
    leader = login(world["leader"])
    bad = leader.post(
        f"/api/v1/letters/{case_id}/classify/",
        {"processable": True, "outcome": "teleport"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "outcome" in bad.json()["errors"]
    ok = leader.post(
        f"/api/v1/letters/{case_id}/classify/",
        {"processable": True, "outcome": "accept"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "handling"
    items = officer.get(f"/api/v1/letters/{case_id}/allegations/").json()
    for item in items:
        r = officer.post(
            f"/api/v1/letters/{case_id}/allegations/{item['id']}/conclude/",
            {"finding": "unfounded", "findings": "Sai", "sources": "Hồ sơ"},
            content_type="application/json",
        )
        assert r.status_code == 200
    concluded = leader.post(
        f"/api/v1/letters/{case_id}/conclude/", {"conclusion": "Tố cáo sai"}, content_type="application/json"
    )
    assert concluded.status_code == 200 and concluded.json()["status"] == "concluded"
    assert Letter.objects.get(case_id=case_id).case.outcome == "Tố cáo sai"
    denied = leader.post(
        f"/api/v1/letters/{case_id}/vault/",
        {"reason": "Lý do đủ dài để mở kho"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    keeper = login(world["keeper"])
    opened = keeper.post(
        f"/api/v1/letters/{case_id}/vault/",
        {"reason": "Lý do đủ dài để mở kho"},
        content_type="application/json",
    )
    assert opened.status_code == 200 and opened.json()[0]["name"] == WRITER


def test_a_malformed_person_id_on_the_intake_is_ignored_not_a_crash(world):
    client = login(world["owner"])
    bad = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"
    response = client.post("/letters/new/", _intake_post(persons=[bad], person_q="Lương Văn Hư", find="1"))
    assert response.status_code == 200 and str(world["person"].uuid) in response.content.decode()
