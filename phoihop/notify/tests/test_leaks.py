"""Generated leak tests for notifications: a notification is its recipient's only."""

from __future__ import annotations

import pytest

from phoihop.access.testing import DETAIL, LIST, Endpoint, LeakTests, Persona, who
from phoihop.core.tests.factories import partner_world
from phoihop.notify import services
from phoihop.notify.models import Notification

pytestmark = pytest.mark.django_db


class TestNotificationLeaks(LeakTests):
    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("colleague-same-agency", sees=False, make=who("colleague")),
        Persona("leader-same-agency", sees=False, make=who("leader")),
        Persona("other-agency", sees=False, make=who("outsider")),
        Persona("auditor", sees=False, make=who("auditor")),
        Persona("admin", sees=False, make=who("admin")),
        Persona("recipient", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/notifications/{pk}/"),
        Endpoint("api-list", LIST, lambda pk, m: "/api/v1/notifications/"),
    ]

    def build(self):
        world = partner_world()
        services.notify(
            users=[world["owner"]],
            kind="request",
            code="request_new",
            params={"agency": str(world["owner"].agency_id), "due": "2026-12-31"},
            link="/requests/",
        )
        return world, Notification.objects.get(user=world["owner"])

    def marker(self, target):
        return str(target.pk)
