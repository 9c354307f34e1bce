"""Batch vetting benchmark (called by `phoihop.bench`): a congress batch of N candidates (default 1,000)
created by the batch runner — the code the worker runs, progress written every 25 — with one dispatch to each
of two partners (a verification request in every case), timed against the baseline measured in the same run:
the same number of plain general-coordination cases opened through `case_open`, one per candidate. Then the
batch board over the N cases, p95 of repeated reads, against the same board over a batch of 10, with the query
count of each (it must not grow with the batch)."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any

TARGET_SECONDS = 60.0
TARGET_BOARD_MS = 200.0


def _world() -> dict[str, Any]:
    from phoihop.core.models import Agency, Role, User

    hub = Agency.objects.filter(is_hub=True).first() or Agency.objects.create(
        code="BTC", name="Ban Tổ chức (bench)", kind="party_board", is_hub=True
    )
    officer = User.objects.create(username="bench.vetting", full_name="Cán Bộ Đo", agency=hub, clearance=3)
    officer.roles.add(Role.objects.get(code="officer"))
    partners = []
    for code in ("CA-VB", "UBKT-VB"):
        agency = Agency.objects.create(code=code, name=f"Cơ quan {code} (bench)", kind="police")
        liaison = User.objects.create(username=f"bench.{code.lower()}", agency=agency, clearance=3)
        liaison.roles.add(Role.objects.get(code="liaison"))
        partners.append(agency)
    return {"hub": hub, "officer": officer, "partners": partners}


def _batch(w: dict[str, Any], persons: list[Any], name: str) -> Any:
    from django.utils import timezone

    from phoihop.vetting import batches
    from phoihop.vetting.models import Purpose

    rows = batches.check_rows(w["officer"], [{"uuid": str(p.uuid)} for p in persons])
    return batches.batch_request(
        actor=w["officer"],
        name=name,
        purpose=Purpose.objects.get(code="congress"),
        requesting_body="Cấp ủy hư cấu (bench)",
        deadline=timezone.localdate() + timedelta(days=45),
        classification=1,
        rows=rows,
        start=False,
    )


def _create_and_dispatch(w: dict[str, Any], persons: list[Any], name: str) -> Any:
    from phoihop.vetting import batches

    batch = _batch(w, persons, name)
    assert batches.run(batch.pk) == "ready"
    batch.refresh_from_db()
    for dispatch in batches.dispatch_send(
        actor=w["officer"], batch=batch, agencies=w["partners"], body="Đề nghị xác minh (bench)", start=False
    ):
        assert batches.send(dispatch.pk) == "sent"
    return batch


def run(n: int = 1000, reads: int = 60) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phoihop.cases.services import case_open
    from phoihop.people.models import Person
    from phoihop.people.synth import generate_persons
    from phoihop.vetting import rules, selectors

    rules.ensure_defaults()
    w = _world()
    before = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    generate_persons(n + 10, agency=w["hub"], seed=4242)
    persons = list(Person.objects.filter(id__gt=before).order_by("id")[: n + 10])
    big, small = persons[:n], persons[n:]

    began = time.perf_counter()
    for i, person in enumerate(big):
        case_open(
            actor=w["officer"],
            kind="general",
            title=f"Hồ sơ đối chứng {i} (bench)",
            subject_name=person.full_name,
        )
    baseline = time.perf_counter() - began

    began = time.perf_counter()
    batch = _create_and_dispatch(w, big, "Đợt đo (bench)")
    measured = time.perf_counter() - began
    print(  # noqa: T201
        f"  vetting batch: {n:,} cases created and {2 * n:,} partner requests sent in "
        f"{measured:.1f} s (baseline: {n:,} general cases opened one by one {baseline:.1f} "
        f"s, ratio {measured / baseline:.2f}) (target ≤ {TARGET_SECONDS:.0f} s)  "
        f"{'OK' if measured <= TARGET_SECONDS else 'ABOVE TARGET'}"
    )

    few = _create_and_dispatch(w, small, "Đợt nhỏ (bench)")

    def timed(b: Any) -> tuple[list[float], int]:
        with CaptureQueriesContext(connection) as ctx:
            selectors.board(w["officer"], b)
        times = []
        for _ in range(reads):
            start = time.perf_counter()
            selectors.board(w["officer"], b)
            times.append((time.perf_counter() - start) * 1000)
        return times, len(ctx.captured_queries)

    big_times, big_queries = timed(batch)
    small_times, small_queries = timed(few)

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20)[-1]

    print(  # noqa: T201
        f"  vetting batch board over {n:,} cases: p95 {p95(big_times):.1f} ms in {big_queries} "
        f"queries (baseline: the board of a 10-case batch, p95 {p95(small_times):.1f} ms in "
        f"{small_queries} queries; ratio {p95(big_times) / p95(small_times):.2f}) (target p95 "
        f"≤ {TARGET_BOARD_MS:.0f} ms, queries equal)  "
        f"{'OK' if p95(big_times) <= TARGET_BOARD_MS and big_queries == small_queries else 'ABOVE TARGET'}"
    )
