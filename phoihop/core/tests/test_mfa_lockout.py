"""Guessing the one-time code: failures are counted in a store every web worker shares, and the account locks
after as many failures as a password lockout allows, for as long."""

from __future__ import annotations

import contextlib

import pytest
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.test import Client
from django.urls import reverse

from phoihop.audit.models import AuditEvent
from phoihop.core.demo import current_code
from phoihop.core.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def another_process() -> None:
    """What the next request sees when another web worker (a process of its own) answers it: none of this
    process's memory — Django's local-memory cache keeps its entries in module globals — and a cache client of
    its own."""
    locmem._caches.clear()
    locmem._expire_info.clear()
    locmem._locks.clear()
    caches.close_all()
    with contextlib.suppress(AttributeError):  # no client built yet in this thread
        del caches["default"]


def wrong(user) -> str:
    code, _ = current_code(user.totp_secret)
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_failures_are_counted_across_processes_and_lock_the_account(officer, settings):
    limit = settings.AXES_FAILURE_LIMIT
    client = Client(REMOTE_ADDR="10.0.0.5")
    assert (
        client.post(
            reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD}
        ).status_code
        == 302
    )
    for _ in range(limit - 1):
        another_process()
        response = client.post(reverse("mfa_authenticate"), {"code": wrong(officer)})
        assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
    another_process()
    locked = client.post(reverse("mfa_authenticate"), {"code": wrong(officer)})
    assert locked.status_code == 429
    assert "nhập sai mã xác thực quá nhiều lần" in locked.content.decode()
    assert (
        AuditEvent.objects.filter(action="auth.mfa_failed", actor_id=officer.pk, outcome="failed").count()
        == limit
    )
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert lockout.actor_name == officer.username and lockout.outcome == "denied"
    assert lockout.payload_data == {"ip": "10.0.0.5", "step": "mfa", "failures": limit}

    # The sign-in in progress is over: even the right code does not finish it.
    another_process()
    code, _ = current_code(officer.totp_secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code in (302, 429)
    assert client.get("/").status_code == 302
    # The account is locked, not the address: the right password from elsewhere is refused too.
    elsewhere = Client(REMOTE_ADDR="10.0.0.99")
    another_process()
    refused = elsewhere.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    assert refused.status_code == 429 and "nhập sai mã xác thực quá nhiều lần" in refused.content.decode()
    assert elsewhere.get(reverse("mfa_authenticate")).status_code == 302  # never reached the code step
    assert AuditEvent.objects.filter(action="auth.lockout").count() >= 2


def test_a_right_code_resets_the_count(officer, settings):
    limit = settings.AXES_FAILURE_LIMIT
    client = Client()
    client.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    for _ in range(limit - 1):
        another_process()
        assert client.post(reverse("mfa_authenticate"), {"code": wrong(officer)}).status_code == 200
    code, _ = current_code(officer.totp_secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": officer.username, "password": TEST_PASSWORD})
    for _ in range(limit - 1):  # 2 × (limit − 1) failures in all, but never limit in a row
        another_process()
        assert client.post(reverse("mfa_authenticate"), {"code": wrong(officer)}).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.lockout").exists()


def test_without_redis_the_shared_cache_is_a_table_that_migrate_creates(settings):
    from django.core.management import call_command
    from django.db import connection

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert table in connection.introspection.table_names()


def test_guessing_at_re_authentication_locks_too_and_signs_out(officer, settings, signed_in):
    client = signed_in(officer)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        another_process()
        assert client.post(reverse("mfa_reauthenticate"), {"code": wrong(officer)}).status_code == 200
    another_process()
    assert client.post(reverse("mfa_reauthenticate"), {"code": wrong(officer)}).status_code == 429
    assert client.get("/").status_code == 302  # the session is over
    assert AuditEvent.objects.filter(action="auth.lockout", actor_name=officer.username).exists()
