"""Background tasks that remember who asked: `@task` and `@periodic_task` wrap huey's `db_task` and
`db_periodic_task` so that a task runs under the request id of the request that enqueued it (the same id its
audit events carry, and the `X-Request-ID` the user's browser was answered with), and a failure is logged with
that id and its traceback before huey retries or gives up. A periodic task has no request: each run gets an id
of its own (`task-…`), in its log lines and in the audit events it writes."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from huey.contrib.djhuey import db_periodic_task, db_task

from phoihop import transactions
from phoihop.audit import context

logger = logging.getLogger("phoihop.tasks")

REQUEST_ID_KWARG = "phoihop_request_id"


def request_id() -> str:
    """The current request's id, or a fresh one for work no request asked for (a command, a periodic run)."""
    return context.current().request_id or f"task-{uuid.uuid4().hex[:16]}"


def _run(func: Callable[..., Any], rid: str, args: Any, kwargs: Any) -> Any:
    token = context.set_current(context.RequestContext(request_id=rid))
    try:
        # a task is a unit of its own, also when huey runs it at once (in tests, after the enqueuing action's
        # commit, still inside that action's call)
        with transactions.detached():
            return func(*args, **kwargs)
    except Exception:
        logger.exception(
            "background task %s failed (request %s)", func.__qualname__, rid, extra={"request_id": rid}
        )
        raise
    finally:
        context.reset(token)


def task(**options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@task(retries=1, retry_delay=30)`: calling the function enqueues it with the caller's request id."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            rid = kwargs.pop(REQUEST_ID_KWARG, "") or request_id()
            return _run(func, rid, args, kwargs)

        queued = db_task(**options)(
            run
        )  # same module and name as `func`: huey's registry name does not change

        @functools.wraps(func)
        def enqueue(*args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault(REQUEST_ID_KWARG, request_id())
            return queued(*args, **kwargs)

        enqueue.task = queued  # type: ignore[attr-defined]
        return enqueue

    return decorate


def after_commit(enqueue: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue a `@task` once the current transaction commits, under the id of the request running now (the
    commit may come after the request's context has ended, as when a test runs the commit callbacks)."""
    kwargs[REQUEST_ID_KWARG] = request_id()
    transaction.on_commit(lambda: enqueue(*args, **kwargs))


def periodic_task(schedule: Any, **options: Any) -> Callable[[Callable[[], Any]], Any]:
    """`@periodic_task(crontab(...))`: each run under an id of its own, its failure logged with it."""

    def decorate(func: Callable[[], Any]) -> Any:
        @functools.wraps(func)
        def run() -> Any:
            return _run(func, request_id(), (), {})

        return db_periodic_task(schedule, **options)(run)

    return decorate
