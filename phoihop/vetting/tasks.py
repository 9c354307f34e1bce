"""Background work of the vetting kind: creating a batch's cases and sending its dispatches (progress shown on
the batch's page; see vetting/batches.py)."""

from __future__ import annotations

from typing import Any

from phoihop.audit.background import task
from phoihop.vetting import batches


@task()
def run_batch(batch_id: Any) -> str:
    """Not retried: a stopped batch keeps what it created and the user starts it again."""
    return batches.run(batch_id)


@task()
def run_dispatch(dispatch_id: Any) -> str:
    return batches.send(dispatch_id)
