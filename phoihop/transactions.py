"""The transaction of a user action: `@user_action` on every service that is the top of one, `batch()` for the
few callers that run many actions as one unit (the demo province, an import, synthetic data).

A user action — what one page, API call or command asks for — commits in its own durable transaction: Django
refuses `atomic(durable=True)` inside another transaction, so a service called by mistake from another service
(whose effects would then commit or roll back with someone else's) fails loudly at once instead of silently
nesting. Helpers the actions share stay plain `@transaction.atomic` (a savepoint inside the action). Inside
`batch()` each action is a savepoint of the batch's one transaction; an action still may not call another.
Imports Django only, so that every app may use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
T = TypeVar("T")

_in_batch: ContextVar[bool] = ContextVar("phoihop_in_batch", default=False)
_running: ContextVar[str] = ContextVar("phoihop_running_action", default="")


class NestedActionError(RuntimeError):
    """A user action called from inside another: a programming error, never a user's."""


def user_action(service: Callable[P, T]) -> Callable[P, T]:
    """Run `service` as the top of a user action: in a durable transaction (a savepoint inside `batch()`)."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        outer = _running.get()
        if outer:
            raise NestedActionError(
                f"{service.__qualname__} is the top of a user action and "
                f"was called inside {outer}: call a shared helper instead"
            )
        token = _running.set(service.__qualname__)
        try:
            with transaction.atomic(durable=not _in_batch.get()):
                return service(*args, **kwargs)
        finally:
            _running.reset(token)

    wrapper.user_action = True  # type: ignore[attr-defined]
    return wrapper


@contextmanager
def batch() -> Iterator[None]:
    """Many user actions as one unit, committed together or not at all (each one a savepoint)."""
    token = _in_batch.set(True)
    try:
        with transaction.atomic():
            yield
    finally:
        _in_batch.reset(token)


@contextmanager
def detached() -> Iterator[None]:
    """Outside any user action or batch: for background work, which is a unit of its own even when it runs in
    the process that enqueued it (huey's immediate mode runs a task in the enqueuing action's commit hook)."""
    running, in_batch = _running.set(""), _in_batch.set(False)
    try:
        yield
    finally:
        _running.reset(running)
        _in_batch.reset(in_batch)


def is_user_action(func: Any) -> bool:
    return bool(getattr(func, "user_action", False))
