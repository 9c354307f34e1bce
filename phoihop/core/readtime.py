"""Lines stored as a code and parameters, rendered when read (the case timeline, notifications).

A stored row keeps a `code` and `params`: identifiers and codes only (a user's or a document's key, a date, a
state code), never content. Each code has one renderer, registered by the app that writes it, with the
declared type of each parameter. Reading a page of rows renders them all in the reader's active language: the
objects the rows refer to are fetched once per kind for the page, through the access policy, so an object the
reader may not see is `None` to the renderer, which shows it neutrally ("một tài liệu"). No text is kept: an
English reader reads English.

Parameter types: a reference kind registered with `register_ref` (fetched through the policy), or one of the
scalar types in `SCALARS` (checked by the content-free test over every registered code).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model

SCALARS: dict[str, re.Pattern[str]] = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),  # ISO date
    "code": re.compile(r"^[a-z0-9_\-]{0,40}$"),  # a state, role, kind or cause code
    "codes": re.compile(r"^[a-z0-9_\-]{0,40}$"),  # a list of codes (each checked)
    "int": re.compile(r"^-?\d{1,9}$"),
    "bool": re.compile(r"^(True|False)$"),
}

Fetch = Callable[[Any, set[str]], Mapping[str, Any]]


@dataclass(frozen=True)
class Line:
    """What a renderer returns for one row: the text, and whether it is old text kept as it was written."""

    text: str
    legacy: bool = False
    shown: Mapping[str, Any] = field(
        default_factory=dict
    )  # the parameters, less references the reader may not see


class Params:
    """A row's parameters for its renderer: `obj(name)` the referenced object or None (unknown or not visible
    to the reader), `date(name)` a date as the reader's locale writes it, `[name]` the raw value."""

    def __init__(
        self,
        row: Any,
        values: Mapping[str, Any],
        found: Mapping[tuple[str, str], Any],
        types: Mapping[str, str],
    ):
        self.row = row
        self._values = values
        self._found = found
        self._types = types

    def __getitem__(self, name: str) -> Any:
        return self._values.get(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def obj(self, name: str) -> Any:
        value = self._values.get(name)
        if value in (None, ""):
            return None
        return self._found.get((self._types[name], str(value)))

    def date(self, name: str) -> str:
        value = self._values.get(name)
        if not value:
            return "—"
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return "—"
        return f"{day:%d/%m/%Y}"


Render = Callable[[Params], str]


@dataclass
class Registry:
    """One registry per kind of stored line (the timeline's codes, the notifications' codes)."""

    name: str
    renderers: dict[str, tuple[Render, dict[str, str]]] = field(default_factory=dict)
    fetchers: dict[str, Fetch] = field(default_factory=dict)

    def register_ref(self, kind: str, fetch: Fetch) -> None:
        """`fetch(reader, keys)` returns {key: object} for the
        keys the reader may see (the policy decides)."""
        self.fetchers[kind] = fetch

    def register_renderer(self, code: str, render: Render, **params: str) -> None:
        """`params`: each parameter's type (a reference kind or a scalar type); a row may carry no other."""
        if code in self.renderers and self.renderers[code][0] is not render:
            raise ValueError(f"{self.name}: the code {code!r} is registered twice")
        self.renderers[code] = (render, params)

    def declared(self, code: str) -> dict[str, str]:
        return self.renderers[code][1]

    def check(self, code: str, params: Mapping[str, Any]) -> None:
        """Refuse, when writing, a code nobody renders or a
        parameter that is not declared or not of its type."""
        if code not in self.renderers:
            raise ValueError(f"{self.name}: no renderer for the code {code!r}")
        types = self.declared(code)
        for key, value in params.items():
            if key not in types:
                raise ValueError(f"{self.name}: {code!r} does not declare the parameter {key!r}")
            if value is None:
                continue
            kind = types[key]
            values = value if kind == "codes" and isinstance(value, list) else [value]
            pattern = SCALARS.get(kind)
            for item in values:
                if pattern is not None and not pattern.match(str(item)):
                    raise ValueError(f"{self.name}: {code!r}.{key} = {item!r} is not a {kind}")
                if pattern is None and (kind not in self.fetchers or len(str(item)) > 64):
                    raise ValueError(f"{self.name}: {code!r}.{key} refers to an unknown kind {kind!r}")

    def render(
        self,
        rows: Iterable[Any],
        reader: Any,
        *,
        code: Callable[[Any], str],
        params: Callable[[Any], Mapping[str, Any]],
        legacy: Callable[[Any], str],
    ) -> list[Line]:
        """Every row's line, fetching each referenced kind once for all the rows."""
        rows = list(rows)
        wanted: dict[str, set[str]] = {}
        for row in rows:
            entry = self.renderers.get(code(row))
            if entry is None or legacy(row):
                continue
            for key, value in params(row).items():
                kind = entry[1].get(key)
                if kind in self.fetchers and value not in (None, ""):
                    wanted.setdefault(kind, set()).add(str(value))
        found: dict[tuple[str, str], Any] = {}
        for kind, keys in wanted.items():
            for key, obj in self.fetchers[kind](reader, keys).items():
                found[(kind, str(key))] = obj
        lines = []
        for row in rows:
            old = legacy(row)
            entry = self.renderers.get(code(row))
            if old or entry is None:
                lines.append(Line(old or code(row), legacy=True))
                continue
            values, types = params(row), entry[1]
            shown = {
                k: v
                for k, v in values.items()
                if types.get(k) not in self.fetchers or (types[k], str(v)) in found
            }
            lines.append(Line(str(entry[0](Params(row, values, found, types))), shown=shown))
        return lines


def valid_keys(model: type[Model], keys: Iterable[str], key: str = "pk") -> list[Any]:
    """The keys that are values of the model's field (a row of an older shape may hold something else)."""
    from django.core.exceptions import ValidationError

    model_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
    valid = []
    for value in keys:
        try:
            valid.append(model_field.to_python(value))  # type: ignore[union-attr]
        except (ValidationError, TypeError, ValueError):
            continue
    return valid


def policy_fetch(model: type[Model], key: str = "pk", related: tuple[str, ...] = ()) -> Fetch:
    """A fetcher of `model` rows by `key`, restricted to what the reader may see (one query)."""

    def fetch(reader: Any, keys: set[str]) -> dict[str, Any]:
        from phoihop.access.policy import Action, restrict

        queryset = restrict(model._default_manager.all(), reader, Action.VIEW).filter(
            **{f"{key}__in": valid_keys(model, keys, key)}
        )
        if related:
            queryset = queryset.select_related(*related)
        return {str(getattr(obj, key)): obj for obj in queryset}

    return fetch
