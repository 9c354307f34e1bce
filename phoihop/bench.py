"""`make bench`: benchmarks printed as ratios against a baseline measured in the same run.

Runs on a throw-away database (SQLite in a temporary data directory, or the PostgreSQL database named by
PHOIHOP_DATABASE_URL, whose test copy is created and dropped). Nothing here asserts a time.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable

N = int(os.environ.get("PHOIHOP_BENCH_N", "2000"))


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("PHOIHOP_DATA_DIR", tempfile.mkdtemp(prefix="phoihop-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import setup_databases, teardown_databases

    from phoihop.audit import registry
    from phoihop.audit.models import AuditEvent
    from phoihop.audit.selectors import audit_verify
    from phoihop.audit.services import audit_record
    from phoihop.core.models import Agency

    old = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"phoihop bench on {connection.vendor}, N={N}")

        def baseline_inserts() -> None:
            for i in range(N):
                with transaction.atomic():
                    Agency.objects.create(code=f"B{i:05d}", name=f"Cơ quan {i}")

        def audited_inserts() -> None:
            for i in range(N):
                with transaction.atomic():
                    audit_record(
                        action=registry.AGENCY_UPDATE,
                        object_type="core.agency",
                        object_id=str(i),
                        payload={"changes": {"name": {"before": "a", "after": f"b{i}"}}},
                    )

        base = _timed(baseline_inserts)
        audited = _timed(audited_inserts)
        print(
            f"  audit append, one event per transaction : {N / audited:8.0f} ev/s   "
            f"ratio {audited / base:5.2f}× the baseline (plain one-row insert per transaction, {N / base:.0f}/s)"
        )

        scan = _timed(lambda: [e.hash for e in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)])
        verify = _timed(lambda: audit_verify())
        print(
            f"  audit verify (hash every link)          : {N / verify:8.0f} ev/s   "
            f"ratio {verify / scan:5.2f}× the baseline (reading the same rows in order)"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
