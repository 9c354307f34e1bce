"""Generated leak tests for the administration already built: users, agencies, API tokens."""

from __future__ import annotations

import pytest

from phoihop.access.testing import (
    COUNT,
    DETAIL,
    EXPORT,
    LIST,
    SEARCH,
    Endpoint,
    LeakTests,
    Persona,
    body,
    write,
)
from phoihop.core import services
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_world():
    hub = AgencyFactory(code="BTC", is_hub=True)
    police = AgencyFactory(code="CA")
    return {
        "admin": UserFactory(username="quantri", agency=hub, roles=["admin"], clearance=2),
        "officer": UserFactory(username="chuyenvien", agency=hub, roles=["officer", "leader"], clearance=3),
        "auditor": UserFactory(username="giamsat", agency=hub, roles=["auditor"], clearance=3),
        "partner": UserFactory(username="daumoi", agency=police, roles=["liaison"], clearance=1),
        "police": police,
    }


ANONYMOUS = Persona("anonymous", sees=False, make=lambda w: None)
NON_ADMINS = [
    Persona("wrong-role-officer", sees=False, make=lambda w: w["officer"]),
    Persona("wrong-role-auditor", sees=False, make=lambda w: w["auditor"]),
    Persona("other-agency", sees=False, make=lambda w: w["partner"]),
]
ADMIN = Persona("administrator", sees=True, make=lambda w: w["admin"])


def shows_one_user(response, marker):
    return response.status_code == 200 and 'id="result-count">1 người dùng' in body(response).replace(
        "\n", ""
    )


class TestUserAdministrationLeaks(LeakTests):
    personas = [ANONYMOUS, *NON_ADMINS, ADMIN]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: "/admin/users/"),
        Endpoint("ui-search", SEARCH, lambda pk, m: "/admin/users/?q=Kín Đáo"),
        Endpoint("ui-count", COUNT, lambda pk, m: "/admin/users/?q=Kín Đáo", visible=shows_one_user),
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/admin/users/{pk}/"),
        Endpoint("ui-edit", DETAIL, lambda pk, m: f"/admin/users/{pk}/edit/"),
        Endpoint("ui-export-csv", EXPORT, lambda pk, m: "/admin/users/export.csv?q=Kín"),
    ]

    def build(self):
        world = admin_world()
        target = UserFactory(
            username="an.kin", full_name="Người Kín Đáo", agency=world["police"], roles=["officer"]
        )
        return world, target

    def marker(self, target):
        return "Người Kín Đáo"


class TestAgencyLeaks(LeakTests):
    """Agencies are the address book: every signed-in user reads them; only administrators change them."""

    personas = [
        ANONYMOUS,
        Persona("officer-reads", sees=True, make=lambda w: w["officer"]),
        Persona("partner-reads", sees=True, make=lambda w: w["partner"]),
        ADMIN,
    ]
    endpoints = [
        Endpoint("api-list", LIST, lambda pk, m: "/api/v1/agencies/"),
        Endpoint("api-search", SEARCH, lambda pk, m: "/api/v1/agencies/?q=Thanh tra"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/v1/agencies/?q=Thanh tra"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/agencies/{pk}/"),
    ]

    def build(self):
        world = admin_world()
        return world, AgencyFactory(code="TT", name="Thanh tra tỉnh Thử")

    def marker(self, target):
        return "Thanh tra tỉnh Thử"


class TestAgencyAdministrationLeaks(LeakTests):
    personas = [ANONYMOUS, *NON_ADMINS, ADMIN]
    endpoints = [
        Endpoint("ui-admin-list", LIST, lambda pk, m: "/admin/agencies/"),
        Endpoint("ui-admin-search", SEARCH, lambda pk, m: "/admin/agencies/?q=Thanh"),
        Endpoint("ui-admin-edit", DETAIL, lambda pk, m: f"/admin/agencies/{pk}/"),
    ]

    def build(self):
        world = admin_world()
        return world, AgencyFactory(code="TT", name="Thanh tra tỉnh Thử")

    def marker(self, target):
        return "Thanh tra tỉnh Thử"


class TestAgencyAdministrationWriteLeaks(TestAgencyAdministrationLeaks):
    personas = [ANONYMOUS, *NON_ADMINS]
    endpoints = [write("ui-admin-edit-post", lambda pk, m: f"/admin/agencies/{pk}/", name="Đổi")]


class TestTokenLeaks(LeakTests):
    """A token's prefix is shown only to administrators; the key itself never after creation."""

    personas = [ANONYMOUS, *NON_ADMINS, ADMIN]
    endpoints = [Endpoint("ui-user-detail", SEARCH, lambda pk, m: f"/admin/users/{pk}/")]

    def build(self):
        world = admin_world()
        bot = UserFactory(username="api.ca", agency=world["police"], is_api_only=True)
        _token, raw = services.token_create(actor=None, user=bot, name="máy chủ")
        self._raw = raw
        return world, bot

    def marker(self, target):
        return target.api_tokens.get().prefix

    def test_raw_key_is_never_shown_again(self, client):
        world, bot = self.build()
        client.force_login(world["admin"])
        page = body(client.get(f"/admin/users/{bot.pk}/"))
        assert self._raw not in page and self.marker(bot) in page


class TestUserAdministrationWriteLeaks(TestUserAdministrationLeaks):
    """Every write on a user: anyone but an administrator is refused the same way whether the user exists or
    not, and nothing changes."""

    personas = [ANONYMOUS, *NON_ADMINS]
    endpoints = [
        write("ui-edit-post", lambda pk, m: f"/admin/users/{pk}/edit/", full_name="Đổi Tên"),
        write("ui-deactivate", lambda pk, m: f"/admin/users/{pk}/deactivate/", reason="Nghỉ việc"),
        write("ui-reactivate", lambda pk, m: f"/admin/users/{pk}/reactivate/", reason="Trở lại"),
        write("ui-reset-mfa", lambda pk, m: f"/admin/users/{pk}/reset-mfa/", reason="Mất điện thoại"),
        write("ui-token-create", lambda pk, m: f"/admin/users/{pk}/tokens/", name="máy chủ"),
    ]


class TestTokenWriteLeaks(LeakTests):
    """Revoking a token: administrators only, refused alike whether the token exists or not."""

    personas = [ANONYMOUS, *NON_ADMINS]
    endpoints = [write("ui-revoke", lambda pk, m: f"/admin/tokens/{pk}/revoke/")]

    def build(self):
        world = admin_world()
        bot = UserFactory(username="api.ca", agency=world["police"], is_api_only=True)
        token, _raw = services.token_create(actor=None, user=bot, name="máy chủ")
        return world, token

    def marker(self, target):
        return target.prefix


class TestAgencyWriteLeaks(TestAgencyLeaks):
    """Agencies are read by everyone signed in; an anonymous write changes nothing."""

    personas = [ANONYMOUS]
    endpoints = [write("api-patch", lambda pk, m: f"/api/v1/agencies/{pk}/", method="PATCH", name="Đổi")]


class TestCalendarDayLeaks(LeakTests):
    """The working-day calendar is read by everyone signed in; administrators change it."""

    personas = [
        ANONYMOUS,
        Persona("officer-reads", sees=True, make=lambda w: w["officer"]),
        Persona("partner-reads", sees=True, make=lambda w: w["partner"]),
        ADMIN,
    ]
    endpoints = [
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/v1/calendar/days/{pk}/"),
        write("api-delete", lambda pk, m: f"/api/v1/calendar/days/{pk}/", method="DELETE"),
    ]

    def build(self):
        import datetime

        from phoihop.core.models import CalendarDay

        world = admin_world()
        day = CalendarDay.objects.create(
            date=datetime.date(2026, 12, 31),
            kind=CalendarDay._meta.get_field("kind").choices[0][0],
            name="Ngày Nghỉ Thử",
        )
        return world, day

    def marker(self, target):
        return "Ngày Nghỉ Thử"


class TestCalendarDayWriteLeaks(TestCalendarDayLeaks):
    """The administration page's removal: anyone but an
    administrator is refused alike, and nothing changes."""

    personas = [ANONYMOUS, *NON_ADMINS]
    endpoints = [write("ui-remove", lambda pk, m: f"/admin/calendar/days/{pk}/delete/")]
