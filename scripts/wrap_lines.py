"""Brings every Python line within the project's line length, without changing what the code does.

Run it after merging or whenever `ruff check` reports E501:

    .venv/bin/python scripts/wrap_lines.py --check-ast            # phoihop/ and scripts/
    .venv/bin/python scripts/wrap_lines.py --check-ast some/file.py

It (1) removes trailing `# fmt: skip` markers, (2) runs `ruff format`, (3) splits overlong string literals
into adjacent literals at spaces (f-strings too; a gettext msgid stays identical because the compiler and
xgettext both join adjacent literals), adding parentheses where the literal is not inside brackets,
(4) rewraps overlong `#` comments and docstring lines, moving an overlong trailing comment above its line,
and (5) runs `ruff format` again, repeating (3)-(5) until nothing changes. The overlong lines are the ones
`ruff check --select E501` reports, so the tool and the linter agree on what "too long" means. A second run
changes nothing. `--check-ast` compares every module's AST before and after (implicitly concatenated strings
are joined by the parser; docstrings are compared with their whitespace collapsed) and fails if anything
else changed. Lines it cannot split (a long word, URL or regex) are listed at the end.
Standard library only; `ruff` is taken from the running interpreter's environment.
"""

from __future__ import annotations

import argparse
import ast
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import tokenize
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ("phoihop", "scripts")
MAX_ROUNDS = 12
# A string shorter than this is not worth splitting: the line is long for another reason.
MIN_SPLIT_WIDTH = 16
PRAGMA = re.compile(r"#\s*(noqa|type:|pragma|pyright:|mypy:|fmt:|isort:|nosec|pylint:|ruff:)", re.IGNORECASE)
FMT_SKIP = re.compile(r"\s*#\s*fmt:\s*skip\s*$")
LIST_MARKER = re.compile(r"([-*•]|\d+[.)]|[a-z][.)])\s")
STRING_PREFIX = re.compile(r"^([A-Za-z]*)('''|\"\"\"|'|\")")
FSTRING_START = getattr(tokenize, "FSTRING_START", None)
FSTRING_END = getattr(tokenize, "FSTRING_END", None)
OPENING, CLOSING = "([{", ")]}"


# Measuring


def width(text: str) -> int:
    """Display width as ruff measures it: combining marks take no column, wide East Asian characters two."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


def configured_line_length() -> int:
    import tomllib

    with (REPO / "pyproject.toml").open("rb") as handle:
        return int(tomllib.load(handle).get("tool", {}).get("ruff", {}).get("line-length", 88))


# ruff


def ruff_executable() -> str:
    candidate = Path(sys.executable).parent / "ruff"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("ruff")
    if not found:
        raise SystemExit("wrap_lines: ruff is not installed (make install)")
    return found


def python_files(paths: Sequence[str]) -> list[Path]:
    """The files ruff itself would check under the paths, so its excludes (migrations, …) apply."""
    result = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
        [ruff_executable(), "check", "--show-files", "--force-exclude", *paths],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(Path(line) for line in result.stdout.splitlines() if line.endswith(".py"))


def ruff_format(files: Iterable[Path], line_length: int) -> None:
    names = [str(path) for path in files]
    if names:
        done = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
            [ruff_executable(), "format", "--quiet", "--line-length", str(line_length), *names], check=False
        )
        if done.returncode:
            print("wrap_lines: ruff format reported errors (above)", file=sys.stderr)


def moved_noqa(files: Iterable[Path]) -> list[str]:
    """`# noqa` comments that reformatting left on a line other than the one they silence (RUF100)."""
    names = [str(path) for path in files]
    if not names:
        return []
    result = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
        [
            ruff_executable(),
            "check",
            "--extend-select",
            "RUF100",
            "--output-format",
            "json",
            "--exit-zero",
            *names,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        f"{_show(Path(item['filename']))}:{item['location']['row']}: {item['message']}"
        for item in json.loads(result.stdout or "[]")
        if item["code"] == "RUF100"
    ]


def overlong_lines(files: Iterable[Path], line_length: int) -> dict[Path, list[int]]:
    """Line numbers (1-based) that `ruff check --select E501` reports, by file."""
    names = [str(path) for path in files]
    if not names:
        return {}
    result = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
        [
            ruff_executable(),
            "check",
            "--select",
            "E501",
            "--line-length",
            str(line_length),
            "--output-format",
            "json",
            "--no-cache",
            "--exit-zero",
            *names,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[Path, list[int]] = {}
    for item in json.loads(result.stdout or "[]"):
        found.setdefault(Path(item["filename"]), []).append(item["location"]["row"])
    return {path: sorted(set(rows)) for path, rows in found.items()}


# Step 1: `# fmt: skip`


def remove_fmt_skip(source: str) -> str:
    """Drops every trailing `# fmt: skip` comment (found by the tokenizer, so never inside a string)."""
    rows = set()
    for token in _tokens(source):
        if token.type == tokenize.COMMENT and FMT_SKIP.fullmatch(token.string):
            rows.add(token.start[0])
    if not rows:
        return source
    lines = source.splitlines(keepends=True)
    for row in rows:
        line = lines[row - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        lines[row - 1] = FMT_SKIP.sub("", body).rstrip() + ending
    return "".join(lines)


# Step 3: strings


@dataclass(frozen=True)
class StringToken:
    row: int
    start: int  # column (code points) of the prefix
    end_row: int
    end: int
    text: str
    depth: int  # bracket depth around the literal
    previous: tokenize.TokenInfo | None  # the significant tokens around it
    following: tokenize.TokenInfo | None
    first: int  # its first and last index among the significant tokens
    last: int


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def string_tokens(source: str) -> list[StringToken]:
    """Every string literal token (an f-string's tokens joined on Python 3.12+), in order."""
    tokens = _tokens(source)
    significant = [
        t for t in tokens if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT)
    ]
    lines = source.splitlines(keepends=True)
    found: list[StringToken] = []
    depth = 0
    index = 0
    while index < len(significant):
        token = significant[index]
        end_index = index + 1
        if FSTRING_START is not None and token.type == FSTRING_START:
            # Python 3.12+: an f-string is several tokens; take the whole span.
            nesting = 1
            while nesting:
                if significant[end_index].type == FSTRING_START:
                    nesting += 1
                elif significant[end_index].type == FSTRING_END:
                    nesting -= 1
                end_index += 1
        elif token.type != tokenize.STRING:
            if token.type == tokenize.OP and token.string in OPENING:
                depth += 1
            elif token.type == tokenize.OP and token.string in CLOSING:
                depth -= 1
            index += 1
            continue
        last = significant[end_index - 1]
        one_line = token.start[0] == last.end[0]
        found.append(
            StringToken(
                row=token.start[0],
                start=token.start[1],
                end_row=last.end[0],
                end=last.end[1],
                text=lines[token.start[0] - 1][token.start[1] : last.end[1]] if one_line else "",
                depth=depth,
                previous=significant[index - 1] if index else None,
                following=significant[end_index] if end_index < len(significant) else None,
                first=index,
                last=end_index - 1,
            )
        )
        index = end_index
    return found


def concatenations(source: str) -> list[list[StringToken]]:
    """The string literals grouped into runs of implicitly concatenated literals."""
    runs: list[list[StringToken]] = []
    for token in string_tokens(source):
        if runs and runs[-1][-1].last + 1 == token.first:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def join_literals(run: Sequence[StringToken]) -> str | None:
    """One literal with the value of the run, or None when
    they do not join simply (prefixes, quotes, octal)."""
    parts = []
    for token in run:
        match = STRING_PREFIX.match(token.text)
        if not token.text or not match or len(match.group(2)) == 3:
            return None
        prefix, quote = match.groups()
        body = token.text[len(prefix) + 1 : -1]
        if re.search(r"\\[0-7]", body):
            return None
        parts.append((prefix, quote, body))
    kinds = {(prefix.lower().replace("f", ""), quote) for prefix, quote, _body in parts}
    if len(kinds) != 1:
        return None
    fstring = next((prefix for prefix, _quote, _body in parts if "f" in prefix.lower()), None)
    if fstring is None:
        return parts[0][0] + parts[0][1] + "".join(body for _p, _q, body in parts) + parts[0][1]
    bodies = [
        body if "f" in prefix.lower() else body.replace("{", "{{").replace("}", "}}")
        for prefix, _q, body in parts
    ]
    return fstring + parts[0][1] + "".join(bodies) + parts[0][1]


def _is_string(token: tokenize.TokenInfo | None) -> bool:
    if token is None:
        return False
    return token.type == tokenize.STRING or (
        FSTRING_END is not None and token.type in (FSTRING_START, FSTRING_END)
    )


def _is_op(token: tokenize.TokenInfo | None, chars: str) -> bool:
    return token is not None and token.type == tokenize.OP and token.string in chars


def split_points(body: str, *, fstring: bool) -> list[int]:
    """Indices just after a run of spaces where the literal may be cut (not in an escape or `{…}` field)."""
    points = []
    depth = 0
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if fstring and char in "{}":
            if index + 1 < len(body) and body[index + 1] == char and depth == 0:
                index += 2
                continue
            depth += 1 if char == "{" else -1
        elif char == " " and depth == 0:
            end = index
            while end < len(body) and body[end] == " ":
                end += 1
            if end < len(body):
                points.append(end)
            index = end
            continue
        index += 1
    return points


def split_literal(text: str, available: int, first: int | None = None) -> list[str] | None:
    """`"a b c"` as adjacent literals at most `available` wide (the first `first`) where possible.

    None if it cannot be cut.
    """
    match = STRING_PREFIX.match(text)
    if not match or len(match.group(2)) == 3:
        return None
    prefix, quote = match.groups()
    body = text[len(prefix) + 1 : -1]
    fstring = "f" in prefix.lower()
    points = split_points(body, fstring=fstring)
    if not points:
        return None
    first_room = (available if first is None else first) - width(prefix) - 2
    room = available - width(prefix) - 2
    pieces = _cut_body(body, points, first_room, room)
    if len(pieces) == 1:
        return None
    # As few pieces as filling allows, evened out: no one-word last piece.
    low, high = max(width(body) // len(pieces), 1), room
    while low < high:
        cap = (low + high) // 2
        if len(_cut_body(body, points, min(first_room, cap), cap)) <= len(pieces):
            high = cap
        else:
            low = cap + 1
    pieces = _cut_body(body, points, min(first_room, low), low)
    return [_literal(prefix, quote, piece, fstring=fstring) for piece in pieces]


def _cut_body(body: str, points: list[int], first_room: int, room: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    while True:
        limit = max(room if pieces else first_room, 8)
        if width(body[start:]) <= limit:
            break
        fitting = [p for p in points if p > start and width(body[start:p]) <= limit]
        later = [p for p in points if p > start]
        if fitting:
            cut = fitting[-1]
        elif later:
            cut = later[0]
        else:
            break
        pieces.append(body[start:cut])
        start = cut
    pieces.append(body[start:])
    return pieces


def _literal(prefix: str, quote: str, body: str, *, fstring: bool) -> str:
    if fstring and not _has_field(body):
        # A piece without a replacement field is a plain literal (ruff's F541 rejects an f-string without
        # one).
        prefix = prefix.replace("f", "").replace("F", "")
        body = body.replace("{{", "{").replace("}}", "}")
    return f"{prefix}{quote}{body}{quote}"


def _has_field(body: str) -> bool:
    return "{" in body.replace("{{", "")


def _order(token: StringToken, line: str, line_length: int) -> tuple[bool, int, int]:
    """The literal that crosses the limit comes first, then the longest."""
    crosses = width(line[: token.end]) > line_length
    return (not crosses, -width(token.text), token.start)


def split_strings(source: str, rows: Iterable[int], line_length: int) -> tuple[str, set[int]]:
    """Splits the longest splittable literal on each overlong row; returns the source and rows changed.

    A literal already concatenated with others is split again together with them, as one text.
    """
    lines = source.splitlines(keepends=True)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    comment_spots = {t.start for t in _tokens(source) if t.type == tokenize.COMMENT}
    run_of: dict[int, list[StringToken]] = {}
    by_row: dict[int, list[StringToken]] = {}
    for run in concatenations(source):
        for token in run:
            run_of[id(token)] = run
            if token.text:
                by_row.setdefault(token.row, []).append(token)
    edits: list[tuple[int, int, str]] = []
    changed: set[int] = set()
    done: set[int] = set()
    for row in sorted(set(rows)):
        if row > len(lines):
            continue
        line = lines[row - 1]
        for token in sorted(by_row.get(row, []), key=lambda t: _order(t, line, line_length)):
            run = run_of[id(token)]
            if id(run[0]) in done or any(r in changed for r in range(run[0].row, run[-1].end_row + 1)):
                break
            edit = _split_run(run, token, lines, comment_spots, line_length)
            if edit is None:
                continue
            (start_row, start_col), (end_row, end_col), replacement = edit
            edits.append(
                (line_starts[start_row - 1] + start_col, line_starts[end_row - 1] + end_col, replacement)
            )
            changed.update(range(start_row, end_row + 1))
            done.add(id(run[0]))
            break
    for start, end, replacement in sorted(edits, reverse=True):
        source = source[:start] + replacement + source[end:]
    return source, changed


def _split_run(
    run: list[StringToken],
    token: StringToken,
    lines: list[str],
    comment_spots: set[tuple[int, int]],
    line_length: int,
) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """The edit that splits `token` (with the rest of its run when they join), or None."""
    joined = None
    if (
        len(run) > 1
        and run[0].depth > 0
        and not any(
            (run[0].row, run[0].start) < spot < (run[-1].end_row, run[-1].end) for spot in comment_spots
        )
    ):
        joined = join_literals(run)
    if joined is not None:
        first, last, text, concatenated = run[0], run[-1], joined, False
    else:
        first, last, text, concatenated = token, token, token.text, len(run) > 1
    if width(text) < MIN_SPLIT_WIDTH:
        return None
    if first.depth == 0 and concatenated:
        return None  # implicit concatenation outside brackets: leave it to a human
    line = lines[first.row - 1]
    indent = len(line) - len(line.lstrip())
    # Parentheses unless the literal is a whole element of its brackets (or concatenated with others):
    # ruff then puts the pieces one a line, indented under the line that holds the literal.
    whole = _is_op(first.previous, "([{,") and _is_op(last.following, ")]},")
    parenthesise = first.depth == 0 or not (whole or concatenated)
    if parenthesise:
        pieces = split_literal(text, line_length - indent - 4 - 1)
        if pieces is None and width(text) <= line_length - indent - 4 - 1:
            pieces = [text]  # it fits on a line of its own inside the parentheses
    elif first.start == indent:
        pieces = split_literal(text, line_length - indent - 1)
    else:
        start = width(line[: first.start])
        pieces = split_literal(text, line_length - indent - 1, line_length - start - 1)
    if pieces is None or (not parenthesise and pieces == [t.text for t in run]):
        return None
    replacement = " ".join(pieces)
    if parenthesise:
        replacement = f"({replacement})"
    return (first.row, first.start), (last.end_row, last.end), replacement


# Step 4: comments and docstrings


def _cut(text: str, room: int) -> int | None:
    """Index to break `text` at its last space that keeps the head within `room`; the first space if none."""
    spaces = [m.start() for m in re.finditer(r"(?<=[^\s\\]) +(?=\S)", text)]
    fitting = [i for i in spaces if width(text[:i]) <= room]
    if fitting:
        return fitting[-1]
    return spaces[0] if spaces else None


def _continues(text: str, indent_text: str) -> bool:
    """A following line continues the paragraph: same text indent, not empty, list item or closing quotes."""
    if not text.startswith(indent_text) or not text.strip():
        return False
    rest = text[len(indent_text) :]
    if rest.startswith(" ") or LIST_MARKER.match(rest) or rest.strip() in ('"""', "'''"):
        return False
    return not rest.startswith((">>>", "..."))


def _hanging(text: str) -> str:
    """The text indent a paragraph's continuation lines take: a list item's text column."""
    stripped = text.lstrip(" ")
    lead = text[: len(text) - len(stripped)]
    marker = LIST_MARKER.match(stripped)
    return lead + (" " * marker.end() if marker else "")


def reflow(
    lines: list[str],
    index: int,
    head: str,
    text: str,
    next_prefix: str,
    line_length: int,
    *,
    last: int,
    alone: bool,
) -> bool:
    """Breaks `head + text` at a space, pushing the rest into the paragraph's next line or a new line.

    `lines` hold lines without their endings; `next_prefix` is what a continuation line starts with
    (indent, `# ` and the hanging indent); no line after index `last` (the docstring's end) is joined.
    Cascades while the paragraph's lines overflow.
    """
    changed = False
    while width(head + text) > line_length:
        following = lines[index + 1] if index + 1 < len(lines) else None
        joinable = following is not None and index + 1 <= last and _continues(following, next_prefix)
        if not joinable:
            # The paragraph's last line: filled, or when it is the whole paragraph (a one-line docstring,
            # a trailing comment) in as few lines as needed, of even length.
            wrap = balanced if alone and not changed else _greedy
            wrapped = wrap(text, line_length - width(head), line_length - width(next_prefix))
            if len(wrapped) == 1:
                break
            lines[index] = (head + wrapped[0]).rstrip()
            lines[index + 1 : index + 1] = [next_prefix + piece for piece in wrapped[1:]]
            return True
        cut = _cut(text, line_length - width(head))
        if cut is None or not text[:cut].strip():
            break
        rest = text[cut:].lstrip(" ")
        lines[index] = (head + text[:cut]).rstrip()
        changed = True
        if _is_listish(rest):
            text = rest
            lines.insert(index + 1, next_prefix + text)
            last += 1
        else:
            text = rest + " " + lines[index + 1][len(next_prefix) :]
            lines[index + 1] = next_prefix + text
        index += 1
        head = next_prefix
    return changed


def _greedy(text: str, first: int, room: int) -> list[str]:
    pieces = []
    limit = first
    while width(text) > limit:
        cut = _cut(text, limit)
        if cut is None:
            break
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip(" ")
        limit = room
    return [*pieces, text]


def balanced(text: str, first: int, room: int) -> list[str]:
    """`text` in as few lines as filling them allows (the first `first` wide, the rest `room`), evened out."""
    fill = _greedy(text, first, room)
    if len(fill) == 1:
        return fill
    low, high = max(width(text) // len(fill), 1), room
    while low < high:
        cap = (low + high) // 2
        if len(_greedy(text, min(first, cap), cap)) <= len(fill):
            high = cap
        else:
            low = cap + 1
    return _greedy(text, min(first, low), low)


def _is_listish(text: str) -> bool:
    return bool(LIST_MARKER.match(text))


def docstring_lines(source: str) -> dict[int, tuple[int, int, int]]:
    """Rows (1-based) of every plain `str` docstring's lines mapped to its first row, indent and last row."""
    rows: dict[int, tuple[int, int, int]] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not node.body:
            continue
        first = node.body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
            and first.end_lineno is not None
        ):
            for row in range(first.lineno, first.end_lineno + 1):
                rows[row] = (first.lineno, first.col_offset, first.end_lineno)
    return rows


def wrap_comments_and_docstrings(source: str, rows: Iterable[int], line_length: int) -> str:
    """Rewraps overlong comments and docstring lines; an overlong trailing comment moves above its line."""
    wanted = sorted(set(rows))
    if not wanted:
        return source
    tokens = _tokens(source)
    comments = {t.start[0]: t for t in tokens if t.type == tokenize.COMMENT}
    # Rows that end a compound statement's header: a `:` ends the logical line.
    significant = [t for t in tokens if t.type not in (tokenize.NL, tokenize.COMMENT)]
    headers = {
        t.start[0]
        for t, after in itertools.pairwise(significant)
        if t.type == tokenize.OP and t.string == ":" and after.type == tokenize.NEWLINE
    }
    # rows that start inside a multi-line token (a string): nothing may be inserted there
    in_multiline = set()
    for token in tokens:
        for row in range(token.start[0] + 1, token.end[0] + 1):
            in_multiline.add(row)
    docstrings = docstring_lines(source)
    ending = "\r\n" if "\r\n" in source else "\n"
    lines = source.splitlines()
    trailing_newline = source.endswith(("\n", "\r"))
    offset = 0  # lines inserted above the row being handled
    for row in wanted:
        index = row - 1 + offset
        if index >= len(lines):
            continue
        before = len(lines)
        line = lines[index]
        if width(line) <= line_length:
            continue
        indent = line[: len(line) - len(line.lstrip())]
        comment = comments.get(row)
        if comment is not None and not PRAGMA.match(comment.string) and row not in in_multiline:
            code = line[: comment.start[1]].rstrip()
            body = comment.string[1:].strip()
            if not code:
                # A comment line: keep its `#` marks and text indent.
                marks = re.match(r"#+ ?", comment.string)
                prefix = indent + (marks.group(0) if marks else "# ")
                text = line[len(prefix) :]
                alone = _starts_paragraph(lines, index, prefix)
                reflow(
                    lines,
                    index,
                    prefix,
                    text,
                    prefix + _hanging(text),
                    line_length,
                    last=len(lines),
                    alone=alone,
                )
            elif width(code) <= line_length and not _is_continued(lines, index) and "fmt:" not in body:
                # A trailing comment the line has no room for goes above it, wrapped; on a block's header
                # (`else:`) it goes first inside the block, which is what it speaks about.
                lines[index] = code
                following = lines[index + 1] if index + 1 < len(lines) else ""
                inner = following[: len(following) - len(following.lstrip())]
                if row in headers and len(inner) > len(indent):
                    index, indent = index + 1, inner
                lines.insert(index, f"{indent}# {body}")
                reflow(lines, index, f"{indent}# ", body, f"{indent}# ", line_length, last=index, alone=True)
        elif row in docstrings:
            first_row, column, last_row = docstrings[row]
            last = last_row - 1 + offset
            doc_indent = " " * column
            if row == first_row:
                match = re.match(r"\s*[rRuU]?('''|\"\"\")", line)
                if match:
                    head = line[: match.end()]
                    reflow(
                        lines,
                        index,
                        head,
                        line[match.end() :],
                        doc_indent,
                        line_length,
                        last=last,
                        alone=True,
                    )
            elif line.startswith(doc_indent):
                lead = line[: len(line) - len(line.lstrip())]
                alone = _starts_paragraph(lines, index, lead)
                reflow(
                    lines, index, lead, line[len(lead) :], _hanging(line), line_length, last=last, alone=alone
                )
        offset += len(lines) - before
    return ending.join(lines) + (ending if trailing_newline else "")


def _starts_paragraph(lines: list[str], index: int, prefix: str) -> bool:
    """The line at `index` starts its paragraph: a list item, or after a blank line or an opening quote."""
    text = lines[index][len(prefix) :]
    above = lines[index - 1] if index else ""
    if LIST_MARKER.match(text) or not above.startswith(prefix.rstrip()):
        return True
    return not above[len(prefix.rstrip()) :].strip(" #'\"rRuU")


def _is_continued(lines: list[str], index: int) -> bool:
    return index > 0 and lines[index - 1].rstrip().endswith("\\")


# AST check


class _Normalise(ast.NodeTransformer):
    """What formatting may change: how a string is cut into literals, and a docstring's whitespace."""

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        self.generic_visit(node)
        values: list[ast.expr] = []
        for value in node.values:
            if values and isinstance(value, ast.Constant) and isinstance(values[-1], ast.Constant):
                values[-1] = ast.Constant(str(values[-1].value) + str(value.value))
            else:
                values.append(value)
        constants = [value for value in values if isinstance(value, ast.Constant)]
        if len(constants) == len(values):
            return ast.Constant("".join(str(value.value) for value in constants))
        node.values = values
        return node

    def generic_visit(self, node: ast.AST) -> ast.AST:
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body[0].value.value = " ".join(body[0].value.value.split())
        return super().generic_visit(node)


def ast_fingerprint(source: str) -> str:
    return ast.dump(_Normalise().visit(ast.parse(source)))


# Driver


def fix_round(source: str, rows: Sequence[int], line_length: int) -> str:
    source, split_rows = split_strings(source, rows, line_length)
    return wrap_comments_and_docstrings(source, [row for row in rows if row not in split_rows], line_length)


def run(paths: Sequence[str], *, line_length: int, check_ast: bool) -> int:
    before = {}
    for path in python_files(paths):
        text = path.read_text(encoding="utf-8")
        try:
            ast.parse(text)
        except SyntaxError as error:
            print(f"wrap_lines: {_show(path)}: skipped, it does not parse ({error})", file=sys.stderr)
            continue
        before[path] = text
    files = list(before)
    fingerprints = {path: ast_fingerprint(text) for path, text in before.items()} if check_ast else {}
    for path, text in before.items():
        # Trailing comments move before the first format: ruff would wrap an overlong commented line in
        # parentheses and leave the comment dangling inside them.
        cleaned = remove_fmt_skip(text)
        long_rows = [n for n, line in enumerate(cleaned.splitlines(), 1) if width(line) > line_length]
        cleaned = _parsable(wrap_comments_and_docstrings(cleaned, long_rows, line_length), cleaned, path)
        if cleaned != text:
            path.write_text(cleaned, encoding="utf-8")
    ruff_format(files, line_length)
    remaining: dict[Path, list[int]] = {}
    for _round in range(MAX_ROUNDS):
        remaining = overlong_lines(files, line_length)
        touched = []
        for path, rows in remaining.items():
            text = path.read_text(encoding="utf-8")
            fixed = _parsable(fix_round(text, rows, line_length), text, path)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
                touched.append(path)
        if not touched:
            break
        ruff_format(touched, line_length)
    changed = [path for path in files if path.read_text(encoding="utf-8") != before[path]]
    status = 0
    if check_ast:
        broken = [
            path
            for path in changed
            if ast_fingerprint(path.read_text(encoding="utf-8")) != fingerprints[path]
        ]
        for path in broken:
            print(f"wrap_lines: the AST of {_show(path)} changed", file=sys.stderr)
        status = 1 if broken else 0
    for path, rows in sorted(remaining.items()):
        for row in rows:
            print(
                f"{_show(path)}:{row}: still longer than {line_length}"
                " (split it by hand or mark `# noqa: E501`)"
            )
    for problem in moved_noqa(changed):
        print(f"{problem} (move the `# noqa` to the line ruff now reports)")
    print(f"wrap_lines: {len(changed)} of {len(files)} files changed", file=sys.stderr)
    return status


def _parsable(new: str, old: str, path: Path) -> str:
    """`new` if it still parses; otherwise `old` and a warning (a case the tool does not handle yet)."""
    try:
        ast.parse(new)
    except SyntaxError as error:
        print(
            f"wrap_lines: {_show(path)}: left as it was, the rewrap broke line {error.lineno}",
            file=sys.stderr,
        )
        return old
    return new


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", nargs="*", help="files or folders (default: phoihop scripts)")
    parser.add_argument("--line-length", type=int, default=None, help="default: pyproject's [tool.ruff]")
    parser.add_argument("--check-ast", action="store_true", help="fail if any module's AST changed")
    args = parser.parse_args(argv)
    paths = args.paths or [str(REPO / name) for name in DEFAULT_PATHS]
    return run(paths, line_length=args.line_length or configured_line_length(), check_ast=args.check_ast)


if __name__ == "__main__":
    sys.exit(main())
