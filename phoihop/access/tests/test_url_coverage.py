"""Every object URL of the URL configuration is proven by a generated leak test, and every write on one by a
refused-write test: a new page or API route cannot ship without saying who may reach it and who may not."""

from __future__ import annotations

from phoihop.access.testing import (
    WRITE_METHODS,
    allowed_methods,
    covered_routes,
    leak_test_classes,
    object_routes,
    written_routes,
)

# route → why no leak test requests it. Every exemption names its reason; none is needed today.
EXEMPT: dict[str, str] = {}


def test_every_object_url_appears_in_a_leak_test():
    routes = {r.route: r for r in object_routes()}
    covered = covered_routes(leak_test_classes())
    missing = sorted(f"{routes[r].name}: {r}" for r in routes if r not in covered and r not in EXEMPT)
    assert not missing, (
        "object URLs no LeakTests endpoint requests (add one, or exempt with a reason):\n"
        + "\n".join(missing)
    )
    stale = sorted(set(EXEMPT) - set(routes))
    assert not stale, f"exemptions of routes that are no longer object URLs: {stale}"


def test_every_write_on_an_object_url_is_refused_identically_somewhere():
    """For each object URL answering POST, PUT, PATCH or DELETE, a WRITE endpoint sends each of those methods
    (run for every persona who may not see the object: same answer as for a missing object, nothing
    changed)."""
    written = written_routes(leak_test_classes())
    missing = []
    for route in object_routes():
        wanted = allowed_methods(route.callback) & WRITE_METHODS
        if route.route in EXEMPT:
            continue
        if wanted - written.get(route.route, set()):
            missing.append(f"{route.name}: {route.route} {sorted(wanted - written.get(route.route, set()))}")
    assert not missing, "object URLs whose writes no refused-write test sends:\n" + "\n".join(sorted(missing))


def test_the_coverage_counts_what_it_should():
    """The route enumeration sees pages and API routes alike (with DRF's format twins folded in), and the
    collection finds the leak classes of every app."""
    names = {r.name for r in object_routes()}
    assert {"cases:case_detail", "api:case-detail", "api:person-detail", "documents:download"} <= names
    assert "api:case-list" not in names and "documents:registers" not in names
    assert allowed_methods(next(r for r in object_routes() if r.name == "cases:case_link").callback) == {
        "POST"
    }
    classes = {c.__module__.split(".")[1] for c in leak_test_classes()}
    assert {"cases", "documents", "people", "core", "audit", "notify"} <= classes
