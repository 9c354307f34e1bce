"""Generated leak tests for the audit: auditors only; partner-agency auditors only their agency's events."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from phoihop.access.testing import COUNT, DETAIL, EXPORT, LIST, SEARCH, Endpoint, LeakTests, Persona, body
from phoihop.audit.models import AuditEvent
from phoihop.cases.services import case_open
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def api_has_marker(response, marker):
    return response.status_code == 200 and marker in body(response)


class TestAuditEventLeaks(LeakTests):
    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("officer-same-agency", sees=False, make=lambda w: w["officer"]),
        Persona("administrator-not-auditor", sees=False, make=lambda w: w["admin"]),
        Persona("auditor-other-agency", sees=False, make=lambda w: w["partner_auditor"]),
        Persona("hub-auditor", sees=True, make=lambda w: w["hub_auditor"]),
        Persona("auditor-same-agency", sees=True, make=lambda w: w["police_auditor"]),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda e, m: "/audit/"),
        Endpoint("ui-search", SEARCH, lambda e, m: f"/audit/?object_id={e.object_id}"),
        Endpoint("ui-detail", DETAIL, lambda e, m: f"/audit/events/{e.seq}/"),
        Endpoint("ui-export-csv", EXPORT, lambda e, m: f"/audit/export.csv?object_id={e.object_id}"),
        Endpoint(
            "api-list", LIST, lambda e, m: "/api/v1/audit/events/?page_size=1000", visible=api_has_marker
        ),
        Endpoint(
            "api-search",
            SEARCH,
            lambda e, m: f"/api/v1/audit/events/?object_id={e.object_id}",
            visible=api_has_marker,
        ),
        Endpoint("api-count", COUNT, lambda e, m: f"/api/v1/audit/events/?object_id={e.object_id}"),
        Endpoint("api-detail", DETAIL, lambda e, m: f"/api/v1/audit/events/{e.seq}/"),
    ]

    def build(self):
        hub, police, army = (
            AgencyFactory(code="BTC", is_hub=True),
            AgencyFactory(code="CA"),
            AgencyFactory(code="QS"),
        )
        world = {
            "officer": UserFactory(username="cv.ca", agency=police, roles=["officer"], clearance=3),
            "admin": UserFactory(username="qt", agency=hub, roles=["admin"], clearance=3),
            "partner_auditor": UserFactory(username="gs.qs", agency=army, roles=["auditor"]),
            "hub_auditor": UserFactory(username="gs.btc", agency=hub, roles=["auditor"]),
            "police_auditor": UserFactory(username="gs.ca", agency=police, roles=["auditor"]),
        }
        case = case_open(actor=world["officer"], title="Vụ việc bí mật 42", classification=3)
        return world, AuditEvent.objects.get(action="case.open", object_id=str(case.pk))

    def key(self, target):
        return target

    def missing_key(self, target):
        return SimpleNamespace(seq=10_000_000, object_id=str(uuid.uuid4()))

    def marker(self, target):
        # The case's number: an identifier, which every auditor who may read the event sees (its title is
        # withheld from auditors who may not see the case: test_disclosure.py). The searches ask by UUID, so a
        # page that echoes the query cannot fake a hit.
        return target.object_repr
