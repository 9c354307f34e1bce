"""Generated leak tests: a non-participant agency cannot see the case anywhere; a partner that received a
request sees that request only."""

from __future__ import annotations

import pytest

from phoihop.access.testing import COUNT, DETAIL, LIST, SEARCH, Endpoint, LeakTests, Persona, who
from phoihop.cases import services
from phoihop.core.tests.factories import partner_world

pytestmark = pytest.mark.django_db


def build_world():
    world = partner_world()
    inspect, police = world["UBKT"], world["CA"]
    case = services.case_open(
        actor=world["owner"], title="Thẩm tra Kín Đáo 77", classification=1, participants=[inspect]
    )
    req = services.request_send(actor=world["owner"], case=case, to_agency=police, kind="verify",
                                body="Xác minh nhân thân Yêu Cầu Riêng 88", days=10)  # fmt: skip
    world["request"] = req
    return world, case


COMMON = [
    Persona("anonymous", sees=False, make=lambda w: None),
    Persona("non-participant-agency", sees=False, make=who("outsider")),
    Persona("too-low-clearance", sees=False, make=who("low")),
    Persona("auditor-not-content", sees=False, make=who("auditor")),
    Persona("admin-without-break-glass", sees=False, make=who("admin")),
    Persona("owner-agency", sees=True, make=who("owner")),
    Persona("participant-agency", sees=True, make=who("participant")),
]


class TestCaseLeaks(LeakTests):
    personas = [*COMMON, Persona("request-recipient-sees-no-case", sees=False, make=who("recipient"))]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: "/cases/"),
        Endpoint("ui-search", SEARCH, lambda pk, m: "/cases/?q=77"),
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/cases/{pk}/"),
        Endpoint("api-list", LIST, lambda pk, m: "/api/v1/cases/"),
        Endpoint("api-search", SEARCH, lambda pk, m: "/api/v1/cases/?q=77"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/cases/?q=77"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/"),
        Endpoint("api-events", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/events/"),
        Endpoint("api-transitions", DETAIL, lambda pk, m: f"/api/v1/cases/{pk}/transitions/"),
    ]

    def build(self):
        return build_world()

    def marker(self, target):
        return "Thẩm tra Kín Đáo 77"


class TestRequestLeaks(LeakTests):
    personas = [*COMMON, Persona("request-recipient", sees=True, make=who("recipient"))]
    endpoints = [Endpoint("ui-detail", DETAIL, lambda pk, m: f"/requests/{pk}/")]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return "Yêu Cầu Riêng 88"


class TestRequestInboxLeaks(LeakTests):
    """The inbox and the home page list a request only for the agency it is addressed to."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("owner-agency-is-not-recipient", sees=False, make=who("owner")),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = [
        Endpoint("ui-inbox", LIST, lambda pk, m: "/requests/"),
        Endpoint(
            "ui-home-queue",
            LIST,
            lambda pk, m: "/",
            visible=lambda r, m: r.status_code == 200 and m in r.content.decode(),
        ),
    ]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return f"/requests/{target.pk}/"


class TestRequestApiLeaks(LeakTests):
    """The API inbox lists only requests addressed to the caller's agency."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("owner-agency-is-not-recipient", sees=False, make=who("owner")),
        Persona("request-recipient", sees=True, make=who("recipient")),
    ]
    endpoints = [
        Endpoint("api-inbox", LIST, lambda pk, m: "/api/v1/requests/"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/requests/?open=true"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/requests/{pk}/"),
    ]

    def build(self):
        world, _case = build_world()
        return world, world["request"]

    def marker(self, target):
        return "Yêu Cầu Riêng 88"
