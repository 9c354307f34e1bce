"""Demo and synth loaders are registered by their apps (core/loaders.py) and run in the order they ask for."""

from __future__ import annotations

import pytest

from phoihop.core import loaders


def test_the_apps_register_their_loaders_in_dependency_order():
    assert [loader.name for loader in loaders.demo_loaders()] == ["people", "cases", "documents"]
    assert [loader.name for loader in loaders.synth_loaders()] == [
        "persons",
        "cases",
        "letters",
        "vetting",
        "discipline",
        "consultations",
    ]


def test_a_loader_runs_after_those_it_names(monkeypatch):
    monkeypatch.setattr(loaders, "_DEMO", {})
    loaders.register_demo("c", lambda: None, after=["b"])
    loaders.register_demo("a", lambda: None)
    loaders.register_demo("b", lambda: None, after=["a"])
    assert [loader.name for loader in loaders.demo_loaders()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="twice"):
        loaders.register_demo("a", lambda: None)
    loaders.register_demo("d", lambda: None, after=["nobody"])
    with pytest.raises(ValueError, match="nobody registered"):
        loaders.demo_loaders()


def test_loaders_waiting_for_each_other_are_refused(monkeypatch):
    monkeypatch.setattr(loaders, "_SYNTH", {})
    loaders.register_synth("x", lambda *a, **k: "", help="", after=["y"])
    loaders.register_synth("y", lambda *a, **k: "", help="", after=["x"])
    with pytest.raises(ValueError, match="wait for each other"):
        loaders.synth_loaders()
