"""Each app declares its own audit event types (`<app>/audit_events.py`); audit/registry.py keeps only the
audit's own (issue 14): the audit stops owning every app's vocabulary."""

from __future__ import annotations

import importlib

from phoihop.audit import registry

APPS = ("core", "access", "cases", "people", "documents", "letters", "vetting", "discipline", "consultations")


def _declared(module: object) -> set[str]:
    return {v.code for v in vars(module).values() if isinstance(v, registry.EventType)}


def test_the_audit_declares_only_its_own_types_and_the_apps_the_rest():
    own = _declared(registry)
    assert own == {
        "record.read",
        "search",
        "export",
        "access.denied",
        "audit.checkpoint",
        "audit.prune",
        "audit.verify",
    }
    by_app = {app: _declared(importlib.import_module(f"phoihop.{app}.audit_events")) for app in APPS}
    declared = [own, *by_app.values()]
    assert sum(len(codes) for codes in declared) == len(set().union(*declared))  # no type declared twice
    assert set().union(*declared) == {t.code for t in registry.all_types()}  # and none elsewhere
    assert {"auth.login", "user.create", "demo.load"} <= by_app["core"]
    assert {"case.open", "request.send"} <= by_app["cases"] and "person.create" in by_app["people"]
