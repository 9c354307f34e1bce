"""What several case tests share: the hub with one partner agency and its people, and a signed-in client."""

from __future__ import annotations

from typing import Any

from django.test import Client

from phoihop.core.tests.factories import AgencyFactory, UserFactory


def hub_and_police(hub: Any, *, officer_clearance: int) -> dict[str, Any]:
    """A hub officer (the given clearance) and leader, and the Police with its liaison (Mật)."""
    police = AgencyFactory(code="CA", name="Công an tỉnh")
    return {
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=officer_clearance),
        "leader": UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=3),
        "liaison": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2),
        "police": police,
    }


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
