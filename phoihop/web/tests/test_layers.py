"""The import graph of docs/architecture.md holds for every import of every module: module level or inside a
function, `import x`, `from x import y`, relative imports, and `importlib.import_module("…")` or Django's
`include("…")` with a literal name.

The graph is read from the code block under "Who may import whom" in docs/architecture.md, so the document is
the single source. What the graph does not allow is refused unless it is a named exemption below (importer,
imported app, reason); an exemption that no longer matches an import fails too, so the list cannot rot.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT.parent / "docs" / "architecture.md"
# Every directory of phoihop/ with an AppConfig is an app of the graph.
APPS = {p.parent.name for p in ROOT.glob("*/apps.py")}
# The project's own modules (phoihop/*.py) sit above every app: they may import only what an exemption names.
PROJECT = "project"
# beneath every app: any app may import them
LOW_MODULES = ("tabular.py", "textsafety.py", "conf.py", "navigation.py", "transactions.py")

# (importer: a dotted module or package prefix, imported app, why the graph does not hold there)
EXEMPTIONS: tuple[tuple[str, str, str], ...] = (
    *(
        (f"phoihop.{m}", app, "the project's URL maps assemble every app's routes")
        for m, apps in (
            (
                "urls",
                (
                    "web",
                    "core",
                    "audit",
                    "documents",
                    "cases",
                    "people",
                    "search",
                    "notify",
                    "letters",
                    "vetting",
                    "discipline",
                    "consultations",
                ),
            ),
            (
                "api_urls",
                (
                    "audit",
                    "cases",
                    "core",
                    "documents",
                    "notify",
                    "people",
                    "search",
                    "letters",
                    "vetting",
                    "discipline",
                    "consultations",
                ),
            ),
        )
        for app in apps
    ),
    *(
        ("phoihop.bench", app, "`phoihop bench` runs each app's benchmark")
        for app in ("audit", "documents", "people", "letters", "vetting")
    ),
    *(
        (
            "phoihop.pages_bench",
            app,
            "the pages benchmark builds a province's data in bulk and loads every list",
        )
        for app in ("audit", "cases", "core", "documents", "people", "search")
    ),
    ("phoihop.conftest", "core", "pytest's shared fixtures build agencies and users"),
    ("phoihop.audit.views", "access", "the auditor's pages restrict what an auditor sees"),
    ("phoihop.audit.api", "access", "the auditor's API restricts what an auditor sees"),
    ("phoihop.audit.disclosure", "access", "an event's content only to an auditor the policy lets see it"),
)


def _graph_from_doc() -> dict[str, set[str]]:
    """`app ───► a, b, c   (comment)` lines of the graph block; parenthesised remarks are not edges."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Who may import whom", 1)[1]
    block = section.split("```", 2)[1]
    graph: dict[str, set[str]] = {}
    for line in block.splitlines():
        match = re.match(r"^(\w+) ─+► (.*)$", line)
        if not match:
            continue
        app, rest = match.groups()
        rest = re.sub(r"\([^()]*\)", "", rest).split("(", 1)[0]  # remarks, closed or continued below
        names = {n.strip() for n in rest.split(",") if n.strip()}
        unknown = names - APPS
        assert not unknown, f"docs/architecture.md: {app} ► names no app {sorted(unknown)}"
        graph[app] = names
    return graph


GRAPH = _graph_from_doc()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str = "") -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import the module makes, wherever it stands."""
    module = (name or _module_name(path)).split(".")
    package = module if path.name == "__init__.py" else module[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            if node.module or node.level:
                yield node.lineno, base
                if not node.module:  # `from .. import cases`: the names are modules
                    for alias in node.names:
                        yield node.lineno, f"{base}.{alias.name}"
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__", "include") and node.args:  # include("app.urls") too
                arg = node.args[0]
                if isinstance(arg, ast.Tuple) and arg.elts:
                    arg = arg.elts[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield node.lineno, arg.value


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "phoihop":
        return None
    if len(parts) > 1 and parts[1] in APPS:
        return parts[1]
    return PROJECT


def _modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        if len(rel.parts) > 1 and rel.parts[0] not in APPS:  # locale, formats, … : no code of the graph
            continue
        yield path


def _exemption(importer: str, used: str) -> tuple[str, str, str] | None:
    for exemption in EXEMPTIONS:
        prefix, app, _ = exemption
        if app == used and (importer == prefix or importer.startswith(prefix + ".")):
            return exemption
    return None


def _crossings() -> Iterator[tuple[str, int, str, str]]:
    """(importer, line, imported module, imported app) for each import of another app."""
    for path in _modules():
        importer = _module_name(path)
        layer = _layer(importer)
        for line, name in _imports(path):
            used = _layer(name)
            if used is None or used in (PROJECT, layer):
                continue
            yield importer, line, name, used


def test_every_import_follows_the_graph_of_the_architecture_doc():
    wrong = []
    for importer, line, name, used in _crossings():
        layer = _layer(importer)
        allowed = GRAPH.get(layer, set()) if layer != PROJECT else set()
        if used not in allowed and _exemption(importer, used) is None:
            wrong.append(f"{importer}:{line} imports {name}")
    assert not wrong, "imports against docs/architecture.md (fix, or name an exemption):\n" + "\n".join(wrong)


def test_every_exemption_is_still_needed():
    used = {_exemption(importer, app) for importer, _, _, app in _crossings()}
    stale = [e for e in EXEMPTIONS if e not in used]
    assert not stale, f"exemptions no import needs any more: {stale}"


def test_nested_relative_and_dynamic_imports_are_seen(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n"
        "    from phoihop.cases import services\n"
        "    from ..people import models\n"
        "    import importlib\n"
        "    importlib.import_module('phoihop.documents.demo')\n",
        encoding="utf-8",
    )
    found = {name for _, name in _imports(sample, "phoihop.core.sample")}
    assert {"phoihop.cases", "phoihop.people", "phoihop.documents.demo"} <= found


def test_the_doc_names_every_app_and_the_graph_has_no_cycle():
    assert set(GRAPH) == APPS, f"docs/architecture.md graph lacks {sorted(APPS - set(GRAPH))}"

    def visit(app: str, stack: tuple[str, ...]) -> None:
        for dep in GRAPH[app]:
            if dep in stack:
                raise AssertionError(f"cycle: {' → '.join((*stack, dep))}")
            visit(dep, (*stack, dep))

    for app in APPS:
        visit(app, (app,))


def test_the_shared_low_modules_import_no_app_even_inside_a_function():
    wrong = [
        f"{name} imports {m}"
        for name in LOW_MODULES
        for _, m in _imports(ROOT / name)
        if m.startswith("phoihop.") and m.split(".")[1] in APPS
    ]
    assert not wrong, "; ".join(wrong)
