"""The consultation's pages and API as a user meets them: the new-consultation form, the consulted body's
answer page, the panel's consolidated table with "agreed by silence" marked, the decision, the XLSX export;
the API's create through `cases/`, answers with errors keyed by field, the 404 of an invalid id; and the
demo."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.tests.helpers import login
from phoihop.consultations import services
from phoihop.consultations.models import Candidate, Opinion
from phoihop.consultations.tests.conftest import open_consultation

pytestmark = pytest.mark.django_db


def test_new_page_opens_a_consultation(world: Any) -> None:
    client = login(world["owner"])
    assert client.get("/consultations/new/").status_code == 200
    response = client.post(
        "/consultations/new/",
        {
            "title": "Hiệp y qua trang",
            "classification": "1",
            "type": "hiep_y",
            "direction": "out",
            "asking_body": "Bộ Thử",
            "consulted": ["CA", "UBKT"],
            "person": [str(world["first"].uuid), ""],
            "current_position": ["Trưởng phòng", ""],
            "proposed_position": ["Phó Giám đốc", ""],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(kind="consultation")
    assert Candidate.objects.get(case=case).proposed_position == "Phó Giám đốc"


def test_new_page_says_what_is_wrong(world: Any) -> None:
    client = login(world["owner"])
    response = client.post(
        "/consultations/new/",
        {"title": "Hiệp y thiếu", "classification": "1", "type": "hiep_y", "asking_body": "Bộ Thử"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Cần chọn ít nhất một cơ quan được hỏi ý kiến." in text
    assert "Cần chọn ít nhất một nhân sự trong sổ đăng ký." in text
    assert not Case.objects.filter(kind="consultation").exists()


def test_answer_page_panel_silence_decision_and_export(world: Any) -> None:
    case = open_consultation(world)
    candidates = list(Candidate.objects.filter(case=case))
    ca = login(world["ca"])
    page = ca.get(f"/consultations/{case.pk}/answer/")
    assert page.status_code == 200 and "Phan Văn Hiệp" in page.content.decode()
    assert ca.get(f"/cases/{case.pk}/").status_code == 404  # the consulted body does not see the case
    posted = ca.post(
        f"/consultations/{case.pk}/answer/",
        {f"answer_{candidates[0].pk}": "disagree", f"reasons_{candidates[0].pk}": ""},
    )
    assert "Cần nêu lý do" in posted.content.decode() and "Phan Văn Hiệp" in posted.content.decode()
    assert '<option value="disagree" selected>' in posted.content.decode()  # what was chosen stays chosen
    ca.post(f"/consultations/{case.pk}/answer/", {f"answer_{c.pk}": "agree" for c in candidates})
    services.opinion_give(
        actor=world["ubkt"], case=case, answers=[{"candidate": c.pk, "answer": "agree"} for c in candidates]
    )
    CoordinationRequest.objects.filter(case=case, to_agency=world["NC"]).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    services.silence_sweep()
    owner = login(world["owner"])
    panel = owner.get(f"/cases/{case.pk}/").content.decode()
    assert "consultation-table" in panel and "do im lặng" in panel and "Hiệp y: trả lời trong" in panel
    response = owner.post(
        f"/consultations/{case.pk}/decide/",
        {"decision": "agreed", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "decided"
    sheet = openpyxl.load_workbook(io.BytesIO(owner.get("/consultations/export.xlsx").content)).active
    assert sheet.max_row == 1 + 6  # header + 3 bodies × 2 candidates
    assert login(world["outsider"]).get(f"/consultations/{case.pk}/answer/").status_code == 404


def test_api_create_answer_and_errors(world: Any) -> None:
    client = login(world["owner"])
    response = client.post(
        "/api/v1/cases/",
        {
            "kind": "consultation",
            "title": "Hiệp y qua API",
            "classification": 1,
            "details": {
                "type": "thoa_thuan",
                "asking_body": "Bộ Thử",
                "consulted": ["CA"],
                "candidates": [{"person": str(world["first"].uuid)}],
                "silence_is_consent": True,
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "silence_is_consent" in response.json()["errors"]
    nested = client.post(
        "/api/v1/cases/",
        {
            "kind": "consultation",
            "title": "Hiệp y qua API",
            "details": {"type": "hiep_y", "asking_body": "Bộ Thử", "consulted": ["CA"], "candidates": [{}]},
        },
        content_type="application/json",
    )
    assert nested.status_code == 400
    said = nested.json()["errors"]["candidates"]
    assert said != ["0"] and all(m.startswith("dòng 1: ") for m in said), said
    response = client.post(
        "/api/v1/cases/",
        {
            "kind": "consultation",
            "title": "Hiệp y qua API",
            "classification": 1,
            "details": {
                "type": "hiep_y",
                "asking_body": "Bộ Thử",
                "consulted": ["CA"],
                "candidates": [{"person": str(world["first"].uuid), "proposed_position": "Phó"}],
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    assert client.get(f"/api/v1/consultations/{case_id}/").json()["type"] == "hiep_y"
    candidate = Candidate.objects.get(case_id=case_id)
    ca = login(world["ca"])
    url = f"/api/v1/consultations/{case_id}/answer/"
    ok = ca.post(
        url, {"answers": [{"candidate": candidate.pk, "answer": "agree"}]}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    again = ca.post(
        url, {"answers": [{"candidate": candidate.pk, "answer": "agree"}]}, content_type="application/json"
    )
    assert (again.status_code == 400 and "candidate" in again.json()["errors"]) or "status" in again.json()[
        "errors"
    ]
    table = client.get(f"/api/v1/consultations/{case_id}/table/").json()
    assert [o["answer"] for o in table["opinions"]] == ["agree"]
    assert client.get("/api/v1/consultations/not-a-uuid/").status_code == 404
    assert Opinion.objects.filter(case_id=case_id).count() == 1


def test_demo_consultation(world: Any) -> None:
    """The demo's flow on the demo province is exercised by `phoihop demo`; here its steps on this world."""
    case = open_consultation(world, consulted=["UBKT", "CA", "NC"])
    for user in ("ubkt", "ca"):
        services.opinion_give(
            actor=world[user],
            case=case,
            answers=[{"candidate": c.pk, "answer": "agree"} for c in Candidate.objects.filter(case=case)],
        )
    CoordinationRequest.objects.filter(case=case, to_agency=world["NC"]).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    services.silence_sweep()
    services.consultation_decide(actor=world["leader"], case=case, decision="agreed")
    assert Opinion.objects.filter(case=case, by_silence=True).count() == 2
    assert login(world["outsider"]).get("/consultations/").content.decode().count(case.number) == 0


def test_a_body_attaches_papers_to_its_opinion_and_the_asker_reads_them(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phoihop.consultations.models import Consultee
    from phoihop.documents.models import Document

    case = open_consultation(world)
    body = Consultee.objects.get(case=case, agency=world["CA"])
    ca = login(world["ca"])
    page = ca.get(f"/consultations/{case.pk}/answer/").content.decode()
    assert f"/requests/{body.request_id}/" in page  # where its papers go
    ca.post(
        f"/requests/{body.request_id}/documents/",
        {
            "file": SimpleUploadedFile("y-kien.txt", b"noi dung y kien"),
            "title": "Ý kiến bằng văn bản của CA",
            "doc_type": "CV",
            "classification": "0",
        },
    )
    paper = Document.objects.get(title="Ý kiến bằng văn bản của CA")
    assert paper.is_reply and paper.request_id == body.request_id
    owner = login(world["owner"])
    assert f"/requests/{body.request_id}/" in owner.get(f"/cases/{case.pk}/").content.decode()
    listed = owner.get(f"/requests/{body.request_id}/documents/panel/").content.decode()
    assert "Ý kiến bằng văn bản của CA" in listed
    # a body consulted beside it does not read it
    assert (
        "Ý kiến bằng văn bản của CA"
        not in login(world["ubkt"]).get(f"/requests/{body.request_id}/documents/panel/").content.decode()
    )
