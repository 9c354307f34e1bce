"""Generated leak tests for the audit: auditors only; partner-agency auditors only their agency's events."""

from __future__ import annotations

import pytest

from phoihop.access.testing import COUNT, DETAIL, EXPORT, LIST, SEARCH, Endpoint, LeakTests, Persona, body
from phoihop.audit import registry
from phoihop.audit.services import audit_record
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
        Endpoint("ui-list", LIST, lambda seq, m: "/audit/"),
        Endpoint("ui-search", SEARCH, lambda seq, m: "/audit/?object_id=vu-viec-bi-mat-42"),
        Endpoint("ui-detail", DETAIL, lambda seq, m: f"/audit/events/{seq}/"),
        Endpoint("ui-export-csv", EXPORT, lambda seq, m: "/audit/export.csv?object_id=vu-viec-bi-mat-42"),
        Endpoint(
            "api-list", LIST, lambda seq, m: "/api/v1/audit/events/?page_size=1000", visible=api_has_marker
        ),
        Endpoint(
            "api-search",
            SEARCH,
            lambda seq, m: "/api/v1/audit/events/?object_id=vu-viec-bi-mat-42",
            visible=api_has_marker,
        ),
        Endpoint("api-count", COUNT, lambda seq, m: "/api/v1/audit/events/?object_id=vu-viec-bi-mat-42"),
        Endpoint("api-detail", DETAIL, lambda seq, m: f"/api/v1/audit/events/{seq}/"),
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
        event = audit_record(action=registry.RECORD_READ, actor=world["officer"], object_type="cases.case",
                             object_id="vu-viec-bi-mat-42", object_repr="Vụ việc bí mật 42")  # fmt: skip
        return world, event

    def key(self, target):
        return target.seq

    def missing_key(self, target):
        return 10_000_000

    def marker(self, target):
        return (
            "Vụ việc bí mật 42"  # the searches ask by id, so a page that echoes the query cannot fake a hit
        )
