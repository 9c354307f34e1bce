"""Duplicate-letter check benchmark (called by `phoihop.bench`): N fictional stored letters (textgen.py), each
a minimal case with its fingerprint and band keys, then `matching.related()` timed on near-duplicates of
stored letters against the baseline measured in the same run — read every stored signature and score each —
with the recall on those near-duplicates and the false positives on fresh unrelated letters.

The letters are generated and signed in worker processes (one per CPU); the main process streams the rows in:
COPY on PostgreSQL, executemany on SQLite. The tables' secondary indexes and foreign keys are dropped for the
load and created again after it, exactly as they were, so the queries run on the schema the migrations made.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import statistics
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from phoihop.letters import matching, textgen

SEED = 20_260_000  # letter i is textgen.allegations(random.Random(SEED + i)), so a query can write it again
CHUNK = 10_000
TABLES = ("cases_case", "letters_fingerprint", "letters_band")
FIRST_DAY = date(2019, 1, 1)


def _case_id(i: int) -> uuid.UUID:
    return uuid.UUID(int=(0xBE7C << 112) | i)


def _letter(i: int) -> list[str]:
    return textgen.allegations(random.Random(SEED + i))  # noqa: S311 - reproducible fictional data


def _number(i: int) -> str:
    return f"DT-BENCH-{i:07d}"


def _received(i: int) -> date:
    return FIRST_DAY + timedelta(days=i % 2600)


# --- generating (worker processes) --------------------------------------------------------------------------


def _copy_text(value: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _chunk(job: tuple[int, int, bool, list[Any], list[Any], list[int]]) -> tuple[Any, Any, Any, int, int]:
    """Letters [start, stop): their case, fingerprint and band rows, as COPY text (PostgreSQL) or tuples."""
    start, stop, pg, agencies, case_row, varying = job
    id_at, number_at, agency_at, opened_at = varying
    # PostgreSQL: the case's COPY line with {} where the varying values go (none needs escaping)
    fields = [_copy_text(v).replace("{", "{{").replace("}", "}}") for v in case_row]
    for at in varying:
        fields[at] = "{}"
    case_line = "\t".join(fields)
    cases: list[Any] = []
    prints: list[Any] = []
    bands: list[Any] = []
    count = 0
    for i in range(start, stop):
        sig = matching.signature(matching.tokens(_letter(i)))
        keys = matching.band_keys(sig)
        count += len(keys)
        ident, number, agency, received = _case_id(i), _number(i), agencies[i % len(agencies)], _received(i)
        if pg:
            case_pk = str(ident)
            cases.append(case_line.format(case_pk, number, agency, received.isoformat()))
            prints.append(f"{case_pk}\t{agency}\t{number}\t{received.isoformat()}\tf\t\\\\x{sig.hex()}\t[]")
            bands.extend(f"{key}\t{case_pk}" for key in keys)
        else:
            case_pk = ident.hex
            row = list(case_row)
            row[id_at], row[number_at], row[agency_at], row[opened_at] = (
                case_pk,
                number,
                agency,
                received.isoformat(),
            )
            cases.append(tuple(row))
            prints.append((case_pk, agency, number, received.isoformat(), False, sig, "[]"))
            bands.extend((key, case_pk) for key in keys)
    if pg:
        return (
            ("\n".join(cases) + "\n").encode(),
            ("\n".join(prints) + "\n").encode(),
            ("\n".join(bands) + "\n").encode(),
            stop - start,
            count,
        )
    return cases, prints, bands, stop - start, count


# --- loading (main process) ---------------------------------------------------------------------------------


def _case_row(agency_id: Any, pg: bool) -> tuple[list[str], list[Any], list[int]]:
    """The columns of a minimal letter case and its values as the database stores them (through the fields, so
    a column added to Case later is filled with its default), with the positions of those that vary."""
    from django.db import connection

    from phoihop.cases.models import Case

    case = Case(
        id=_case_id(0),
        number=_number(0),
        kind="letter",
        title="Đơn thư (benchmark)",
        owner_agency_id=agency_id,
        opened_on=FIRST_DAY,
    )
    case.title_folded = "don thu benchmark"
    fields = Case._meta.concrete_fields
    values = [f.get_db_prep_save(f.pre_save(case, add=True), connection) for f in fields]
    if not pg:  # sqlite3 adapts no date or datetime any more (Python 3.12): the text Django writes
        values = [v.isoformat() if isinstance(v, (date, datetime)) else v for v in values]
    columns = [str(f.column) for f in fields]
    varying = [columns.index(c) for c in ("id", "number", "owner_agency_id", "opened_on")]
    return columns, values, varying


def _schema(pg: bool) -> tuple[list[str], list[str]]:
    """(drop, create) statements of the loaded tables' secondary indexes and foreign keys."""
    from django.db import connection

    drop, create = [], []
    with connection.cursor() as cursor:
        if pg:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [list(TABLES)],
            )
            for table, name, definition in cursor.fetchall():
                drop.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                create.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [list(TABLES)],
            )
            for name, definition in cursor.fetchall():
                drop.append(f"DROP INDEX {name}")
                create.insert(0, definition)  # indexes before the foreign keys they speed up
        else:
            marks = ", ".join("%s" for _ in TABLES)
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({marks})",
                list(TABLES),
            )
            for name, definition in cursor.fetchall():
                drop.append(f'DROP INDEX "{name}"')
                create.append(definition)
    return drop, create


def _load(pg: bool, rows: tuple[Any, Any, Any, int, int], columns: list[str]) -> None:
    from django.db import connection, transaction

    cases, prints, bands, _letters, _keys = rows
    fp_columns = "case_id, agency_id, number, received_on, concluded, signature, persons"
    with transaction.atomic(), connection.cursor() as cursor:
        if pg:
            for table, names, data in (
                ("cases_case", ", ".join(columns), cases),
                ("letters_fingerprint", fp_columns, prints),
                ("letters_band", "key, fingerprint_id", bands),
            ):
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    copy.write(data)
        else:
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(
                f"INSERT INTO cases_case ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                cases,
            )
            seven = ", ".join(["%s"] * 7)
            insert = f"INSERT INTO letters_fingerprint ({fp_columns}) VALUES ({seven})"  # noqa: S608
            cursor.executemany(insert, prints)
            cursor.executemany("INSERT INTO letters_band (key, fingerprint_id) VALUES (%s, %s)", bands)


def build(n: int, progress: Callable[[int, int, float], None] | None = None) -> dict[str, float]:
    """n stored letters; returns the seconds spent generating and loading, and rebuilding the indexes."""
    from django.db import connection, connections

    from phoihop.core.models import Agency

    pg = connection.vendor == "postgresql"
    agencies = [
        Agency.objects.get_or_create(code=code, defaults={"name": f"Cơ quan {code} (benchmark)"})[0].pk
        for code in ("THU_BTC", "THU_UBKT", "THU_CA", "THU_TTR", "THU_QS")
    ]
    agency_ids = (
        [str(a) if pg else a.hex for a in agencies] if isinstance(agencies[0], uuid.UUID) else agencies
    )
    columns, case_row, varying = _case_row(agencies[0], pg)
    drop, create = _schema(pg)
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
    jobs = [(s, min(s + CHUNK, n), pg, agency_ids, case_row, varying) for s in range(0, n, CHUNK)]
    began = time.perf_counter()
    done = bands = 0
    connections.close_all()  # the workers are forked: none of them may inherit the connection
    workers = max(1, os.cpu_count() or 1)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        # A few chunks ahead of the load, not all: the rows of a million letters do not wait in memory.
        queue = iter(jobs)
        ahead = deque(pool.apply_async(_chunk, (job,)) for job in itertools.islice(queue, 2 * workers))
        while ahead:
            rows = ahead.popleft().get()
            ahead.extend(pool.apply_async(_chunk, (job,)) for job in itertools.islice(queue, 1))
            _load(pg, rows, columns)
            done, bands = done + rows[3], bands + rows[4]
            if progress:
                progress(done, n, time.perf_counter() - began)
    loaded = time.perf_counter() - began
    with connection.cursor() as cursor:
        if pg:
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for statement in create:
            cursor.execute(statement)
    indexed = time.perf_counter() - began - loaded
    with connection.cursor() as cursor:
        if pg:
            for table in TABLES:  # statistics, and the visibility map for index-only scans of the bands
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("ANALYZE")
    vacuumed = time.perf_counter() - began - loaded - indexed
    return {"load": loaded, "index": indexed, "vacuum": vacuumed, "bands": bands, "workers": workers}


# --- measuring ----------------------------------------------------------------------------------------------


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _every_letter(texts: list[str]) -> list[tuple[float, Any]]:
    """The baseline: read every stored signature and score each (the letters above THRESHOLD, best first)."""
    from phoihop.letters.models import Fingerprint

    score_of = matching.scorer(matching.signature(matching.tokens(texts)))  # as related() scores
    rows: Iterator[tuple[Any, Any]] = Fingerprint.objects.values_list("case_id", "signature").iterator(
        chunk_size=20_000
    )
    scored = ((score_of(stored), case_id) for case_id, stored in rows)
    return sorted((s for s in scored if s[0] >= matching.THRESHOLD), key=lambda s: s[0], reverse=True)


def run(n: int, samples: int = 200, baseline_queries: int = 3) -> None:
    from django.db import connection

    from phoihop.people.synth import print_progress

    began = time.perf_counter()
    stats = build(n, progress=print_progress)
    print(  # noqa: T201
        f"  letters: {n:,} fictional letters stored in {time.perf_counter() - began:.0f} s "
        f"(generated, signed by {stats['workers']:.0f} processes and loaded {stats['load']:.0f} s, "
        f"indexes and foreign keys {stats['index']:.0f} s, vacuum {stats['vacuum']:.0f} s; "
        f"{stats['bands']:,.0f} band keys)"
    )
    rng = random.Random(17)  # noqa: S311 - seeded samples
    picked = rng.sample(range(n), min(n, samples + 20))
    warm, measured = picked[:20], picked[20:]
    persons = [rng.randrange(1, 1_000_000)]  # the persons query runs too (no stored letter concerns them)

    def queries(indices: list[int]) -> list[tuple[int, list[str]]]:
        return [(i, textgen.near_duplicate(rng, _letter(i))) for i in indices]

    for _i, texts in queries(warm):
        matching.related(texts, persons)
    times, found, shown = [], 0, []
    for i, texts in queries(measured):
        start = time.perf_counter()
        result = matching.related(texts, persons)
        times.append(time.perf_counter() - start)
        found += any(r.case_id == _case_id(i) for r in result)
        shown.append(len(result))

    base_times = []
    base_found = 0
    for i, texts in queries(measured[:baseline_queries]):
        start = time.perf_counter()
        everything = _every_letter(texts)
        base_times.append(time.perf_counter() - start)
        base_found += any(case_id == _case_id(i) for _score, case_id in everything)

    unrelated = random.Random(SEED + n + 1)  # noqa: S311 - not the seed of any stored letter
    fresh = [textgen.allegations(unrelated) for _ in range(samples)]
    false_positive = sum(bool(matching.related(texts, persons)) for texts in fresh)

    p95, median = _p95(times), statistics.median(times) * 1000
    base_median = statistics.median(base_times) * 1000
    ratio = base_median / median
    recall = found / len(measured)
    print(  # noqa: T201
        f"  baseline: compare against every letter ({n:,} signatures read from {connection.vendor} "
        "and scored), "
        f"median {base_median:,.0f} ms ({len(base_times)} queries, found {base_found}/{len(base_times)})"
    )
    print(  # noqa: T201
        f"    duplicate check  p95 {p95:6.2f} ms  median {median:6.2f} ms  "
        f"ratio = baseline_p50 / indexed_p50 = ×{ratio:,.0f}  ({len(times)} near-duplicates; "
        f"target ≤ 50 ms, ×100)  {'OK' if p95 <= 50 and ratio >= 100 else 'BELOW TARGET'}"
    )
    print(  # noqa: T201
        f"    recall on {len(measured)} near-duplicates (reworded, reordered, half without accents) "
        f"{100 * recall:5.1f}%  (target ≥ 95%)  {'OK' if recall >= 0.95 else 'BELOW TARGET'}; "
        f"{statistics.mean(shown):.2f} letters shown per check"
    )
    print(  # noqa: T201
        f"    false positives: {false_positive} of {len(fresh)} unrelated fresh letters matched a stored one "
        f"({100 * false_positive / len(fresh):.1f}%)"
    )
