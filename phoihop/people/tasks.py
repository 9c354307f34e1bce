"""Background work of the people registry: retention jobs (deleting or anonymising persons past retention)."""

from __future__ import annotations

from typing import Any

from phoihop.audit.background import task
from phoihop.people import retention


@task()
def run_retention_job(job_id: Any) -> str:
    """Not retried: a job that failed left nothing changed,
    and the keeper decides whether to start another."""
    return retention.run(job_id)
