"""Shared pytest fixtures: agencies, users with enrolled TOTP, and a real MFA sign-in helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from phoihop.core.tests.factories import AgencyFactory, UserFactory, sign_in


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> None:
    """TOTP codes are single-use through the cache; rate limits and the MFA lockout live there too. The cache
    is a table of the test database (as in production without Redis), so only a test with database access has
    one; rows committed by a transactional test would otherwise outlive it."""
    if request.node.get_closest_marker("django_db") or "_django_db_helper" in request.fixturenames:
        # pytest-django's own fixture: database access starts here
        request.getfixturevalue("_django_db_helper")
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_calendar_windows() -> None:
    # A test's calendar days are rolled back without a signal: the next test must not see their windows.
    from phoihop.core.calendar import forget_windows

    forget_windows()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request in English leaves English active in the thread; every test starts in Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _own_audit_files(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Each test signs into its own checkpoint file with its own key: a file or key left in ./var by `make run`
    # (or by another test) would describe another chain, and whether a key exists decides what `audit verify`
    # expects.
    where = tmp_path_factory.mktemp("audit")
    settings.AUDIT_SIGNING_KEY_FILE = where / "keys" / "audit-signing.pem"
    settings.AUDIT_CHECKPOINT_FILE = where / "audit" / "checkpoints.jsonl"


@pytest.fixture
def hub(db: Any) -> Any:
    return AgencyFactory(code="BTC", name="Ban Tổ chức Tỉnh ủy Thử nghiệm", kind="party_board", is_hub=True)


@pytest.fixture
def partner(db: Any) -> Any:
    return AgencyFactory(code="CA", name="Công an tỉnh Thử nghiệm", kind="police")


@pytest.fixture
def admin_user(hub: Any) -> Any:
    return UserFactory(username="quantri", agency=hub, roles=["admin"], clearance=2)


@pytest.fixture
def officer(hub: Any) -> Any:
    return UserFactory(username="chuyenvien", agency=hub, roles=["officer"], clearance=1)


@pytest.fixture
def signed_in() -> Callable[..., Client]:
    """Sign a user in through the real password + TOTP flow and return the client."""

    def _sign_in(user: Any, client: Client | None = None) -> Client:
        client = client or Client()
        sign_in(client, user)
        return client

    return _sign_in


def _needs_tools(
    config: pytest.Config,
    items: list[pytest.Item],
    *,
    marker: str,
    present: bool,
    required_by: str,
    what: str,
) -> None:
    """Tests needing OS tools run when the tools are there. Without them a developer's `make test` deselects
    them and says so; with `required_by`=1 (set by `make e2e` and `.ci/run`) it fails instead, so CI can never
    pass them silently. They are never skipped."""
    import os

    if present:
        return
    if os.environ.get(required_by) == "1":
        raise pytest.UsageError(f"{what} ({required_by}=1).")
    needing = [item for item in items if item.get_closest_marker(marker)]
    if needing:
        items[:] = [item for item in items if not item.get_closest_marker(marker)]
        config.hook.pytest_deselected(items=needing)
        print(f"\nphoihop: {len(needing)} {marker} tests deselected: {what}.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    import os
    import shutil

    _needs_tools(
        config,
        items,
        marker="e2e",
        required_by="PHOIHOP_E2E_REQUIRED",
        present=bool(os.environ.get("PHOIHOP_CHROMIUM") or shutil.which("chromium")),
        what="browser tests need Debian's chromium (apt-get install chromium)",
    )
    _needs_tools(
        config,
        items,
        marker="ocr",
        required_by="PHOIHOP_OCR_REQUIRED",
        present=bool(shutil.which("tesseract") and shutil.which("pdftoppm")),
        what="OCR tests need Debian's tesseract-ocr, tesseract-ocr-vie and poppler-utils",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Expand LeakTests subclasses into one test per persona × endpoint (see phoihop.access.testing)."""
    if "leak_case" in metafunc.fixturenames and metafunc.cls is not None:
        cases = metafunc.cls.leak_cases()
        metafunc.parametrize("leak_case", cases, ids=[f"{p.name}-{e.name}" for p, e in cases])
