"""The import graph of docs/architecture.md holds: no app imports a higher layer at module level (function-level
imports in management commands and demo loaders, which orchestrate apps, are the documented exception)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {"web", "documents", "general", "cases", "notify", "people", "search", "core", "access", "audit"}
ALLOWED = {
    "web": {"notify", "documents", "cases", "people", "search", "core", "access", "audit"},
    "documents": {"cases", "people", "search", "core", "access", "audit"},
    "general": {"cases", "people", "core", "access", "audit"},  # a case kind: registers its spec with cases
    "cases": {"people", "search", "notify", "core", "access", "audit"},
    "people": {"search", "notify", "core", "access", "audit"},
    "notify": {"access", "core", "audit"},
    "search": {"audit"},
    "core": {"access", "audit"},
    "access": {"audit"},
    "audit": {
        "access"
    },  # only the auditor's pages and API (audit/views.py, audit/api/) restrict through access
}


def _module_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "phoihop" and len(parts) > 1 and parts[1] in APPS:
                found.add(parts[1])
    return found


def test_no_app_imports_a_higher_layer():
    wrong = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT / app)
            if rel.parts[0] == "tests" or rel.parts[0] == "migrations":
                continue
            for used in _module_level_imports(path) - {app}:
                if used not in ALLOWED[app]:
                    wrong.append(f"{app}/{rel} imports {used}")
    assert not wrong, "imports against docs/architecture.md: " + "; ".join(sorted(wrong))


def test_the_allowed_graph_has_no_cycle():
    seen: dict[str, int] = {}

    def visit(app: str, stack: tuple[str, ...]) -> None:
        for dep in ALLOWED[app]:
            if dep in stack and {app, dep} != {"audit", "access"}:
                raise AssertionError(f"cycle: {' → '.join((*stack, dep))}")
            if dep not in stack and seen.get(dep, 0) < 1:
                seen[dep] = 1
                visit(dep, (*stack, dep))

    for app in APPS:
        visit(app, (app,))


LOW_MODULES = ("tabular.py", "textsafety.py", "conf.py")  # beneath every app: any app may import them


def test_the_shared_low_modules_import_no_app_even_inside_a_function():
    wrong = []
    for name in LOW_MODULES:
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            modules += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            wrong += [
                f"{name} imports {m}" for m in modules if m.startswith("phoihop.") and m.split(".")[1] in APPS
            ]
    assert not wrong, "; ".join(wrong)
