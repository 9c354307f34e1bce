"""Factories for agencies and users (with an enrolled TOTP secret), and the real sign-in flow for tests."""

from __future__ import annotations

from typing import Any

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.test import Client
from django.urls import reverse

from phoihop.core.demo import current_code
from phoihop.core.models import Agency, Role, User

TEST_PASSWORD = "Kiem-thu-mat-khau-2026"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CQ{n:03d}")
    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm số {n}")
    kind = "other"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng Thử {n}")
    agency = factory.SubFactory(AgencyFactory)
    clearance = 0
    is_api_only = False
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            obj.roles.set([Role.objects.get_or_create(code=c)[0] for c in extracted])

    @factory.post_generation
    def totp(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """Enrol a TOTP authenticator unless totp=False or the account is API-only."""
        if create and extracted is not False and not obj.is_api_only:
            secret = generate_totp_secret()
            obj.totp_secret = secret
            Authenticator.objects.create(
                user=obj, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
            )
        obj.save()


def sign_in(client: Client, user: User, *, password: str = TEST_PASSWORD) -> None:
    """Password then TOTP code, through allauth's own views, as a person would."""
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("mfa_authenticate"), response["Location"]
    code, _ = current_code(user.totp_secret)  # type: ignore[attr-defined]
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]


def partner_world(*, outsider_role: str = "liaison") -> dict:
    """The province every leak test starts from: the hub (BTC) and three partners, and one user per way of
    standing towards a hub case — its owner, a hub officer without clearance, an auditor, an administrator, an
    officer of a co-handling agency (UBKT), the Police liaison a request goes to, and a Military user outside
    it all; inside the hub also a cleared colleague on no case team, an officer a test may put on a team, and
    a leader. Agencies are in the dict too, under their codes."""
    hub = AgencyFactory(code="BTC", is_hub=True)
    police, army, inspect = AgencyFactory(code="CA"), AgencyFactory(code="QS"), AgencyFactory(code="UBKT")
    return {
        "BTC": hub,
        "CA": police,
        "QS": army,
        "UBKT": inspect,
        "owner": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2),
        "low": UserFactory(username="cv.thap", agency=hub, roles=["officer"], clearance=0),
        "auditor": UserFactory(username="gs.btc", agency=hub, roles=["auditor"], clearance=3),
        "admin": UserFactory(username="qt.btc", agency=hub, roles=["admin"], clearance=3),
        "participant": UserFactory(username="cv.ubkt", agency=inspect, roles=["officer"], clearance=2),
        "recipient": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2),
        "outsider": UserFactory(username="dm.qs", agency=army, roles=[outsider_role], clearance=3),
        "colleague": UserFactory(username="cv.khac", agency=hub, roles=["officer"], clearance=3),
        "member": UserFactory(username="cv.to", agency=hub, roles=["officer"], clearance=2),
        "leader": UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=3),
    }
