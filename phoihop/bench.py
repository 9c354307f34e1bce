"""`make bench`: benchmarks printed as ratios against a baseline measured in the same run.

Runs on a throw-away database: SQLite in a temporary data directory, or — with PHOIHOP_DATABASE_URL set — a
scratch PostgreSQL database `<name>_bench` created and dropped around the run. Nothing here asserts a time;
targets are printed next to the measurements.

  PHOIHOP_BENCH_WRITERS    concurrent writer processes (default 8)
  PHOIHOP_BENCH_EVENTS     events per writer (default 400)
  PHOIHOP_BENCH_VERIFY_N   events in the verification benchmark (default 1,000,000)
  PHOIHOP_BENCH_PERSONS    fictional persons in the search benchmark (default 1,000,000)
  PHOIHOP_BENCH_LETTERS    stored letters in the duplicate-letter check benchmark (default 1,000,000)
  PHOIHOP_BENCH_VETTING    candidates in the batch vetting benchmark (default 1,000)
  PHOIHOP_BENCH_ONLY       comma-separated parts to run: audit, people, letters, vetting, extraction, pages
                           (default all six; pages — the load benchmark of phoihop/pages_bench.py — runs
                           first, in a scratch database of its own)
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

WRITERS = int(os.environ.get("PHOIHOP_BENCH_WRITERS", "8"))
EVENTS = int(os.environ.get("PHOIHOP_BENCH_EVENTS", "1000"))
ROUNDS = int(os.environ.get("PHOIHOP_BENCH_ROUNDS", "5"))
VERIFY_N = int(os.environ.get("PHOIHOP_BENCH_VERIFY_N", "1000000"))
PERSONS = int(os.environ.get("PHOIHOP_BENCH_PERSONS", "1000000"))
LETTERS = int(os.environ.get("PHOIHOP_BENCH_LETTERS", "1000000"))
VETTING = int(os.environ.get("PHOIHOP_BENCH_VETTING", "1000"))
ONLY = set(os.environ.get("PHOIHOP_BENCH_ONLY", "audit,people,letters,vetting,extraction,pages").split(","))


def _prepare_environment() -> str | None:
    """Point Django at a scratch database before it is set up; returns the PostgreSQL admin URL if any."""
    os.environ["PHOIHOP_DATA_DIR"] = tempfile.mkdtemp(prefix="phoihop-bench-")
    os.environ.setdefault("PHOIHOP_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")
    url = os.environ.get("PHOIHOP_DATABASE_URL")
    if not url:
        return None
    base, _, name = url.rpartition("/")
    os.environ["PHOIHOP_DATABASE_URL"] = f"{base}/{name.split('?')[0]}_bench"
    return url


def _scratch_postgres(admin_url: str, *, create: bool) -> None:
    import psycopg

    from phoihop.conf import parse_database_url

    db = parse_database_url(admin_url)
    target = parse_database_url(os.environ["PHOIHOP_DATABASE_URL"])["NAME"]
    with psycopg.connect(
        dbname="postgres",
        user=str(db["USER"]) or None,
        password=str(db["PASSWORD"]) or None,
        host=str(db["HOST"]) or None,
        port=str(db["PORT"]) or None,
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        if create:
            conn.execute(f'CREATE DATABASE "{target}"')


def _writer(kind: str, writer: int, count: int, start: Any) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from phoihop.audit import registry
    from phoihop.audit.chain import canonical_payload
    from phoihop.audit.models import AuditEvent
    from phoihop.audit.services import _INSERT_FIELDS, _sql, audit_record, db_params

    payload = {"changes": {"name": {"before": "a", "after": "b"}}, "writer": writer}
    start.wait()
    for i in range(count):
        if kind == "chained":
            audit_record(
                action=registry.RECORD_READ,
                object_type="cases.case",
                object_id=f"{writer}-{i}",
                actor_name=f"ghi{writer}",
                payload=payload,
            )
        else:
            # The same raw INSERT the chained path uses, minus the lock, the head read and the hash.
            event = AuditEvent(
                seq=writer * 10_000_000 + i + 1,
                occurred_at=timezone.now(),
                actor_name=f"ghi{writer}",
                action="record.read",
                object_type="cases.case",
                object_id=f"{writer}-{i}",
                payload=canonical_payload(payload),
                prev_hash="0" * 64,
                hash="0" * 64,
            )
            _head_sql, insert_sql = _sql()
            params = db_params(event, _INSERT_FIELDS, connection)
            # Each in its own transaction, committed by the server (autocommit), as a lone audit_record() is.
            with connection.cursor() as cursor:
                cursor.execute(insert_sql, params)
    connection.close()


def _concurrent(kind: str) -> float:
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(WRITERS + 1)
    procs = [ctx.Process(target=_writer, args=(kind, w, EVENTS, start)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - began
    if any(p.exitcode for p in procs):
        sys.exit(f"a {kind} writer failed")
    return elapsed


def _clear_events() -> None:
    from django.db import connection

    from phoihop.audit.models import AuditEvent

    if connection.vendor == "postgresql":
        # A DELETE would leave the previous round's rows as dead index entries at the head of the chain, which
        # the next round's head reads would step over — a cost production never has (audit rows are never
        # deleted there, and pruning removes the oldest).
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(AuditEvent._meta.db_table)}")
        return
    AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)


def _fill_chain(n: int) -> float:
    """n valid chained events, written in bulk (the chain is computed exactly as audit_record does)."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from phoihop.audit.chain import GENESIS_HASH, canonical_payload, event_texts, record_hash
    from phoihop.audit.models import AuditEvent

    began = time.perf_counter()
    prev, now, batch = GENESIS_HASH, timezone.now() - timedelta(days=365), []
    payload = canonical_payload({"changes": {"status": {"before": "mở", "after": "đóng"}}})
    for seq in range(1, n + 1):
        event = AuditEvent(
            seq=seq,
            occurred_at=now + timedelta(seconds=seq),
            actor_name="btc.chuyenvien",
            agency_code="BTC",
            action="record.read",
            object_type="cases.case",
            object_id=f"{seq:08d}",
            object_repr=f"Hồ sơ {seq}",
            outcome="allowed",
            request_id=f"{seq:032x}",
            ip="10.0.0.7",
            user_agent="Mozilla/5.0",
            payload=payload,
            prev_hash=prev,
        )
        event.hash = prev = record_hash(prev, event_texts(event))
        batch.append(event)
        if len(batch) == 5000:
            with transaction.atomic():
                AuditEvent.objects.bulk_create(batch)
            batch = []
    if batch:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(batch)
    return time.perf_counter() - began


def _timed(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def main() -> None:
    if "pages" in ONLY and len(ONLY) > 1:
        # The load benchmark builds its own data set: a run of its own, in a scratch database of its own.
        import subprocess

        subprocess.run(
            [sys.executable, "-m", "phoihop.bench"],
            env={**os.environ, "PHOIHOP_BENCH_ONLY": "pages"},
            check=True,
        )
        ONLY.discard("pages")
    admin_url = _prepare_environment()
    if admin_url:
        _scratch_postgres(admin_url, create=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from phoihop.audit.chain import HASHED_FIELDS
    from phoihop.audit.models import AuditEvent
    from phoihop.audit.selectors import audit_verify

    try:
        call_command("migrate", verbosity=0)
        print(f"phoihop bench on {connection.vendor}")
        if "pages" in ONLY:
            from phoihop.pages_bench import run as pages_bench

            pages_bench()
        if "extraction" in ONLY:
            from phoihop.documents.bench import run as extraction_bench

            extraction_bench()
        if "people" in ONLY:
            from phoihop.people.bench import run as people_bench

            people_bench(PERSONS)
        if "letters" in ONLY:
            from phoihop.letters.bench import run as letters_bench

            letters_bench(LETTERS)
        if "vetting" in ONLY:
            from phoihop.vetting.bench import run as vetting_bench

            vetting_bench(VETTING)
        if "audit" not in ONLY:
            return
        total = WRITERS * EVENTS
        ratios = []
        # Alternating rounds: on a small machine one pair of
        # runs is at the mercy of whatever else ran meanwhile.
        for round_no in range(1, ROUNDS + 1):
            _clear_events()
            plain = _concurrent("plain")
            _clear_events()
            chained = _concurrent("chained")
            assert audit_verify().ok, "the chain written by concurrent writers does not verify"
            ratios.append(plain / chained)
            print(
                f"  audit append, round {round_no}/{ROUNDS}, {WRITERS} concurrent writers "
                f"× {EVENTS}: chained {total / chained:5.0f} ev/s, plain inserts into the "
                f"same table {total / plain:5.0f} ev/s, ratio {plain / chained:.2f}"
            )
        ratio = statistics.median(ratios)
        print(
            f"    ratio chained/plain, median of {ROUNDS} rounds = {ratio:.2f} (lowest {min(ratios):.2f})  "
            f"(target ≥ 0.50)  {'OK' if ratio >= 0.5 else 'BELOW TARGET'}"
        )
        _clear_events()
        fill = _fill_chain(VERIFY_N)
        columns = (*HASHED_FIELDS, "prev_hash", "hash")
        scan = _timed(
            lambda: sum(
                1 for _ in AuditEvent.objects.order_by("seq").values_list(*columns).iterator(chunk_size=5000)
            )
        )
        verify_result: list[Any] = []
        workers = min(os.cpu_count() or 1, 4)
        verify = _timed(lambda: verify_result.append(audit_verify(workers=workers)))
        assert verify_result[0].ok and verify_result[0].checked == VERIFY_N
        print(
            f"  audit verify of {VERIFY_N:,} events with {workers} processes (filled "
            f"in {fill:.0f} s): {verify:.1f} s (target < 10 s for 1,000,000)  "
            f"{'OK' if verify * 1_000_000 / VERIFY_N < 10 else 'BELOW TARGET'}"
        )
        print(f"    ratio verify/plain ordered read of the same rows ({scan:.1f} s) = {verify / scan:.2f}")
    finally:
        connection.close()
        if admin_url:
            _scratch_postgres(admin_url, create=False)


if __name__ == "__main__":
    main()
