"""The API's JSON parser: refuses a body nested deeper than MAX_DEPTH before decoding it. Python's decoder
recurses once per level, so 5,000 nested brackets ended in RecursionError (a 500); no request of this API
nests more than a few levels."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_DEPTH = 32
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep() -> str:
    return gettext("Dữ liệu JSON lồng nhau quá sâu (tối đa %(max)d cấp).") % {"max": MAX_DEPTH}


class NestedTooDeep(ParseError):
    """Kept as it is by the exception handler (other parse errors get its generic "check your brackets")."""

    default_detail = lazy(_too_deep, str)()


def nesting_exceeds(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when brackets outside string literals open more than `limit` levels; one pass, no recursion."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        encoding = parsers.get_encoding(dict(parser_context or {}))  # type: ignore[attr-defined]
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if nesting_exceeds(text):
            raise NestedTooDeep()
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
