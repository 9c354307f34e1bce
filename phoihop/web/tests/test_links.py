"""Links are built with `reverse()` and `{% url %}`, never by hand: a path spelled out in code breaks silently
when a route moves (issue 14). Prefix checks on `request.path` are not links and stay plain strings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.urls import get_resolver

ROOT = Path(__file__).resolve().parents[2]


def _first_segments() -> set[str]:
    """The first path segment of every route the site serves ("cases", "persons", "api", …)."""
    found = set()
    for pattern in get_resolver().url_patterns:
        for sub in getattr(pattern, "url_patterns", [pattern]):
            text = str(pattern.pattern) + str(sub.pattern) if sub is not pattern else str(pattern.pattern)
            segment = re.split(r"[/<^$]", text.lstrip("^"), maxsplit=1)[0]
            if segment:
                found.add(segment)
    return found


def _code() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if "tests" not in p.parts and "migrations" not in p.parts]


def test_no_python_code_builds_a_link_by_hand():
    segments = "|".join(map(re.escape, sorted(_first_segments())))
    hand = re.compile(rf"^/({segments})/.")
    wrong = []
    for path in _code():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            start = None
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                start = node.values[0].value
            elif (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Constant)
            ):
                start = node.left.value
            if isinstance(start, str) and (
                hand.match(start) or (start.count("/") == 2 and hand.match(start + "x"))
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "build these links with reverse(): " + ", ".join(wrong)


def test_no_template_writes_a_link_by_hand():
    segments = "|".join(map(re.escape, sorted(_first_segments())))
    hand = re.compile(rf"""(href|action|hx-get|hx-post|src)=["']/({segments})/""")
    wrong = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in sorted(ROOT.rglob("templates/**/*.html"))
        for text in [path.read_text(encoding="utf-8")]
        for m in hand.finditer(text)
    ]
    assert not wrong, "write these links with {% url %}: " + ", ".join(wrong)
