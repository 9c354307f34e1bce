"""The case page's "send a request" panel is loaded when opened (issue 15): the form, with the case's papers
that may go with it, is built only for whoever may change the case, and only when asked for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phoihop.cases import services
from phoihop.cases.tests.helpers import hub_and_police, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub):
    people = hub_and_police(hub, officer_clearance=2)
    people["case"] = services.case_open(actor=people["officer"], title="Hồ sơ thử gửi yêu cầu")
    return people


def _send(world, body="Đề nghị xác minh"):
    return services.request_send(
        actor=world["officer"],
        case=world["case"],
        to_agency=world["police"],
        kind="verify",
        body=body,
        days=5,
    )


def test_a_case_without_requests_shows_the_form_open(world):
    page = login(world["officer"]).get(reverse("cases:case_detail", args=[world["case"].pk]))
    html = page.content.decode()
    assert 'id="request-send" open' in html and 'name="to_agency"' in html


def test_with_requests_the_form_is_loaded_when_the_panel_opens(world):
    _send(world)
    client = login(world["officer"])
    url = reverse("cases:request_send", args=[world["case"].pk])
    html = client.get(reverse("cases:case_detail", args=[world["case"].pk])).content.decode()
    assert 'name="to_agency"' not in html and f'hx-get="{url}"' in html
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert 'name="to_agency"' in text and "<html" not in text
    page = client.get(url)  # without JavaScript: a page of its own
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert 'name="to_agency"' in page.content.decode()


def test_the_form_and_the_sending_are_only_for_who_may_change_the_case(world):
    url = reverse("cases:request_send", args=[world["case"].pk])
    outsider = login(world["liaison"])
    assert outsider.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            url, {"to_agency": world["police"].pk, "kind": "verify", "body": "X", "days": 5}
        ).status_code
        == 404
    )


def test_the_form_posts_and_a_closed_case_has_none(world):
    client = login(world["officer"])
    url = reverse("cases:request_send", args=[world["case"].pk])
    answer = client.post(
        url, {"to_agency": world["police"].pk, "kind": "verify", "body": "Đề nghị", "days": 5}
    )
    assert answer.status_code == 302 and world["case"].requests.count() == 1
    services.case_transition(actor=world["leader"], case=world["case"], name="stop", reason="Thử")
    assert client.get(url).status_code == 302
