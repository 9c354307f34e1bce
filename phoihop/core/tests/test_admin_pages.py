"""Administration pages: administrators manage agencies and users; everyone else is turned away."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phoihop.audit.models import AuditEvent
from phoihop.core.models import Agency, User
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(admin_user, signed_in):
    return signed_in(admin_user)


def test_agency_create_edit_through_pages(admin_client):
    response = admin_client.post(
        reverse("administration:agency_create"),
        {"code": "nc", "name": "Ban Nội chính", "kind": "party_board", "active": "on"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="NC")
    response = admin_client.post(
        reverse("administration:agency_edit", args=[agency.pk]),
        {"code": "NC", "name": "Ban Nội chính Tỉnh ủy", "kind": "party_board", "active": "on"},
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Ban Nội chính Tỉnh ủy"
    assert AuditEvent.objects.filter(action="agency.update", object_id=str(agency.pk)).exists()
    listing = admin_client.get(reverse("administration:agency_list") + "?q=nội chính")
    assert "Ban Nội chính Tỉnh ủy" in listing.content.decode()


def test_agency_form_shows_service_errors(admin_client):
    response = admin_client.post(
        reverse("administration:agency_create"),
        {"code": "BTC", "name": "Trùng", "kind": "other", "active": "on"},
    )
    assert response.status_code == 200
    assert "Mã cơ quan BTC đã tồn tại." in response.content.decode()


def test_user_create_shows_generated_password_once(admin_client, hub):
    response = admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "le.thu",
            "full_name": "Lê Thị Thu",
            "agency": hub.pk,
            "roles": ["clerk"],
            "clearance": "1",
        },
    )
    user = User.objects.get(username="le.thu")
    assert response["Location"] == reverse("administration:user_detail", args=[user.pk])
    first = admin_client.get(response["Location"]).content.decode()
    assert 'id="generated-password"' in first
    second = admin_client.get(response["Location"]).content.decode()
    assert 'id="generated-password"' not in second


def test_user_edit_and_deactivate(admin_client, officer, partner):
    response = admin_client.post(
        reverse("administration:user_edit", args=[officer.pk]),
        {
            "full_name": "Tên Mới",
            "agency": partner.pk,
            "roles": ["officer", "liaison"],
            "clearance": "2",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.agency == partner and officer.clearance == 2
    response = admin_client.post(
        reverse("administration:user_deactivate", args=[officer.pk]), {"reason": "Nghỉ hưu"}, follow=True
    )
    assert "Đã khóa tài khoản" in response.content.decode()
    officer.refresh_from_db()
    assert not officer.is_active


def test_deactivate_without_reason_is_refused(admin_client, officer):
    response = admin_client.post(
        reverse("administration:user_deactivate", args=[officer.pk]), {"reason": ""}, follow=True
    )
    assert "Cần nêu lý do." in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_active


def test_token_issue_and_revoke_from_the_page(admin_client, hub):
    bot = UserFactory(username="api.snv", agency=hub, is_api_only=True)
    response = admin_client.post(
        reverse("administration:token_create", args=[bot.pk]), {"name": "SNV"}, follow=True
    )
    html = response.content.decode()
    assert 'id="new-token"' in html and "ph_" in html
    token = bot.api_tokens.get()
    admin_client.post(reverse("administration:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("name", ["agency_list", "user_list", "user_create", "agency_create"])
def test_outsiders_cannot_open_administration(officer, signed_in, name):
    client = signed_in(officer)
    assert client.get(reverse(f"administration:{name}")).status_code == 403


def test_outsider_cannot_act_on_users(officer, signed_in, hub):
    other = UserFactory(username="nguoi.khac", agency=hub)
    client = signed_in(officer)
    assert (
        client.post(reverse("administration:user_deactivate", args=[other.pk]), {"reason": "x"}).status_code
        == 403
    )
    other.refresh_from_db()
    assert other.is_active


def test_user_list_queries_are_bounded(admin_client, django_assert_max_num_queries, hub):
    for i in range(30):
        UserFactory(username=f"u{i:02d}", agency=AgencyFactory(code=f"A{i:02d}"), roles=["officer", "clerk"])
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse("administration:user_list"))
    assert response.status_code == 200
