"""Settings come from PHOIHOP_* variables through typed parsers; production refuses unsafe defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from phoihop.conf import env_bool, env_int, env_list, parse_database_url, parse_email_url

ROOT = Path(__file__).resolve().parents[3]


def test_bool_parser():
    assert env_bool("X", default=False, environ={"X": "yes"}) is True
    assert env_bool("X", default=True, environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ImproperlyConfigured, match="PHOIHOP_X"):
        env_bool("PHOIHOP_X", default=False, environ={"PHOIHOP_X": "maybe"})


def test_int_and_list_parsers():
    assert env_int("X", default=5, environ={"X": "12"}) == 12
    with pytest.raises(ImproperlyConfigured, match="số nguyên"):
        env_int("X", default=5, environ={"X": "mười"})
    with pytest.raises(ImproperlyConfigured):
        env_int("X", default=5, minimum=1, environ={"X": "0"})
    assert env_list("X", default=["a"], environ={"X": "h1, h2 ,"}) == ["h1", "h2"]


def test_database_url():
    db = parse_database_url("postgres://u:p%40ss@db.lan:5433/phoihop?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "phoihop",
        "u",
        "p@ss",
        "db.lan",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require", "options": "-c jit=off"}
    assert parse_database_url("postgres://h/d?options=-c%20jit%3Don")["OPTIONS"] == {"options": "-c jit=on"}
    assert parse_database_url("postgres://h/d?options=-c%20work_mem%3D8MB")["OPTIONS"] == {
        "options": "-c work_mem=8MB -c jit=off"
    }
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("mysql://x/y")
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("postgres://host/")


def test_email_url():
    assert parse_email_url("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = parse_email_url("smtp://a:b@mail.lan:587?tls=1")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == ("mail.lan", 587, True)
    with pytest.raises(ImproperlyConfigured):
        parse_email_url("pigeon://x")


def _django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    ignored = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PHOIHOP_") and k not in ignored}
    clean.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_is_a_clear_error(tmp_path):
    result = _django(["check"], {"PHOIHOP_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "PHOIHOP_SECRET_KEY" in result.stderr and "production" in result.stderr


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        "PHOIHOP_DATA_DIR": str(tmp_path),
        "PHOIHOP_SECRET_KEY": "k" * 20 + "Zx9-" * 10,
        "PHOIHOP_ALLOWED_HOSTS": "phoihop.lan",
        "PHOIHOP_ENCRYPTION_KEY": "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
    }
    result = _django(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_or_with_a_wrong_encryption_key_is_a_clear_error(tmp_path):
    env = {
        "PHOIHOP_DATA_DIR": str(tmp_path),
        "PHOIHOP_SECRET_KEY": "k" * 20 + "Zx9-" * 10,
        "PHOIHOP_ALLOWED_HOSTS": "phoihop.lan",
    }
    missing = _django(["check"], env)
    assert missing.returncode != 0 and "PHOIHOP_ENCRYPTION_KEY is not set" in missing.stderr
    first = _django(
        ["check"], {**env, "PHOIHOP_ENCRYPTION_KEY": "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY="}
    )
    assert first.returncode == 0, first.stderr  # the data directory now remembers the key
    wrong = _django(
        ["check"], {**env, "PHOIHOP_ENCRYPTION_KEY": "WllYV1ZVVFNSUVBPTk1MS0pJSEdGRURDQkF6eXh3dnU="}
    )
    assert wrong.returncode != 0 and "cannot open the attachments" in wrong.stderr
    short = _django(["check"], {**env, "PHOIHOP_ENCRYPTION_KEY": "c2hvcnQ="})
    assert short.returncode != 0 and "32 bytes" in short.stderr


ENTRY_POINTS = {
    "phoihop": lambda: [str(Path(sys.executable).parent / "phoihop"), "check"],
    "manage.py": lambda: [sys.executable, str(ROOT / "manage.py"), "check"],
    "serve": lambda: [
        str(Path(sys.executable).parent / "phoihop"),
        "serve",
        "--no-worker",
        "--bind",
        "127.0.0.1:0",
    ],
    "wsgi": lambda: [sys.executable, "-c", "import phoihop.wsgi"],
}


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize("variable", ["PHOIHOP_WEB_WORKERS=abc", "PHOIHOP_SESSION_IDLE_MINUTES=mười"])
def test_a_malformed_variable_stops_every_entry_point_with_the_message_alone(tmp_path, entry, variable):
    """No Python traceback before the message: an operator reads one bilingual line and a non-zero exit."""
    name, value = variable.split("=")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PHOIHOP_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env |= {"PHOIHOP_DEMO": "1", "PHOIHOP_DATA_DIR": str(tmp_path), name: value}
    result = subprocess.run(
        ENTRY_POINTS[entry](), env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert f"{name}={value!r} không hợp lệ" in result.stderr and "is invalid" in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr  # the message alone


def test_a_demo_data_directory_stays_in_demo_mode_for_every_command(tmp_path):
    """Issue 13: after `make run` prepared the data directory (PHOIHOP_DEMO=1 migrate, demo), the README's
    `phoihop demo otp USERNAME` and `phoihop token create USERNAME` work as printed, without PHOIHOP_DEMO=1 in
    front; the code and the token are alone on the last line. A data directory not made in demo mode, or an
    explicit PHOIHOP_DEMO=0, is production as before."""
    demo_dir = {"PHOIHOP_DATA_DIR": str(tmp_path / "demo")}
    for args in (["migrate", "--noinput"], ["demo"]):
        prepared = _django(args, {**demo_dir, "PHOIHOP_DEMO": "1"})
        assert prepared.returncode == 0, prepared.stderr
    otp = _django(["demo", "otp", "btc.chuyenvien"], demo_dir)
    assert otp.returncode == 0, otp.stderr
    lines = otp.stdout.strip().splitlines()
    assert len(lines[-1]) == 6 and lines[-1].isdigit() and "btc.chuyenvien" in lines[-2]
    token = _django(["token", "create", "api.ca"], demo_dir)
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().splitlines()[-1].startswith("ph_")
    assert _django(["audit", "verify"], demo_dir).returncode == 0

    explicit = _django(["demo", "otp", "btc.chuyenvien"], {**demo_dir, "PHOIHOP_DEMO": "0"})
    assert explicit.returncode != 0 and "PHOIHOP_SECRET_KEY" in explicit.stderr
    production = {
        "PHOIHOP_DATA_DIR": str(tmp_path / "prod"),
        "PHOIHOP_SECRET_KEY": "s" * 60,
        "PHOIHOP_ENCRYPTION_KEY": "cGhvaWhvcC10ZXN0cy1vbmx5LWVuY3J5cHRpb24tayE=",
    }
    refused = _django(["demo", "otp", "btc.chuyenvien"], production)
    assert refused.returncode != 0 and "chế độ vận hành" in refused.stderr
    assert not (tmp_path / "prod" / "DEMO").exists()


def test_the_background_worker_prints_each_line_once(tmp_path):
    """Issue 13: every line of the worker that `phoihop serve` starts was printed twice (huey's own handler,
    and again by the root handler it propagated to)."""
    ignored = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOIHOP_") and k not in ignored}
    env.update({"PHOIHOP_DATA_DIR": str(tmp_path), "PHOIHOP_DEMO": "1"})
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "1", "--no-periodic"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert worker.stdout is not None
        for line in worker.stdout:  # ends when the worker has said which commands it runs
            lines.append(line.rstrip())
            if "The following commands are available" in line:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    started = [line for line in lines if "Huey consumer started" in line]
    assert len(started) == 1, lines
    assert started[0].startswith("[") and "INFO:huey.consumer" in started[0]
