"""The kind registry: specs are validated when registered (at start-up), and the engine reads everything
per kind from them — the general kind exactly as before."""

from __future__ import annotations

import dataclasses

import pytest
from django.core import checks

from phoihop.cases import kinds
from phoihop.cases.apps import kinds_check
from phoihop.cases.kinds import KindError, KindSpec, Step, get_kind, register_kind, unregister_kind
from phoihop.cases.workflow import Transition, Workflow
from phoihop.general.kind import SPEC as GENERAL


def spec(**changes) -> KindSpec:
    flow = Workflow(
        kind="extra",
        initial="a",
        states={"a": "A", "b": "B"},
        transitions=(Transition("go", "Go", "a", "b", ("leader",)),),
        final=frozenset({"b"}),
    )
    base = KindSpec(
        code="extra", label="Extra", prefix="EX", workflow=flow, steps=(Step("case", "Case", 10),)
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture
def cleanup():
    yield
    unregister_kind("extra")


def test_the_general_kind_is_registered_from_its_app_as_before():
    general = get_kind("general")
    assert general is GENERAL and general.prefix == "PH" and general.final == {"concluded", "withdrawn"}
    assert [s.code for s in general.steps] == ["case", "verify", "information", "opinion"]
    assert [(s.days, s.unit) for s in general.steps] == [
        (30, "working"),
        (10, "working"),
        (10, "working"),
        (7, "working"),
    ]
    assert general.request_kinds == ("verify", "information", "opinion")
    assert kinds.default_code() == "general"
    assert kinds_check() == []


def test_a_valid_spec_registers_and_appears_in_the_choices(cleanup):
    register_kind(spec())
    assert ("extra", "Extra") in kinds.choices() and kinds.final_states()["extra"] == {"b"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "other"}, "workflow says"),
        ({"prefix": "PH"}, "already 'general'"),
        ({"prefix": "E-X"}, "prefix"),
        ({"code": "x" * 21}, "code"),
        ({"request_kinds": ("gossip",)}, "unknown request kinds"),
        ({"request_kinds": ("verify",)}, "no deadline step"),
        ({"steps": (Step("case", "Case", 10), Step("case", "Case", 5))}, "twice"),
        ({"steps": (Step("appeal", "Appeal", 10),)}, "neither"),
        ({"steps": (Step("case", "Case", 0),)}, "1–365"),
        ({"details_form": object}, "details model"),
        ({"workflow": Workflow(kind="extra", initial="a", states={"a": "A", "b": "B"})}, "unreachable"),
        (
            {"workflow": Workflow(kind="extra", initial="a", states={"a": "A"}, final=frozenset({"z"}))},
            "final",
        ),
    ],
)
def test_an_invalid_spec_is_refused_at_registration(changes, message, cleanup):
    with pytest.raises(KindError, match=message):
        register_kind(spec(**changes))
    assert "extra" not in dict(kinds.choices())


def test_registering_twice_is_refused(cleanup):
    register_kind(spec())
    with pytest.raises(KindError, match="twice"):
        register_kind(spec(prefix="EY"))


def test_the_start_up_check_reports_an_empty_registry(monkeypatch):
    monkeypatch.setattr(kinds, "_REGISTRY", {})
    assert [m.id for m in kinds_check()] == ["cases.E001"]
    assert all(isinstance(m, checks.Error) for m in kinds_check())
