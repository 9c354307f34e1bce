"""A classified request must reach someone cleared to read it; free text has a length limit, set in one place
(cases/limits.py) and enforced by forms, serializers and services alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from phoihop.access.testing import body
from phoihop.cases import limits, services
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.tests.helpers import hub_and_police, login
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(hub):
    return hub_and_police(hub, officer_clearance=3)


# --- a classified request needs a cleared reader
# -------------------------------------------------------------
def test_a_top_secret_request_to_an_agency_where_nobody_holds_that_clearance_is_refused(people):
    case = services.case_open(actor=people["officer"], title="Hồ sơ tuyệt mật", classification=3)
    with pytest.raises(ValidationError) as refused:
        services.request_send(
            actor=people["officer"],
            case=case,
            to_agency=people["police"],
            kind="verify",
            body="Xác minh",
            days=10,
        )
    message = refused.value.message_dict["to_agency"][0]
    assert "CA" in message and "Tuyệt mật" in message
    assert not CoordinationRequest.objects.exists()


def test_a_cleared_reader_anywhere_in_the_content_roles_is_enough(people):
    case = services.case_open(actor=people["officer"], title="Hồ sơ tuyệt mật", classification=3)
    # Not enough: an inactive user, a user without a content role, a cleared user of another agency.
    UserFactory(username="cu.ca", agency=people["police"], roles=["liaison"], clearance=3, is_active=False)
    UserFactory(username="gs.ca", agency=people["police"], roles=["auditor"], clearance=3)
    with pytest.raises(ValidationError, match="Tuyệt mật"):
        services.request_send(
            actor=people["officer"],
            case=case,
            to_agency=people["police"],
            kind="verify",
            body="Xác minh",
            days=10,
        )
    UserFactory(username="ld.ca", agency=people["police"], roles=["leader"], clearance=3)
    req = services.request_send(
        actor=people["officer"],
        case=case,
        to_agency=people["police"],
        kind="verify",
        body="Xác minh",
        days=10,
    )
    assert req.classification == 3


def test_the_page_and_the_api_say_why_the_classified_request_was_not_sent(people):
    case = services.case_open(actor=people["officer"], title="Hồ sơ tuyệt mật", classification=3)
    officer = login(people["officer"])
    page = body(
        officer.post(
            f"/cases/{case.pk}/requests/",
            {
                "to_agency": people["police"].pk,
                "kind": "verify",
                "body": "Xác minh",
                "days": "10",
                "unit": "working",
            },
            follow=True,
        )
    )
    assert "Tuyệt mật" in page and "Đã gửi yêu cầu" not in page
    api = officer.post(
        f"/api/v1/cases/{case.pk}/requests/",
        {"to_agency": "CA", "kind": "verify", "body": "Xác minh", "working_days": 10},
        content_type="application/json",
    )
    assert api.status_code == 400 and "Tuyệt mật" in api.json()["errors"]["to_agency"][0]
    assert not CoordinationRequest.objects.exists()


# --- length limits
# ---------------------------------------------------------------------------------------------
def test_limits_are_rules_in_one_place():
    assert limits.CASE_SUMMARY == 10_000 and limits.REQUEST_RESPONSE == 20_000
    assert limits.too_long(summary=("x" * 10_000, limits.CASE_SUMMARY)) == {}
    errors = limits.too_long(summary=("x" * 10_001, limits.CASE_SUMMARY))
    assert "10.001" in errors["summary"][0] and "10.000" in errors["summary"][0]


def test_an_over_long_summary_is_refused_by_the_service_the_page_and_the_api(people):
    long = "Nội dung " * 1200  # 10,800 characters
    with pytest.raises(ValidationError) as refused:
        services.case_open(actor=people["officer"], title="Quá dài", summary=long)
    assert "10.000" in refused.value.message_dict["summary"][0]
    officer = login(people["officer"])
    page = officer.post("/cases/new/", {"title": "Quá dài", "summary": long, "classification": "0"})
    assert page.status_code == 200 and "10000" in body(page).replace(".", "")
    api = officer.post(
        "/api/v1/cases/", {"title": "Quá dài", "summary": long}, content_type="application/json"
    )
    assert api.status_code == 400 and "summary" in api.json()["errors"]
    assert not Case.objects.exists()


def test_an_over_long_edit_of_the_summary_is_refused(people):
    case = services.case_open(actor=people["officer"], title="Sửa")
    with pytest.raises(ValidationError, match=r"10\.000"):
        services.case_update(
            actor=people["officer"], case=case, expected_version=1, title="Sửa", summary="x" * 10_001
        )
    page = login(people["officer"]).post(
        f"/cases/{case.pk}/edit/",
        {"version": "1", "title": "Sửa", "summary": "x" * 10_001, "lead_officer": people["officer"].pk},
    )
    assert page.status_code == 200
    case.refresh_from_db()
    assert case.summary == "" and case.version == 1


def test_over_long_request_texts_are_refused_by_the_service_the_page_and_the_api(people):
    case = services.case_open(actor=people["officer"], title="Yêu cầu dài")
    long_body = "y" * (limits.REQUEST_BODY + 1)
    with pytest.raises(ValidationError) as refused:
        services.request_send(
            actor=people["officer"],
            case=case,
            to_agency=people["police"],
            kind="verify",
            body=long_body,
            days=10,
        )
    assert "body" in refused.value.message_dict
    officer = login(people["officer"])
    page = body(
        officer.post(
            f"/cases/{case.pk}/requests/",
            {"to_agency": people["police"].pk, "kind": "verify", "body": long_body},
            follow=True,
        )
    )
    assert "Đã gửi yêu cầu" not in page and "10000" in page.replace(".", "")
    api = officer.post(
        f"/api/v1/cases/{case.pk}/requests/",
        {"to_agency": "CA", "kind": "verify", "body": long_body, "working_days": 10},
        content_type="application/json",
    )
    assert api.status_code == 400 and "body" in api.json()["errors"]
    assert not CoordinationRequest.objects.exists()

    req = services.request_send(
        actor=people["officer"],
        case=case,
        to_agency=people["police"],
        kind="verify",
        body="Xác minh",
        days=10,
    )
    long_response = "z" * (limits.REQUEST_RESPONSE + 1)
    with pytest.raises(ValidationError) as refused:
        services.request_respond(actor=people["liaison"], req=req, response=long_response)
    assert "response" in refused.value.message_dict
    partner = login(people["liaison"])
    page = partner.post(f"/requests/{req.pk}/", {"response": long_response})
    assert page.status_code == 200
    api = partner.post(
        f"/api/v1/requests/{req.pk}/respond/", {"response": long_response}, content_type="application/json"
    )
    assert api.status_code == 400 and "response" in api.json()["errors"]
    long_reason = "r" * (limits.REQUEST_REASON + 1)
    with pytest.raises(ValidationError) as refused:
        services.request_extend(actor=people["officer"], req=req, days=2, reason=long_reason)
    assert "reason" in refused.value.message_dict
    for what in ("extend", "withdraw", "pause"):
        api = officer.post(
            f"/api/v1/requests/{req.pk}/{what}/",
            {"days": 2, "reason": long_reason},
            content_type="application/json",
        )
        assert api.status_code == 400 and "reason" in api.json()["errors"], what
    req.refresh_from_db()
    assert req.response == "" and req.extensions == 0 and req.status == "sent"


def test_an_over_long_transition_reason_or_outcome_is_refused(people):
    case = services.case_open(actor=people["officer"], title="Kết luận dài")
    long = "k" * (limits.TRANSITION_REASON + 1)
    with pytest.raises(ValidationError) as refused:
        services.case_transition(actor=people["leader"], case=case, name="conclude", reason=long)
    assert "reason" in refused.value.message_dict
    leader = login(people["leader"])
    page = body(
        leader.post(
            f"/cases/{case.pk}/transition/", {"name": "conclude", "version": "1", "reason": long}, follow=True
        )
    )
    assert "5000" in page.replace(".", "")
    api = leader.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"transition": "conclude", "reason": long},
        content_type="application/json",
    )
    assert api.status_code == 400 and "reason" in api.json()["errors"]
    case.refresh_from_db()
    assert case.status == "open" and case.outcome == ""
