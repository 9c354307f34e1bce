"""The issue's demo path through pages and API: open, request, answer from the partner's inbox, conclude."""

from __future__ import annotations

import pytest

from phoihop.access.testing import body
from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.tests.helpers import hub_and_police, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(hub):
    return hub_and_police(hub, officer_clearance=2)


def test_pages_end_to_end(people):
    officer = login(people["officer"])
    created = officer.post(
        "/cases/new/",
        {"title": "Thẩm tra cán bộ Nguyễn Văn Thử", "classification": "1", "summary": "Nhân sự đại hội"},
    )
    case = Case.objects.get()
    assert created["Location"] == f"/cases/{case.pk}/"
    sent = officer.post(
        f"/cases/{case.pk}/requests/",
        {
            "to_agency": people["police"].pk,
            "kind": "verify",
            "body": "Đề nghị xác minh nhân thân",
            "days": "10",
            "unit": "working",
        },
        follow=True,
    )
    assert "Đã gửi yêu cầu đến CA" in body(sent)
    req = CoordinationRequest.objects.get()

    partner = login(people["liaison"])
    home = body(partner.get("/"))
    assert f"/requests/{req.pk}/" in home and "Thẩm tra cán bộ" not in home
    page = body(partner.get(f"/requests/{req.pk}/"))
    assert (
        "Đề nghị xác minh nhân thân" in page
        and "Nhân sự đại hội" not in page
        and f"/cases/{case.pk}/" not in page
    )
    assert partner.get(f"/cases/{case.pk}/").status_code == 404
    answered = partner.post(f"/requests/{req.pk}/", {"response": "Không phát hiện vấn đề"}, follow=True)
    assert "Đã gửi trả lời." in body(answered)

    leader = login(people["leader"])
    detail = body(leader.get(f"/cases/{case.pk}/"))
    assert (
        "Kết luận" in detail and "Không phát hiện vấn đề" not in detail
    )  # the answer is on the request page
    leader.post(
        f"/cases/{case.pk}/transition/",
        {"name": "conclude", "version": "1", "reason": "Đủ tiêu chuẩn chính trị"},
    )
    case.refresh_from_db()
    assert case.status == "concluded" and case.outcome == "Đủ tiêu chuẩn chính trị"
    timeline = body(leader.get(f"/cases/{case.pk}/"))
    for text in (
        "Mở hồ sơ",
        "Gửi yêu cầu",
        "CA đã nhận yêu cầu",
        "CA đã trả lời yêu cầu",
        "Đã kết luận hồ sơ: Đủ tiêu chuẩn chính trị",
        "đã xem hồ sơ",  # the case is classified: who viewed it is on the timeline
    ):
        assert text in timeline
    stale = leader.post(
        f"/cases/{case.pk}/transition/", {"name": "reopen", "version": "1", "reason": "Thử"}, follow=True
    )
    assert "vừa được người khác thay đổi" in body(stale)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "case.open",
        "request.send",
        "request.receive",
        "request.answer",
        "case.transition",
        "record.read",
    } <= actions


def test_api_end_to_end(people):
    officer = login(people["officer"])
    created = officer.post(
        "/api/v1/cases/", {"title": "Hỏi ý kiến CA", "classification": 0}, content_type="application/json"
    )
    assert created.status_code == 201
    case_id = created.json()["id"]
    assert created.json()["number"].startswith("PH-")
    bad = officer.post(
        f"/api/v1/cases/{case_id}/requests/",
        {"to_agency": "KHONGCO", "kind": "verify", "body": "x", "working_days": 5},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "to_agency" in bad.json()["errors"]
    sent = officer.post(
        f"/api/v1/cases/{case_id}/requests/",
        {"to_agency": "CA", "kind": "opinion", "body": "Cho ý kiến", "working_days": 10},
        content_type="application/json",
    )
    assert sent.status_code == 201
    req_id = sent.json()["id"]
    partner = login(people["liaison"])
    inbox = partner.get("/api/v1/requests/?open=true").json()
    assert [r["id"] for r in inbox["results"]] == [req_id]
    missing = partner.post(
        f"/api/v1/requests/{req_id}/respond/", {"response": "Đồng ý"}, content_type="application/json"
    )
    assert missing.status_code == 400 and "answer" in missing.json()["errors"]
    ok = partner.post(
        f"/api/v1/requests/{req_id}/respond/",
        {"response": "Đồng ý", "answer": "agree"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "answered"
    again = partner.post(
        f"/api/v1/requests/{req_id}/respond/",
        {"response": "Lần nữa", "answer": "agree"},
        content_type="application/json",
    )
    assert again.status_code == 404
    leader = login(people["leader"])
    allowed = leader.get(f"/api/v1/cases/{case_id}/transitions/").json()
    assert [t["transition"] for t in allowed] == ["conclude", "stop"]
    assert officer.get(f"/api/v1/cases/{case_id}/transitions/").json() == []
    refused = officer.post(
        f"/api/v1/cases/{case_id}/transitions/",
        {"transition": "conclude", "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    done = leader.post(
        f"/api/v1/cases/{case_id}/transitions/",
        {"transition": "conclude", "reason": "Nhất trí", "version": 1},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "concluded"
    # The partner answered through the API without opening the request first: no "received" step.
    events = leader.get(f"/api/v1/cases/{case_id}/events/").json()
    assert [e["kind"] for e in events] == [
        "opened",
        "request_sent",
        "request_answered",
        "transition",
    ]
    wrong = leader.post(
        f"/api/v1/cases/{case_id}/transitions/",
        {"transition": "conclude", "reason": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "Không thể" in wrong.json()["errors"]["transition"][0]


def test_extend_and_withdraw_from_the_request_page(people):
    from phoihop.cases import services

    case = services.case_open(actor=people["officer"], title="Trang yêu cầu")
    req = services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
    )
    officer = login(people["officer"])
    page = body(officer.get(f"/requests/{req.pk}/"))
    assert "Gia hạn" in page and "Rút yêu cầu" in page
    partner_page = body(login(people["liaison"]).get(f"/requests/{req.pk}/"))
    assert "Rút yêu cầu" not in partner_page
    extended = body(
        officer.post(f"/requests/{req.pk}/extend/", {"days": "2", "reason": "Bổ sung hồ sơ"}, follow=True)
    )
    assert "Đã gia hạn đến" in extended
    missing = body(officer.post(f"/requests/{req.pk}/withdraw/", {"reason": ""}, follow=True))
    assert "Lý do rút yêu cầu" in missing
    assert officer.post(f"/requests/{req.pk}/nonsense/", {"reason": "x"}).status_code == 404
    assert (
        login(people["liaison"])
        .post(f"/requests/{req.pk}/withdraw/", {"reason": "Không muốn trả lời"})
        .status_code
        == 404
    )
    done = body(officer.post(f"/requests/{req.pk}/withdraw/", {"reason": "Không còn cần"}, follow=True))
    assert "Đã rút yêu cầu." in done


def test_edit_page_and_its_conflict_message(people):
    from phoihop.cases import services

    case = services.case_open(actor=people["officer"], title="Trang sửa")
    officer = login(people["officer"])
    page = body(officer.get(f"/cases/{case.pk}/edit/"))
    assert 'name="version" value="1"' in page
    saved = officer.post(
        f"/cases/{case.pk}/edit/",
        {"version": "1", "title": "Trang sửa (đã sửa)", "lead_officer": people["leader"].pk},
    )
    assert saved.status_code == 302
    stale = body(
        officer.post(
            f"/cases/{case.pk}/edit/",
            {"version": "1", "title": "Ghi đè", "lead_officer": people["officer"].pk},
        )
    )
    assert "vừa được người khác thay đổi" in stale
    assert login(people["liaison"]).get(f"/cases/{case.pk}/edit/").status_code == 404


def test_pause_and_resume_from_the_request_page(people):
    from phoihop.cases import services

    case = services.case_open(actor=people["officer"], title="Tạm dừng")
    req = services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
    )
    officer = login(people["officer"])
    paused = body(officer.post(f"/requests/{req.pk}/pause/", {"reason": "Chờ giải trình"}, follow=True))
    assert "Đã tạm dừng tính hạn." in paused and 'id="request-paused"' in paused
    resumed = body(officer.post(f"/requests/{req.pk}/resume/", {"reason": "Đã có giải trình"}, follow=True))
    assert "Đã tiếp tục tính hạn; hạn mới" in resumed and 'id="request-paused"' not in resumed


def test_a_blank_pause_reason_is_named_as_the_pause_reason(people):
    """Found by an outside test: a blank reason for pausing or
    resuming reported "Lý do rút yêu cầu" (withdraw)."""
    from phoihop.cases import services

    case = services.case_open(actor=people["officer"], title="Tạm dừng không lý do")
    req = services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
    )
    officer = login(people["officer"])
    for what in ("pause", "resume"):
        page = body(officer.post(f"/requests/{req.pk}/{what}/", {"reason": "   "}, follow=True))
        assert "Lý do rút yêu cầu: Trường" not in page and "Lý do: Trường này là bắt buộc." in page, what


def test_api_case_with_a_participant_named_twice_is_400(people):
    """Issue 12 §4: ["CA", "CA"] broke the one-row-per-agency constraint: a 500, rolled back."""
    officer = login(people["officer"])
    response = officer.post(
        "/api/v1/cases/",
        {"title": "Trùng cơ quan", "participants": ["CA", "CA"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": {"participants": ["Cơ quan CA được nêu hơn một lần."]},
    }
    assert not Case.objects.exists()


def test_case_open_service_refuses_a_participant_named_twice(people):
    from django.core.exceptions import ValidationError

    from phoihop.cases.services import case_open

    with pytest.raises(ValidationError) as refused:
        case_open(actor=people["officer"], title="Trùng", participants=[people["police"], people["police"]])
    assert refused.value.message_dict == {"participants": ["Cơ quan CA được nêu hơn một lần."]}


def test_sender_actions_through_the_api(people):
    from phoihop.cases import services

    case = services.case_open(actor=people["officer"], title="API bên gửi")
    req = services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
    )
    officer = login(people["officer"])
    extended = officer.post(
        f"/api/v1/requests/{req.pk}/extend/",
        {"days": 2, "reason": "Bổ sung"},
        content_type="application/json",
    )
    assert extended.status_code == 200 and extended.json()["due_on"] > req.due_on.isoformat()
    assert (
        officer.post(
            f"/api/v1/requests/{req.pk}/pause/", {"reason": "Chờ"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert (
        officer.post(
            f"/api/v1/requests/{req.pk}/resume/", {"reason": "Tiếp"}, content_type="application/json"
        ).status_code
        == 200
    )
    partner = login(people["liaison"])
    refused = partner.post(
        f"/api/v1/requests/{req.pk}/withdraw/", {"reason": "Không muốn"}, content_type="application/json"
    )
    assert refused.status_code == 404  # the receiving agency cannot act as the sender; not even told it could
    bad = officer.post(f"/api/v1/requests/{req.pk}/withdraw/", {}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    done = officer.post(
        f"/api/v1/requests/{req.pk}/withdraw/", {"reason": "Gửi nhầm"}, content_type="application/json"
    )
    assert done.json()["status"] == "withdrawn"
