"""scripts/wrap_lines.py splits overlong lines without changing the program; a rerun changes nothing."""

import ast
import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "wrap_lines.py"
spec = importlib.util.spec_from_file_location("scripts_wrap_lines", SCRIPT)
assert spec and spec.loader
wrap_lines = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = wrap_lines  # dataclasses look their module up there
spec.loader.exec_module(wrap_lines)

LIMIT = 60

SOURCE = textwrap.dedent(
    '''\
    """A module docstring whose only line is much longer than sixty characters allow."""

    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext


    def check(value, number):
        """Short summary.

        A body line that is far too long for the configured line length and must wrap.
        Next line of the same paragraph.

        - a list item that is also too long for sixty characters of width
        """
        # A standalone comment that is far too long for the configured width of sixty.
        # Its continuation.
        total = value + 1  # a trailing comment that explains why, and is too long for its line
        if total:
            return 1
        else:  # a trailing comment on a block header that is too long for it
            pass
        message = _("Hồ sơ %(number)s đã được chuyển cho đơn vị khác xử lý.") % {"number": number}
        label = pgettext("hồ sơ", "Đóng hồ sơ sau khi đã trả lời hết mọi yêu cầu phối hợp")
        text = f"Giá trị {value!r:>10} của {{value}} không hợp lệ ở dòng số {number}."
        plain = "plain string at depth zero that is long enough to be split"
        mapping = {"key": "a dictionary value that is long enough to need splitting"}
        pieces = ["already " "concatenated pieces that together overflow the limit of the line"]
        word = "https://example.org/a/very/long/address/that/has/no/space/in/it/at/all"
        return message, label, text, plain, mapping, pieces, word, total  # fmt: skip
    '''
)


@pytest.fixture
def module(tmp_path):
    path = tmp_path / "sample.py"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def _run(path: Path) -> str:
    status = wrap_lines.run([str(path)], line_length=LIMIT, check_ast=True)
    assert status == 0
    return path.read_text(encoding="utf-8")


def test_every_line_fits_and_the_program_is_unchanged(module, capsys):
    result = _run(module)
    assert wrap_lines.ast_fingerprint(result) == wrap_lines.ast_fingerprint(SOURCE)
    too_long = [line for line in result.splitlines() if wrap_lines.width(line) > LIMIT]
    # Only the address, which has no space to split at (ruff's E501 does not count a single long word).
    assert len(too_long) == 1 and "https://example.org" in too_long[0]
    assert "fmt: skip" not in result
    assert "still longer" not in capsys.readouterr().out


def test_strings_are_split_into_adjacent_literals(module):
    result = _run(module)
    tree = ast.parse(result)
    calls = {
        node.func.id: node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "pgettext")
    }
    # The msgid is the same string; in the source it is now several literals (xgettext joins them too).
    assert calls["_"].args[0].value == "Hồ sơ %(number)s đã được chuyển cho đơn vị khác xử lý."
    assert calls["pgettext"].args[1].value == "Đóng hồ sơ sau khi đã trả lời hết mọi yêu cầu phối hợp"
    assert '        "Hồ sơ %(number)s đã được "\n        "chuyển cho đơn vị khác xử lý."\n' in result
    assert 'f"Giá trị {value!r:>10} của {{value}} "\n        f"không hợp lệ ở dòng số {number}."' in result
    # A literal outside brackets, or a dictionary value, is put in parentheses; literals already
    # concatenated are split again as one text.
    assert "plain = (\n" in result
    assert '"key": (\n' in result
    assert '"already concatenated pieces that "\n' in result


def test_a_literal_is_cut_only_at_spaces_outside_fields_and_escapes():
    # A piece of an f-string without a replacement field becomes a plain literal ({{ }} unescaped).
    assert wrap_lines.split_literal('f"{a} and some words {{literal}} more words"', 22) == [
        'f"{a} and some "',
        '"words {literal} "',
        '"more words"',
    ]
    assert wrap_lines.split_literal('f"{a:>{width}} {b}"', 8) == ['f"{a:>{width}} "', 'f"{b}"']
    assert wrap_lines.split_literal('"no\\tspace here ok"', 10) == ['"no\\tspace "', '"here ok"']
    assert wrap_lines.split_literal('rb"a b c d e f g h i j k l"', 10) == [
        'rb"a b c d "',
        'rb"e f g h "',
        'rb"i j k l"',
    ]
    assert wrap_lines.split_literal('"abcdefghijklmnopqrstuvwxyz"', 10) is None
    assert wrap_lines.split_literal('"""a b c d e f g h"""', 10) is None


def test_comments_and_docstrings_are_rewrapped(module):
    result = _run(module)
    expected = [
        # A comment paragraph is reflowed; the next line takes what no longer fits.
        "    # A standalone comment that is far too long for the\n"
        "    # configured width of sixty. Its continuation.\n",
        # A trailing comment stands above its line; on a block header, first inside the block.
        "    # a trailing comment that explains\n    # why, "
        "and is too long for its line\n    total = value + 1\n",
        "    else:\n        # a trailing comment on a block\n        "
        "# header that is too long for it\n        pass\n",
        # Docstrings: the paragraph is reflowed, a list item keeps its hanging indent.
        '"""A module docstring whose only line is much\nlonger than sixty characters allow."""\n',
        "    A body line that is far too long for the configured line\n"
        "    length and must wrap. Next line of the same paragraph.\n",
        "    - a list item that is also too\n      long for sixty characters of width\n",
    ]
    for text in expected:
        assert text in result


def test_a_second_run_changes_nothing(module):
    once = _run(module)
    assert _run(module) == once


def test_the_ast_check_sees_a_changed_program():
    assert wrap_lines.ast_fingerprint('x = "a" "b"') == wrap_lines.ast_fingerprint('x = ("ab")')
    assert wrap_lines.ast_fingerprint('x = f"a {y}" "b"') == wrap_lines.ast_fingerprint('x = "a " f"{y}b"')
    assert wrap_lines.ast_fingerprint('"""Doc  string."""') == wrap_lines.ast_fingerprint(
        '"""Doc\n string."""'
    )
    assert wrap_lines.ast_fingerprint('x = "a b"') != wrap_lines.ast_fingerprint('x = "ab"')
    assert wrap_lines.ast_fingerprint('x = "a" "b"') != wrap_lines.ast_fingerprint('x = ("a", "b")')
