"""The discipline pages and API as users meet them: the list with its filters and export, a new notice with
the person search and its errors, the panel's steps from recording to the appeal's outcome, the rules page;
the API's whole path from `POST cases/` through `discipline-notices/`."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from phoihop.cases.models import Case
from phoihop.cases.tests.helpers import login
from phoihop.discipline.models import Acknowledgement, DisciplineNotice
from phoihop.discipline.tests.conftest import open_notice
from phoihop.people.models import DisciplineRecord

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> list[str]:
    return re.findall(
        r"(?:invalid-feedback d-block|alert-danger)[^>]*>(.*?)</div>", response.content.decode(), re.S
    )


def _new(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "origin": "party",
        "subject_type": "member",
        "classification": "1",
        "violation": "Vi phạm quy chế làm việc (kiểm thử)",
        "sanction": "warning",
        "deciding_level": "inspection",
        "deciding_body": "Ủy ban Kiểm tra Huyện ủy Thử",
        "decision_number": "07-QĐ/UBKT",
        "decided_on": (today - timedelta(days=6)).isoformat(),
        "effective_on": (today - timedelta(days=6)).isoformat(),
        "received_on": today.isoformat(),
    }
    data.update(extra)
    return data


def test_new_notice_page_finds_the_person_and_refuses_bad_input(world: dict[str, Any]) -> None:
    client = login(world["owner"])
    assert client.get("/discipline/new/").status_code == 200
    found = client.post("/discipline/new/", _new(person_q="Kiều Văn Kỷ", find="1"))
    assert str(world["member"].uuid) in found.content.decode()
    missing = client.post("/discipline/new/", _new())
    assert "Cần chọn người bị kỷ luật" in " ".join(_errors(missing))
    person = str(world["member"].uuid)
    removal = client.post("/discipline/new/", _new(person=person, sanction="removal", party_post="Giám đốc"))
    assert "không giữ chức vụ" in " ".join(_errors(removal))
    early = client.post(
        "/discipline/new/",
        _new(person=person, effective_on=(timezone.localdate() - timedelta(days=9)).isoformat()),
    )
    assert "trước ngày quyết định" in " ".join(_errors(early))
    assert "Kiều Văn Kỷ" in early.content.decode()  # the chosen person stays chosen
    bad_id = client.post("/discipline/new/", _new(person="not-a-uuid"))
    assert bad_id.status_code == 200 and "sổ đăng ký" in " ".join(_errors(bad_id))
    assert not Case.objects.filter(kind="discipline").exists()
    created = client.post("/discipline/new/", _new(person=person))
    assert created.status_code == 302, _errors(created)
    case = Case.objects.get(kind="discipline")
    assert case.title == "Thông báo thi hành kỷ luật số 07-QĐ/UBKT"
    page = client.get(created["Location"]).content.decode()
    assert 'id="panel-discipline"' in page and "Cảnh cáo" in page and "Thời hạn khiếu nại đến" in page
    assert login(world["recipient"]).get("/discipline/new/").status_code == 403


def test_the_panel_steps_from_record_to_the_appeals_outcome(world: dict[str, Any]) -> None:
    case = open_notice(world["owner"], world["member"])
    officer = login(world["owner"])
    back = officer.post(f"/discipline/{case.pk}/record/")
    assert back.status_code == 302 and back["Location"].endswith("#panel-discipline")
    assert DisciplineRecord.objects.filter(person=world["member"]).count() == 1
    again = officer.post(f"/discipline/{case.pk}/record/", follow=True)
    assert "Không thực hiện được" in again.content.decode()
    ack = Acknowledgement.objects.filter(case=case).first()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = officer.post(f"/discipline/{case.pk}/acks/{ack.pk}/", {"acknowledged_on": future}, follow=True)
    assert "sau hôm nay" in refused.content.decode()
    today = timezone.localdate().isoformat()
    for a in Acknowledgement.objects.filter(case=case):
        officer.post(f"/discipline/{case.pk}/acks/{a.pk}/", {"acknowledged_on": today, "reference": "Sổ"})
    assert Case.objects.get(pk=case.pk).status == "acknowledged"
    early_close = officer.post(f"/discipline/{case.pk}/close/", follow=True)
    assert "Còn trong thời hạn khiếu nại" in early_close.content.decode()
    officer.post(f"/discipline/{case.pk}/appeal/", {"filed_on": today})
    assert Case.objects.get(pk=case.pk).status == "appealed"
    leader = login(world["leader"])
    bad = leader.post(
        f"/discipline/{case.pk}/appeal/decision/",
        {"outcome": "changed", "decided_on": today, "body": "UBKT Tỉnh ủy", "reasons": "x"},
        follow=True,
    )
    assert "hình thức mới" in bad.content.decode()
    assert 'value="UBKT Tỉnh ủy"' in bad.content.decode()  # what was typed comes back in the open form
    leader.post(
        f"/discipline/{case.pk}/appeal/decision/",
        {
            "outcome": "changed",
            "decided_on": today,
            "body": "UBKT Tỉnh ủy",
            "reasons": "Giảm",
            "sanction": "reprimand",
        },
    )
    assert Case.objects.get(pk=case.pk).status == "closed"
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "Thay đổi hình thức kỷ luật" in page and "Khiển trách" in page
    texts = [e["text"] for e in officer.get(f"/api/v1/cases/{case.pk}/events/").json()]
    assert "Đã cập nhật kỷ luật vào hồ sơ" in texts, texts  # a step without a reason: no dangling colon
    assert any("Cảnh cáo → Khiển trách" in t for t in texts), texts
    person = officer.get(f"/persons/{world['member'].uuid}/").content.decode()
    assert "<del>Cảnh cáo</del>" in person and "đã thay đổi khi giải quyết khiếu nại" in person


def test_list_filters_and_export(world: dict[str, Any]) -> None:
    open_notice(world["owner"], world["member"])
    open_notice(world["owner"], world["probationary"], subject_type="probationary", sanction="reprimand")
    officer = login(world["owner"])
    listed = officer.get("/discipline/?sanction=reprimand").content.decode()
    assert "Lê Thị Dự Bị" in listed and "Kiều Văn Kỷ" not in listed
    assert "Kiều Văn Kỷ" in officer.get("/discipline/?q=kieu van").content.decode()
    assert officer.get("/discipline/?status=nonsense").status_code == 200
    refused = officer.get("/discipline/export/?sanction=nope")
    assert refused.status_code == 302 and refused["Location"].startswith("/discipline/?")
    export = officer.get("/discipline/export/?origin=party")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Kiều Văn Kỷ", "Lê Thị Dự Bị"}


def test_rules_page(world: dict[str, Any]) -> None:
    page = login(world["owner"]).get("/discipline/rules/").content.decode()
    assert "Khai trừ" in page and "chưa kiểm chứng" in page and "discipline-policy-form" not in page
    admin = login(world["admin"])
    bad = admin.post("/discipline/rules/", {"what": "policy", "appeal_days": "0"}, follow=True)
    assert bad.status_code == 200 and "Đã lưu" not in bad.content.decode()
    ok = admin.post(
        "/discipline/rules/",
        {
            "what": "policy",
            "appeal_days": "45",
            "state_appeal_days": "15",
            "state_notice_days": "5",
            "remind_days": "5",
            "default_classification": "1",
        },
        follow=True,
    )
    assert "Đã lưu quy định" in ok.content.decode()
    refused = login(world["owner"]).post(
        "/discipline/rules/",
        {
            "what": "policy",
            "appeal_days": "10",
            "state_appeal_days": "15",
            "state_notice_days": "5",
            "remind_days": "5",
            "default_classification": "1",
        },
        follow=True,
    )
    assert "Chỉ quản trị viên" in refused.content.decode()


def test_api_path(world: dict[str, Any]) -> None:
    officer = login(world["owner"])
    today = timezone.localdate()
    base = {
        "origin": "party",
        "subject_type": "probationary",
        "person": str(world["probationary"].uuid),
        "sanction": "expulsion",
        "violation": "Vi phạm (API)",
        "deciding_level": "committee",
        "deciding_body": "Đảng ủy xã Thử",
        "decision_number": "3-QĐ/ĐU",
        "decided_on": (today - timedelta(days=3)).isoformat(),
        "effective_on": (today - timedelta(days=3)).isoformat(),
        "received_on": today.isoformat(),
    }
    refused = officer.post(
        "/api/v1/cases/",
        {"kind": "discipline", "title": "Kỷ luật qua API", "details": base},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "dự bị" in str(refused.json())
    absent = officer.post(
        "/api/v1/cases/",
        {
            "kind": "discipline",
            "title": "Kỷ luật qua API",
            "details": {**base, "person": "00000000-0000-4000-8000-000000000009"},
        },
        content_type="application/json",
    )
    assert absent.status_code == 400 and "sổ đăng ký" in str(absent.json())
    created = officer.post(
        "/api/v1/cases/",
        {
            "kind": "discipline",
            "title": "Kỷ luật qua API",
            "classification": 1,
            "details": {**base, "sanction": "reprimand"},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    assert created.json()["details"]["sanction"] == "reprimand"
    listed = officer.get("/api/v1/discipline-notices/?sanction=reprimand").json()
    assert [r["id"] for r in listed["results"]] == [case_id]
    recorded = officer.post(f"/api/v1/discipline-notices/{case_id}/record/")
    assert recorded.status_code == 200 and recorded.json()["status"] == "recorded"
    acks = officer.get(f"/api/v1/discipline-notices/{case_id}/acknowledgements/").json()
    assert len(acks) == 2
    bad = officer.post(
        f"/api/v1/discipline-notices/{case_id}/acknowledgements/{acks[0]['id']}/",
        {"acknowledged_on": (today + timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "acknowledged_on" in bad.json()["errors"]
    for a in acks:
        done = officer.post(
            f"/api/v1/discipline-notices/{case_id}/acknowledgements/{a['id']}/",
            {"acknowledged_on": today.isoformat()},
            content_type="application/json",
        )
        assert done.status_code == 200
    advice = officer.get(f"/api/v1/discipline-notices/{case_id}/advice/").json()
    assert advice["appeal_open"] is True
    closed = officer.post(f"/api/v1/discipline-notices/{case_id}/close/")
    assert closed.status_code == 400 and "khiếu nại" in str(closed.json())
    appealed = officer.post(
        f"/api/v1/discipline-notices/{case_id}/appeal/",
        {"filed_on": today.isoformat()},
        content_type="application/json",
    )
    assert appealed.json()["status"] == "appealed"
    decided = login(world["leader"]).post(
        f"/api/v1/discipline-notices/{case_id}/appeal-decision/",
        {"outcome": "upheld", "decided_on": today.isoformat(), "body": "Huyện ủy Thử", "reasons": "Đúng"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["details"]["appeal_outcome"] == "upheld"
    assert officer.get("/api/v1/discipline-notices/export/?sanction=nope").status_code == 400
    assert officer.get("/api/v1/discipline-notices/export/").status_code == 200
    assert officer.get("/api/v1/discipline-notices/not-a-uuid/").status_code == 404
    assert DisciplineNotice.objects.count() == 1
