"""The vetting pages and API as users meet them: the list, a new vetting with the person search, the panel's
steps from findings to the conclusion, the batch page (file, errors per row, board, dispatch, export), the
partner's answer page, the rules; the API's whole path from `POST cases/` through `vettings/` and batches."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.tests.helpers import login
from phoihop.vetting import batches
from phoihop.vetting.models import Batch, Dispatch, DossierItem, Finding, Vetting
from phoihop.vetting.tests.conftest import ask_and_answer, open_vetting, receive_dossier

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> list[str]:
    return re.findall(
        r"(?:invalid-feedback d-block|alert-danger)[^>]*>(.*?)</div>", response.content.decode(), re.S
    )


def _new(**extra: Any) -> dict[str, Any]:
    data = {
        "title": "Thẩm định bổ nhiệm qua trang (kiểm thử)",
        "purpose": "appointment",
        "classification": "1",
        "requesting_body": "Đảng ủy xã Thử",
        "requested_position": "Phó Bí thư",
    }
    data.update(extra)
    return data


def test_new_vetting_page_finds_the_person_and_refuses_bad_input(world: dict[str, Any]) -> None:
    client = login(world["owner"])
    assert client.get("/vetting/new/").status_code == 200
    found = client.post("/vetting/new/", _new(person_q="Phan Văn Ứng", find="1"))
    assert str(world["subject"].uuid) in found.content.decode()
    missing = client.post("/vetting/new/", _new())
    assert "sổ đăng ký" in " ".join(_errors(missing))
    past = client.post("/vetting/new/", _new(person=str(world["subject"].uuid), deadline="2020-01-01"))
    assert "trước hôm nay" in " ".join(_errors(past))
    assert not Case.objects.filter(kind="vetting").exists()
    created = client.post("/vetting/new/", _new(person=str(world["subject"].uuid)))
    assert created.status_code == 302, _errors(created)
    page = client.get(created["Location"]).content.decode()
    assert 'id="panel-vetting"' in page and "Phan Văn Ứng" in page and "Sơ yếu lý lịch" in page
    assert login(world["participant"]).get("/vetting/new/").status_code == 403


def test_the_panel_walks_a_vetting_to_its_conclusion(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["local"])
    officer, leader = login(world["owner"]), login(world["leader"])
    item = DossierItem.objects.filter(case=case).first()
    back = officer.post(f"/vetting/{case.pk}/dossier/{item.pk}/", {"status": "received", "received_on": ""})
    assert back.status_code == 302 and DossierItem.objects.get(pk=item.pk).status == "missing"
    receive_dossier(world, case)
    officer.post(f"/vetting/{case.pk}/findings/", {"group": "history", "text": "Không nguồn"})
    assert not Finding.objects.exists()
    officer.post(
        f"/vetting/{case.pk}/findings/",
        {
            "group": "history",
            "text": "Ông nội tham gia chế độ cũ",
            "source_kind": "dossier",
            "source_note": "2C",
        },
    )
    finding = Finding.objects.get()
    officer.post(
        f"/vetting/{case.pk}/findings/{finding.pk}/explanations/",
        {"text": "Đã khai trong lý lịch", "given_on": timezone.localdate().isoformat()},
    )
    officer.post(
        f"/vetting/{case.pk}/verifiers/", {"person": str(world["verifier"].uuid), "place": "residence"}
    )
    officer.post(
        f"/vetting/{case.pk}/appraise/",
        {
            "history_issue": "yes",
            "current_issue": "no",
            "verdict": "meets",
            "reasons": "Đã rõ, không ảnh hưởng",
        },
    )
    assert Case.objects.get(pk=case.pk).status == "appraised"
    refused = officer.post(f"/vetting/{case.pk}/approve/", {}, follow=True)
    assert "lãnh đạo" in refused.content.decode() and Case.objects.get(pk=case.pk).status == "appraised"
    leader.post(f"/vetting/{case.pk}/approve/", {"comment": "Đồng ý"})
    assert Case.objects.get(pk=case.pk).status == "concluded"
    page = leader.get(f"/cases/{case.pk}/").content.decode()
    assert "Đủ tiêu chuẩn chính trị" in page and "Đã khai trong lý lịch" in page and "Tạ Văn Xác Minh" in page
    listed = officer.get("/vetting/?status=concluded").content.decode()
    assert case.number in listed


def _file(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("ds.csv", ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def _batch_post(**extra: Any) -> dict[str, Any]:
    data = {
        "name": "Đại hội xã Thử",
        "purpose": "congress",
        "requesting_body": "Đảng ủy xã Thử",
        "deadline": (timezone.localdate() + timedelta(days=40)).isoformat(),
        "classification": "1",
    }
    data.update(extra)
    return data


def test_a_batch_page_shows_errors_per_row_then_runs_dispatches_and_exports(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world["owner"])
    assert client.get("/vetting/batches/").status_code == 200
    bad = client.post(
        "/vetting/batches/",
        _batch_post(file=_file("Số CCCD,Họ và tên", "001078000001,Phan Văn Ứng", "999999999999,Ai Đó")),
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "Dòng 3" in body and not Batch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # huey runs the batch at once in tests
        made = client.post(
            "/vetting/batches/",
            _batch_post(
                file=_file("Số CCCD,Họ và tên", "001078000001,Phan Văn Ứng", "001085000002,Lã Thị Cơ Sở")
            ),
        )
    assert made.status_code == 302, _errors(made)
    batch = Batch.objects.get()
    assert batch.state == "ready" and Vetting.objects.filter(batch=batch).count() == 2
    page = client.get(made["Location"]).content.decode()
    assert 'id="vetting-board"' in page and 'id="board-total">2<' in page
    assert client.get(f"/vetting/batches/{batch.pk}/progress/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(made["Location"], {"agencies": ["CA"], "body": "Đề nghị xác minh các ứng viên"})
    dispatch = Dispatch.objects.get()
    assert dispatch.state == "sent" and dispatch.sent == 2
    liaison = login(world["recipient"])
    inbox = liaison.get("/vetting/dispatches/").content.decode()
    assert batch.name in inbox
    answer_page = liaison.get(f"/vetting/dispatches/{dispatch.pk}/").content.decode()
    assert "Phan Văn Ứng" in answer_page and "reply_1" in answer_page
    wrong = liaison.post(f"/vetting/dispatches/{dispatch.pk}/", {"reply_1": "issue", "note_1": ""})
    assert "ghi rõ nội dung" in wrong.content.decode()
    assert not CoordinationRequest.objects.filter(status="answered").exists()
    liaison.post(
        f"/vetting/dispatches/{dispatch.pk}/",
        {"reply_1": "none", "reply_2": "issue", "note_2": "Có thông tin"},
    )
    assert CoordinationRequest.objects.filter(status="answered").count() == 2
    assert login(world["outsider"]).get(f"/vetting/dispatches/{dispatch.pk}/").status_code == 404
    export = client.get(f"/vetting/batches/{batch.pk}/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 3 and {sheet.cell(r, 2).value for r in (2, 3)} == {"Phan Văn Ứng", "Lã Thị Cơ Sở"}


def test_rules_page_reads_for_all_and_edits_for_administrators(world: dict[str, Any]) -> None:
    assert "Nhân sự đại hội" in login(world["owner"]).get("/vetting/rules/").content.decode()
    login(world["owner"]).post(
        "/vetting/rules/", {"what": "concluder", "management_level": "local", "concluder": "standing"}
    )
    admin = login(world["admin"])
    admin.post("/vetting/rules/", {"what": "concluder", "management_level": "none", "concluder": "standing"})
    from phoihop.vetting import rules

    assert rules.concluder_for("local") == "leader" and rules.concluder_for("none") == "standing"
    bad = admin.post(
        "/vetting/rules/",
        {
            "what": "purpose",
            "code": "x",
            "label": "X",
            "validity_months": "6",
            "checklist": "chỉ một cột",
            "basis": "b",
        },
        follow=True,
    )
    assert "Dòng 1" in bad.content.decode()


def test_api_path(world: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    officer, leader = login(world["owner"]), login(world["leader"])
    refused = officer.post(
        "/api/v1/cases/",
        {
            "kind": "vetting",
            "title": "Thẩm định qua API",
            "details": {
                "purpose": "appointment",
                "requesting_body": "X",
                "person": "00000000-0000-4000-8000-000000000009",
            },
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "sổ đăng ký" in str(refused.json())
    created = officer.post(
        "/api/v1/cases/",
        {
            "kind": "vetting",
            "title": "Thẩm định qua API",
            "classification": 1,
            "details": {"purpose": "appointment", "requesting_body": "X", "person": str(world["local"].uuid)},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    assert created.json()["details"]["concluder"] == "leader"
    case = Case.objects.get(pk=case_id)
    listed = officer.get("/api/v1/vettings/?purpose=appointment").json()
    assert [r["id"] for r in listed["results"]] == [case_id]
    dossier = officer.get(f"/api/v1/vettings/{case_id}/dossier/").json()
    for item in dossier:
        r = officer.post(
            f"/api/v1/vettings/{case_id}/dossier/{item['id']}/",
            {"status": "received", "received_on": timezone.localdate().isoformat()},
            content_type="application/json",
        )
        assert r.status_code == 200, r.json()
    reply = ask_and_answer(world, case)
    unsourced = officer.post(
        f"/api/v1/vettings/{case_id}/findings/",
        {"group": "current", "text": "x"},
        content_type="application/json",
    )
    assert unsourced.status_code == 400 and "nguồn" in str(unsourced.json())
    finding = officer.post(
        f"/api/v1/vettings/{case_id}/findings/",
        {
            "group": "current",
            "text": "Không có vấn đề",
            "source_kind": "reply",
            "source_request": str(reply.pk),
        },
        content_type="application/json",
    )
    assert finding.status_code == 201
    explained = officer.post(
        f"/api/v1/vettings/{case_id}/findings/{finding.json()['id']}/explanations/",
        {"text": "Giải trình", "given_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert explained.status_code == 201
    relative = officer.post(
        f"/api/v1/vettings/{case_id}/verifiers/",
        {"person": str(world["local"].uuid), "place": "residence"},
        content_type="application/json",
    )
    assert relative.status_code == 400
    assert officer.get(f"/api/v1/vettings/{case_id}/context/").json()["live_discipline"] is False
    appraised = officer.post(
        f"/api/v1/vettings/{case_id}/appraise/",
        {"history_issue": False, "current_issue": False, "verdict": "meets", "reasons": "Đủ"},
        content_type="application/json",
    )
    assert appraised.status_code == 200 and appraised.json()["status"] == "appraised"
    assert (
        officer.post(f"/api/v1/vettings/{case_id}/approve/", {}, content_type="application/json").status_code
        == 403
    )
    approved = leader.post(f"/api/v1/vettings/{case_id}/approve/", {}, content_type="application/json")
    assert approved.json()["status"] == "concluded" and approved.json()["details"]["verdict"] == "meets"
    # a batch through the API: per-candidate errors, then the batch, its board and a dispatch
    bad = officer.post(
        "/api/v1/vetting-batches/",
        {
            "name": "Bầu cử thử",
            "purpose": "election",
            "requesting_body": "Ủy ban bầu cử (hư cấu)",
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "candidates": [{"national_id": "001078000001"}, {"national_id": "999"}],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Dòng 2" in str(bad.json())
    with django_capture_on_commit_callbacks(execute=True):
        made = officer.post(
            "/api/v1/vetting-batches/",
            {
                "name": "Bầu cử thử",
                "purpose": "election",
                "requesting_body": "Ủy ban bầu cử (hư cấu)",
                "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
                "candidates": [{"national_id": "001078000001", "position": "Đại biểu"}],
            },
            content_type="application/json",
        )
    assert made.status_code == 202, made.json()
    batch_id = made.json()["id"]
    assert officer.get(f"/api/v1/vetting-batches/{batch_id}/").json()["state"] == "ready"
    assert officer.get(f"/api/v1/vetting-batches/{batch_id}/board/").json()["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        sent = officer.post(
            f"/api/v1/vetting-batches/{batch_id}/dispatch/",
            {"agencies": ["CA"], "body": "Xác minh"},
            content_type="application/json",
        )
    assert sent.status_code == 202
    dispatch_id = sent.json()[0]["id"]
    liaison = login(world["recipient"])
    items = liaison.get(f"/api/v1/vetting-dispatches/{dispatch_id}/items/").json()["results"]
    assert [i["subject"] for i in items] == ["Phan Văn Ứng"]
    answered = liaison.post(
        f"/api/v1/vetting-dispatches/{dispatch_id}/answer/",
        {"answers": [{"position": 1, "reply": "none"}]},
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.json()
    assert login(world["outsider"]).get(f"/api/v1/vetting-dispatches/{dispatch_id}/").status_code == 404
    assert batches.MAX_CANDIDATES == 2000


def test_a_batch_from_candidates_picked_in_the_registry(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world["owner"])
    found = client.post("/vetting/batches/", _batch_post(person_q="Phan Văn Ứng", find="1"))
    body = found.content.decode()
    assert str(world["subject"].uuid) in body and not Batch.objects.exists()
    again = client.post(
        "/vetting/batches/",
        _batch_post(person_q="Lã Thị Cơ Sở", find="1", persons=[str(world["subject"].uuid)]),
    )
    assert (
        str(world["subject"].uuid) in again.content.decode()
        and str(world["local"].uuid) in again.content.decode()
    )
    none = client.post("/vetting/batches/", _batch_post())
    assert "tải tệp danh sách hoặc chọn ứng viên" in none.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            "/vetting/batches/", _batch_post(persons=[str(world["subject"].uuid), str(world["local"].uuid)])
        )
    assert made.status_code == 302, _errors(made)
    assert Vetting.objects.filter(batch=Batch.objects.get()).count() == 2


def test_malformed_ids_on_the_pages_are_refused_not_a_crash(world: dict[str, Any]) -> None:
    client = login(world["owner"])
    bad = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"
    assert client.get(f"/vetting/new/?person={bad}").status_code == 200
    assert client.post("/vetting/new/", _new(person=bad)).status_code == 200
    assert client.post("/vetting/batches/", _batch_post(persons=[bad], find="1")).status_code == 200
    assert client.post("/vetting/batches/", _batch_post(persons=[bad])).status_code == 200
    assert not Case.objects.filter(kind="vetting").exists()


def test_what_was_typed_in_the_panel_comes_back_after_a_refusal(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["local"])
    officer = login(world["owner"])
    back = officer.post(
        f"/vetting/{case.pk}/findings/",
        {"group": "history", "text": "Ông nội làm việc cho chế độ cũ (gõ dở)"},
    )
    page = officer.get(back["Location"]).content.decode()
    assert "Ông nội làm việc cho chế độ cũ (gõ dở)" in page and "phải nêu nguồn" in page
    assert "(gõ dở)" not in officer.get(f"/cases/{case.pk}/").content.decode()  # once
    officer.post(f"/vetting/{case.pk}/appraise/", {"history_issue": "yes", "reasons": "Lý do đang soạn dở"})
    assert "Lý do đang soạn dở" in officer.get(f"/cases/{case.pk}/").content.decode()
    assert not Finding.objects.exists()
