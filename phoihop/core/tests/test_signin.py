"""Sign-in as a person does it: password, TOTP, lockout, enrolment, session expiry, disabled accounts."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.core import services
from phoihop.core.demo import current_code
from phoihop.core.middleware import SESSION_STARTED_KEY
from phoihop.core.tests.factories import TEST_PASSWORD, UserFactory, sign_in

pytestmark = pytest.mark.django_db


def test_password_then_totp_reaches_home_in_vietnamese(officer, client):
    sign_in(client, officer)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Việc của tôi" in body
    assert AuditEvent.objects.filter(action="auth.login", actor_id=officer.pk).count() == 1


def test_password_alone_does_not_sign_in(officer, client):
    client.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wrong_password_gets_vietnamese_message(officer, client):
    response = client.post(
        reverse("account_login"), {"login": officer.username, "password": "sai-mat-khau-roi"}
    )
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_name=officer.username).exists()


def test_wrong_totp_code_is_refused_in_vietnamese(officer, client):
    client.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    code, _ = current_code(officer.totp_secret)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    assert client.get("/").status_code == 302


def test_totp_code_cannot_be_replayed(officer):
    first, second = Client(), Client()
    sign_in(first, officer)
    second.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    code, _ = current_code(officer.totp_secret)
    response = second.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # same code again: refused


def test_lockout_after_repeated_failures(officer, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": officer.username, "password": "sai-mat-khau-roi"})
    response = client.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.lockout").exists()


def test_first_sign_in_without_authenticator_must_enrol_totp(hub, client):
    user = UserFactory(username="moi.vao", agency=hub, roles=["officer"], totp=False)
    response = client.post(reverse("account_login"), {"login": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()  # the QR code, inline, nothing external
    secret = client.session[SECRET_SESSION_KEY]
    code, _ = current_code(secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.mfa_added", actor_id=user.pk).exists()


def test_api_only_account_cannot_sign_in_on_the_web(hub, client):
    user = UserFactory(username="tich.hop", agency=hub, is_api_only=True)
    user.set_password(TEST_PASSWORD)
    user.save()
    response = client.post(reverse("account_login"), {"login": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Không tự đăng ký được" in response.content.decode()


def test_idle_expiry_is_fifteen_minutes(officer, client, settings):
    sign_in(client, officer)
    client.get("/")
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert 14 * 60 < client.session.get_expiry_age() <= 15 * 60


def _stored_expiry(client: Client) -> Any:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_slides_the_idle_expiry_with_at_most_one_write_a_minute(officer, client):
    """Each request of an active user keeps the session alive;
    it is re-saved only when a minute has passed."""
    from django.contrib.sessions.models import Session

    from phoihop.core.middleware import SESSION_TOUCHED_KEY

    sign_in(client, officer)
    client.get("/")
    session = client.session
    session[SESSION_TOUCHED_KEY] = time.time() - 120  # the last activity that saved it: two minutes ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=13)
    )
    client.get("/")
    slid = _stored_expiry(client)
    assert slid > timezone.now() + timedelta(minutes=14), (
        "activity after a minute must push the expiry forward"
    )
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [
        q for q in queries if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    assert _stored_expiry(client) == slid


def test_absolute_expiry_after_twelve_hours(officer, client):
    sign_in(client, officer)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.session_expired", actor_id=officer.pk).exists()


def test_disabling_an_account_signs_it_out_everywhere(officer, admin_user):
    browser = Client()
    sign_in(browser, officer)
    assert browser.get("/").status_code == 200
    services.user_set_active(actor=admin_user, user=officer, active=False, reason="Chuyển công tác")
    assert browser.get("/").status_code == 302
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.payload_data["sessions_ended"] == 1
    assert event.reason == "Chuyển công tác"


def test_english_interface_on_request(officer, client):
    sign_in(client, officer)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "My work" in body


def test_mfa_management_pages_render_in_vietnamese(officer, signed_in):
    client = signed_in(officer)
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert "Ứng dụng xác thực" in html and "Khóa bảo mật" in html  # TOTP, and WebAuthn allowed
    generate = client.get(reverse("mfa_generate_recovery_codes"))
    assert generate.status_code in (200, 302)
    sessions = client.get(reverse("usersessions_list"))
    assert sessions.status_code == 200 and "Phiên đăng nhập" in sessions.content.decode()


def test_recovery_code_signs_in_instead_of_totp(hub, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(username="mat.dien.thoai", agency=hub, roles=["officer"])
    codes = RecoveryCodes.activate(user).get_unused_codes()
    client.post(reverse("account_login"), {"login": user.username, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_csrf_failure_is_explained_in_vietnamese(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "Hãy tải lại trang" in response.content.decode()
