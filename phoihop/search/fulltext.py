"""The full-text index over a folded column, on both databases, behind one small interface.

Embedded (SQLite): an FTS5 table with external content and triggers, so every insert, update and delete of
the indexed table — bulk inserts included — keeps the index exact. Production (PostgreSQL): a GIN index on
`to_tsvector('simple', column)`; the column already holds folded text, so the `simple` configuration (no
stemming, no stop words) is right. Queries are groups of alternative tokens that must all match (AND of ORs),
the last token optionally a prefix. Tokens come from `fold_vi()`, so they are [0-9a-z] only.

`phoihop_fold(text)` exists in both databases (a Python function registered on each SQLite connection; an
immutable SQL wrapper around `unaccent` in PostgreSQL) for ad-hoc folding of columns that have no stored
folded copy, with a trigram index where it matters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import Func, RawSQL
from django.dispatch import receiver

from phoihop.search.folding import fold_vi

PG_FOLD_FUNCTION = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION phoihop_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary,
                                        translate($1, 'đĐ', 'dD'))), '[^0-9a-z]+', ' ', 'g')) $$;
"""


@receiver(connection_created)
def _prepare_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("phoihop_fold", 1, fold_vi, deterministic=True)
    elif connection.vendor == "postgresql":
        # Server-side prepared statements for prepared_cursor(): Django leaves psycopg's threshold unset (no
        # statement is ever prepared) and its own client-side binding cursors cannot prepare, so this changes
        # nothing for Django's statements. A prepared statement then runs from its generic plan; besides ours,
        # only PL/pgSQL's cached plans (the audit chain trigger: no parameters that change a plan) are
        # affected.
        connection.connection.prepare_threshold = 0
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


class Fold(Func):
    """`phoihop_fold(expression)` in SQL: the database-side fold_vi()."""

    function = "phoihop_fold"


def fts_table(table: str, column: str) -> str:
    """SQLite's FTS5 table for `column` (one per indexed column)."""
    return f"{table}_{column}_fts"


def rename_sqlite_legacy(schema_editor: Any, table: str, column: str, rowid: str = "id") -> None:
    """SQLite: an FTS5 index made under its first name, `<table>_fts` (from when a table had at most one), is
    dropped, and the index is installed under its per-column name unless it already is (then it is
    rebuilt)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [f"{table}_fts"])
        if cursor.fetchone() is None:
            return
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")
    uninstall(schema_editor, table, column)
    install(schema_editor, table, column, rowid)


def install(
    schema_editor: Any, table: str, column: str, rowid: str = "id", *, short_prefixes: bool = True
) -> None:
    """`rowid`: the integer key of the table ("id"), or "rowid" for tables keyed by UUID (SQLite still gives
    every ordinary table an integer rowid, which FTS5 external content can use). `short_prefixes`: SQLite
    keeps 2- and 3-letter prefix indexes, which speed up "ng*" on words; an index queried by whole tokens or
    long prefixes (word pairs) does without."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        fts = fts_table(table, column)
        prefix_option = ", prefix='2 3'" if short_prefixes else ""
        for sql in (
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='{rowid}', "
            f"tokenize='unicode61 remove_diacritics 0'{prefix_option})",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.{rowid}, new.{column}); END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.{rowid}, old.{column}); END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.{rowid}, old.{column}); "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.{rowid}, new.{column}); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ):
            schema_editor.execute(sql)  # identifiers are ours (table and column names), never user input
    elif vendor == "postgresql":
        schema_editor.execute(PG_FOLD_FUNCTION)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_tsv ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, {column}))"
        )


def uninstall(schema_editor: Any, table: str, column: str) -> None:
    if schema_editor.connection.vendor == "sqlite":
        fts = fts_table(table, column)
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_tsv")


def _clean(groups: Sequence[Sequence[str]]) -> list[list[str]]:
    out = []
    for group in groups:
        words = sorted({w for t in group for w in fold_vi(t).split()})
        if words:
            out.append(words)
    return out


def match(
    queryset: QuerySet[Any], column: str, groups: Sequence[Sequence[str]], *, prefix_last: bool = False
) -> QuerySet[Any]:
    """Rows whose `column` contains, for every group, at least one of its tokens (the last group's tokens as
    prefixes when `prefix_last`). An empty query matches nothing."""
    clean = _clean(groups)
    if not clean:
        return queryset.none()
    table = queryset.model._meta.db_table
    last = len(clean) - 1
    if connection.vendor == "postgresql":
        parts = [
            "(" + " | ".join(f"{t}:*" if prefix_last and i == last else t for t in group) + ")"
            for i, group in enumerate(clean)
        ]
        sql = f"to_tsvector('simple'::regconfig, {table}.{column}) @@ to_tsquery('simple'::regconfig, %s)"
        return queryset.alias(_fts=RawSQL(sql, [" & ".join(parts)], output_field=BooleanField())).filter(
            _fts=True
        )
    parts = [
        "(" + " OR ".join(f'"{t}"*' if prefix_last and i == last else f'"{t}"' for t in group) + ")"
        for i, group in enumerate(clean)
    ]
    fts = fts_table(table, column)
    sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
    if isinstance(queryset.model._meta.pk, models.AutoField | models.BigAutoField):
        return queryset.filter(pk__in=RawSQL(sql, [" AND ".join(parts)]))
    # keyed by UUID: match on SQLite's own rowid
    return queryset.extra(where=[f"{table}.rowid IN ({sql})"], params=[" AND ".join(parts)])


def _prefix_end(text: str) -> str:
    """The first string after every string starting with `text`, in byte (code point) order: a prefix as a
    range, which SQLite's plain B-tree and PostgreSQL's pattern-ops index both serve (SQLite's LIKE ignores
    case and cannot use the index; PostgreSQL's LIKE with a parameter cannot either, in a generic plan)."""
    return text[:-1] + chr(ord(text[-1]) + 1)


def first_match(
    queryset: QuerySet[Any],
    fields: Sequence[str],
    conditions: Sequence[tuple[str, str, Any]],
    limit: int,
) -> list[tuple[Any, ...]]:
    """The `fields` of at most `limit` rows of the first condition that finds any. A condition is (column,
    "exact" | "startswith" | "in", folded text or, for "in", a list of them) on a B-tree indexed column; a
    prefix is looked up as a range (_prefix_end).

    PostgreSQL: the queryset is compiled once and used as a derived table (so the access restriction is inside
    every statement and a condition can only narrow it); each condition is then one prepared statement with a
    generic plan (prepared_cursor), tried in order. A prefix is the byte range the pattern-ops index holds, so
    one plan serves every prefix. This saves, per condition, an ORM compile, a parse and a plan — most of what
    a one-row index probe costs. SQLite, in process: the same conditions through the ORM, in order.
    PostgreSQL rows come as the driver loads them, without model-field converters: ask for plain columns.
    """
    if not conditions:
        return []
    if connection.vendor != "postgresql":
        values = queryset.values_list(*fields)
        for column, kind, text in conditions:
            if kind == "startswith":
                narrowed = values.filter(**{f"{column}__gte": text})
                narrowed = narrowed.filter(**{f"{column}__lt": _prefix_end(text)}) if text else narrowed
            else:
                narrowed = values.filter(**{column if kind == "exact" else f"{column}__in": text})
            rows = list(narrowed[:limit])
            if rows:
                return rows
        return []
    columns = [*fields, *dict.fromkeys(c for c, _kind, _text in conditions if c not in fields)]
    try:
        sql, params = _compiled(queryset.values_list(*columns))
    except EmptyResultSet:  # the restriction leaves nothing
        return []
    names = [f"c{i}" for i in range(len(columns))]
    derived = f"({sql}) AS b ({', '.join(names)})"
    shown = ", ".join(f"b.{name}" for name in names[: len(fields)])
    with prepared_cursor() as cursor:
        for column, kind, text in conditions:
            ref = f"b.c{columns.index(column)}"
            order = ""
            if kind == "exact":
                where, args = f"{ref} = %s", [text]
            elif kind == "in":
                where, args = f"{ref} = ANY(%s)", [list(text)]
            else:
                # The byte range a prefix covers, as the pattern-ops index holds it, read in that index's
                # order: a generic plan does not know how many names share the prefix, and without the order
                # it would collect every one of them (thousands for "Thị Hương") in a bitmap before the LIMIT.
                if text:
                    where, args = (
                        f"{ref} ~>=~ %s AND {ref} ~<~ %s",
                        [text, _prefix_end(text)],
                    )
                else:  # every row starts with nothing
                    where, args = f"{ref} IS NOT NULL", []
                order = f" ORDER BY {ref} USING ~<~"
            cursor.execute(
                f"SELECT {shown} FROM {derived} WHERE {where}{order} LIMIT {int(limit)}", [*params, *args]
            )
            rows = cursor.fetchall()
            if rows:
                return rows
    return []


class _AlwaysPrepared(psycopg.Cursor[Any]):
    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        result = super().execute(query, params, prepare=True)
        # psycopg keeps the statement text only when it does
        # not run a prepared one; Django's query log reads it
        self._query = cast(Any, _LoggedQuery(self.connection, query, params))
        return result


class _LoggedQuery:
    """The statement with its values, as Django's query log shows statements: composed only when logged."""

    def __init__(self, conn: Any, query: Any, params: Any) -> None:
        self._conn, self._text, self._params = conn, query, params

    @property
    def query(self) -> bytes:
        return psycopg.ClientCursor(self._conn).mogrify(self._text, self._params).encode()


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """PostgreSQL: a cursor whose statements are prepared on the server once per connection and then run from
    a generic plan (plan_cache_mode is set when the connection opens), so a search pays neither parsing nor
    planning for the statements it repeats — most of what a one-row index probe costs. Wrapped like Django's
    own cursors (query logging, execute wrappers, the test suite's query counts). Django's other statements
    are not prepared: they go through its client-side binding cursor."""
    connection.ensure_connection()
    raw = _AlwaysPrepared(connection.connection)
    django_like = cast(Any, raw)  # Django wraps any DB-API cursor; its stubs name its own wrapper type
    wrapped = (
        connection.make_debug_cursor(django_like)
        if connection.queries_logged
        else connection.make_cursor(django_like)
    )
    try:
        yield wrapped
    finally:
        raw.close()


def _compiled(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    query = queryset.order_by().query
    sql, params = query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def install_prefix_index(schema_editor: Any, table: str, column: str, *, sqlite: bool = False) -> None:
    """The index first_match() reads prefixes from: pattern ops on PostgreSQL; on SQLite (when asked — a
    column may already lead a composite B-tree) a plain B-tree, which the range serves."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_prefix ON {table} ({column} varchar_pattern_ops)"
        )
    elif sqlite:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column}_prefix ON {table} ({column})")


def uninstall_prefix_index(schema_editor: Any, table: str, column: str) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_prefix")
