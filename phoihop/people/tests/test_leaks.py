"""Generated leak tests for persons: the hub sees its registry within clearance; a partner sees a person only
through a case it may see; nobody else sees the person in lists, searches, counts, suggestions, details or the
person's registration bases."""

from __future__ import annotations

import pytest

from phoihop.access.testing import COUNT, DETAIL, LIST, SEARCH, Endpoint, LeakTests, Persona, who
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import partner_world
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

NAME = "Ông Thử Kín Đáo"


def build_world():
    world = partner_world(outsider_role="officer")
    inspect, police = world["UBKT"], world["CA"]
    person = make_person(world["owner"], NAME, birth_year=1971, classification=1)
    case = case_services.case_open(actor=world["owner"], title="Thẩm tra cán bộ", classification=1,
                                   participants=[inspect], subjects=[person])  # fmt: skip
    case_services.request_send(
        actor=world["owner"], case=case, to_agency=police, kind="verify", body="Xác minh"
    )
    return world, person


class PersonTarget(LeakTests):
    """Persons are addressed by their UUID and recognised by their name."""

    def build(self):
        return build_world()

    def key(self, target):
        return target.uuid

    def marker(self, target):
        return NAME


class TestPersonLeaks(PersonTarget):
    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("agency-without-a-case", sees=False, make=who("outsider")),
        Persona("too-low-clearance", sees=False, make=who("low")),
        Persona("auditor-not-content", sees=False, make=who("auditor")),
        Persona("admin-without-break-glass", sees=False, make=who("admin")),
        Persona("request-recipient-sees-no-person", sees=False, make=who("recipient")),
        Persona("hub-officer", sees=True, make=who("owner")),
        Persona("case-participant", sees=True, make=who("participant")),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: "/persons/"),
        Endpoint("ui-search", SEARCH, lambda pk, m: "/persons/?q=kin+dao"),
        Endpoint("ui-search-year", SEARCH, lambda pk, m: "/persons/?q=1971"),
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/persons/{pk}/"),
        Endpoint("ui-global-search", SEARCH, lambda pk, m: "/search/?q=KIN+DAO"),
        Endpoint("api-list", LIST, lambda pk, m: "/api/v1/persons/"),
        Endpoint("api-search", SEARCH, lambda pk, m: "/api/v1/persons/?q=thu+kin+dao"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/persons/?q=kin+dao"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/persons/{pk}/"),
        Endpoint("api-matches", DETAIL, lambda pk, m: f"/api/v1/persons/{pk}/matches/"),
        Endpoint("api-bases", DETAIL, lambda pk, m: f"/api/v1/persons/{pk}/bases/"),
        Endpoint("api-global-search", SEARCH, lambda pk, m: "/api/v1/search/?q=kin+dao"),
    ]


class TestPersonWriteLeaks(PersonTarget):
    """Edit and merge pages need the right to change the record: a case participant reads but does not edit."""

    personas = [
        Persona("case-participant", sees=False, make=who("participant")),
        Persona("agency-without-a-case", sees=False, make=who("outsider")),
        Persona("hub-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("ui-edit", DETAIL, lambda pk, m: f"/persons/{pk}/edit/"),
        Endpoint("ui-merge", DETAIL, lambda pk, m: f"/persons/{pk}/merge/"),
    ]
