"""Typed parsers for the PHOIHOP_* environment variables (the only place settings read the environment)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "có"}
# sysexits.h EX_CONFIG: what a service manager reads as "configuration error, do not restart blindly".
EXIT_CONFIG = 78
_FALSE = {"0", "false", "no", "off", "không", ""}


def _fail(name: str, value: str, expected: str, expected_en: str = "") -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"Biến môi trường {name}={value!r} không hợp lệ: cần {expected}. "
        f"(Environment variable {name}={value!r} is invalid: expected {expected_en or expected}.)"
    )


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default).strip()


def env_bool(name: str, *, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    raw = env_str(name, "", environ).lower()
    if name not in (os.environ if environ is None else environ):
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise _fail(name, raw, "1/0, true/false, yes/no")


def env_int(
    name: str, *, default: int, minimum: int | None = None, environ: Mapping[str, str] | None = None
) -> int:
    raw = env_str(name, "", environ)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _fail(name, raw, "một số nguyên", "an integer") from None
    if minimum is not None and value < minimum:
        raise _fail(name, raw, f"số nguyên ≥ {minimum}", f"an integer ≥ {minimum}")
    return value


def env_list(name: str, *, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    raw = env_str(name, "", environ)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, *, default: str, environ: Mapping[str, str] | None = None) -> Path:
    return Path(env_str(name, default, environ) or default).expanduser().resolve()


def parse_database_url(url: str, *, name: str = "PHOIHOP_DATABASE_URL") -> dict[str, object]:
    """PostgreSQL URL → Django DATABASES entry. Only PostgreSQL is accepted besides the SQLite default."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise _fail(name, url, "postgres://user:password@host:5432/database")
    db_name = unquote(parts.path.lstrip("/"))
    if not db_name:
        raise _fail(name, url, "tên cơ sở dữ liệu sau dấu /", "a database name after the /")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    # No plan of ours needs the JIT: a 0.2 ms query whose estimated cost crosses jit_above_cost paid 30 ms of
    # compilation (issue 15). Off for every connection unless the URL's own `options` says otherwise.
    if "jit" not in options.get("options", ""):
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db_name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def parse_email_url(url: str, *, name: str = "PHOIHOP_EMAIL_URL") -> dict[str, object]:
    """smtp://user:pass@host:587?tls=1, smtps://…, console:// or file:///path → EMAIL_* settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise _fail(name, url, "smtp://user:password@host:port")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", "0").lower() in _TRUE,
        }
    raise _fail(
        name,
        url,
        "smtp://, smtps://, console:// hoặc file:///đường/dẫn",
        "smtp://, smtps://, console:// or file:///path",
    )


@contextmanager
def config_errors_reported(exit_code: int = EXIT_CONFIG) -> Iterator[None]:
    """Around an entry point (the `phoihop` script, manage.py, the WSGI module): a configuration error prints
    its message alone — already complete, in Vietnamese and English — and exits non-zero. A traceback in front
    of it buries the one line the operator needs. Every ImproperlyConfigured is a configuration problem by
    Django's definition (ours name the variable and the expected form)."""
    try:
        yield
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"{exc}\n")
        sys.stderr.flush()
        raise SystemExit(exit_code) from None
