"""A limit that is a rule lives in the rule: the length of one extension is the deadline rule's, and when an
administrator changes it the page (its form, down to the input's `max`), the API and the service all follow at
once. The fixed bounds of what a rule may say (cases/limits.py) are shared by the rules' form, template and
service."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from phoihop.cases import limits, services
from phoihop.cases.models import CoordinationRequest
from phoihop.cases.tests.helpers import hub_and_police, login
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "Mỗi lần gia hạn từ 1 đến 3 ngày."


@pytest.fixture
def people(hub: Any) -> dict[str, Any]:
    world = hub_and_police(hub, officer_clearance=2)
    world["admin"] = UserFactory(username="qt.btc", agency=hub, roles=["admin"], clearance=3)
    return world


def _rule(people: dict[str, Any], longest: int) -> None:
    services.deadline_rule_set(
        actor=people["admin"],
        kind="general",
        step="verify",
        days=10,
        unit="working",
        max_extensions=5,
        max_extension_days=longest,
        reason="Quy chế mới",
    )


def _request(people: dict[str, Any]) -> CoordinationRequest:
    case = services.case_open(actor=people["officer"], title="Thời hạn theo quy tắc")
    return services.request_send(
        actor=people["officer"],
        case=case,
        to_agency=people["police"],
        kind="verify",
        body="Đề nghị xác minh",
        days=10,
    )


def _days_input(page: str) -> str:
    start = page.index('id="extend_days"')
    return page[page.rindex("<input", 0, start) : page.index(">", start)]


def _extensions(req: CoordinationRequest) -> int:
    return CoordinationRequest.objects.get(pk=req.pk).extensions


def test_changing_the_extension_rule_changes_the_page_the_api_and_the_service(people: dict[str, Any]) -> None:
    _rule(people, 3)
    req = _request(people)
    client = login(people["officer"])
    page = client.get(f"/requests/{req.pk}/").content.decode()
    assert _days_input(page).count('max="3"') == 1  # the browser stops at the rule
    refused = client.post(f"/requests/{req.pk}/extend/", {"days": 4, "reason": "Cần thêm"}, follow=True)
    assert TOO_LONG in refused.content.decode() and _extensions(req) == 0
    api = client.post(
        f"/api/v1/requests/{req.pk}/extend/",
        {"days": 4, "reason": "Cần thêm"},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["errors"]["days"] == [TOO_LONG] and _extensions(req) == 0
    with pytest.raises(ValidationError) as service:
        services.request_extend(actor=people["officer"], req=req, days=4, reason="Cần thêm")
    assert service.value.message_dict["days"] == [TOO_LONG] and _extensions(req) == 0

    _rule(people, 5)  # the administrator allows longer extensions: all three follow
    assert 'max="5"' in _days_input(client.get(f"/requests/{req.pk}/").content.decode())
    client.post(f"/requests/{req.pk}/extend/", {"days": 4, "reason": "Cần thêm"})
    assert _extensions(req) == 1
    api = client.post(
        f"/api/v1/requests/{req.pk}/extend/",
        {"days": 4, "reason": "Cần thêm"},
        content_type="application/json",
    )
    assert api.status_code == 200 and _extensions(req) == 2
    services.request_extend(actor=people["officer"], req=req, days=4, reason="Cần thêm")
    assert _extensions(req) == 3


def test_the_bounds_of_a_rule_are_set_once(people: dict[str, Any], settings: Any) -> None:
    from phoihop.cases.forms import DeadlineRuleForm

    client = login(people["admin"])
    page = client.get("/rules/deadlines/").content.decode()
    assert f'max="{limits.PERIOD_DAYS}" name="days"' in page
    assert f'max="{limits.RULE_EXTENSIONS}" name="max_extensions"' in page
    data = {
        "kind": "general",
        "step": "verify",
        "days": limits.PERIOD_DAYS + 1,
        "unit": "working",
        "max_extensions": limits.RULE_EXTENSIONS + 1,
        "reason": "x" * (limits.RULE_REASON + 1),
    }
    form = DeadlineRuleForm(data)
    assert not form.is_valid() and {"days", "max_extensions", "reason"} <= set(form.errors)
    with pytest.raises(ValidationError) as refused:
        services.deadline_rule_set(
            actor=people["admin"],
            kind="general",
            step="verify",
            days=data["days"],
            unit="working",
            max_extensions=data["max_extensions"],
            reason=data["reason"],
        )
    assert {"days", "max_extensions", "reason"} <= set(refused.value.message_dict)
