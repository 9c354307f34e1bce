"""Demo and synthetic-data loaders, registered by the app that owns the data (from its `AppConfig.ready()`).

`phoihop demo` loads core's agencies and users, then every registered demo loader in order; `phoihop synth`
offers one `--<name> N` option per registered synth loader. Core thereby never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[], Any]
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class SynthLoader:
    """`generate(count, *, hub, options, stdout, stderr)` makes `count` fictional rows for `phoihop synth
    --<name>` and returns the line that says what it made; `options` are the command's options (seed, batch,
    …)."""

    name: str
    help: str
    generate: Callable[..., str]
    after: tuple[str, ...] = ()


_DEMO: dict[str, DemoLoader] = {}
_SYNTH: dict[str, SynthLoader] = {}


def register_demo(name: str, load: Callable[[], Any], *, after: Iterable[str] = ()) -> None:
    if name in _DEMO:
        raise ValueError(f"demo loader {name!r} is registered twice")
    _DEMO[name] = DemoLoader(name, load, tuple(after))


def register_synth(name: str, generate: Callable[..., str], *, help: str, after: Iterable[str] = ()) -> None:
    if name in _SYNTH:
        raise ValueError(f"synth loader {name!r} is registered twice")
    _SYNTH[name] = SynthLoader(name, help, generate, tuple(after))


L = TypeVar("L", DemoLoader, SynthLoader)


def _ordered(loaders: dict[str, L]) -> list[L]:
    """Registration order, except that a loader comes after the loaders it names in `after`."""
    done: dict[str, L] = {}

    def visit(loader: L, stack: tuple[str, ...]) -> None:
        if loader.name in done:
            return
        for name in loader.after:
            if name in stack:
                raise ValueError(f"loaders wait for each other: {' → '.join((*stack, name))}")
            if name not in loaders:
                raise ValueError(f"loader {loader.name!r} comes after {name!r}, which nobody registered")
            visit(loaders[name], (*stack, name))
        done[loader.name] = loader

    for loader in loaders.values():
        visit(loader, (loader.name,))
    return list(done.values())


def demo_loaders() -> list[DemoLoader]:
    return _ordered(_DEMO)


def synth_loaders() -> list[SynthLoader]:
    return _ordered(_SYNTH)
