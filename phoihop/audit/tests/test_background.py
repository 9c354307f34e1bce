"""Background tasks run under the request id of the request that enqueued them and log their failures with it
and the traceback (audit/background.py); a periodic run gets an id of its own."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from huey import crontab

from phoihop.audit import context
from phoihop.audit.background import periodic_task, task

seen: list[str] = []


@task()
def _remember_or_fail(fail: bool) -> None:
    seen.append(context.current().request_id)
    if fail:
        raise OSError("the disk is full")


@periodic_task(crontab(minute="0", hour="3"))
def _nightly() -> None:
    seen.append(context.current().request_id)
    raise OSError("the nightly run failed")


@pytest.fixture
def in_request() -> Any:
    token = context.set_current(context.RequestContext(request_id="req-0123456789", ip="10.0.0.1"))
    yield "req-0123456789"
    context.reset(token)


def _failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "phoihop.tasks"]


def test_a_task_runs_under_the_request_id_that_enqueued_it(in_request: str, caplog: Any) -> None:
    seen.clear()
    _remember_or_fail(False)  # tests run tasks at once (huey's immediate mode), as the worker would later
    assert seen == [in_request] and not _failures(caplog)


def test_a_failing_task_is_logged_with_the_request_id_and_the_traceback(in_request: str, caplog: Any) -> None:
    seen.clear()
    with caplog.at_level(logging.ERROR, logger="phoihop.tasks"):
        _remember_or_fail(True)
    [record] = _failures(caplog)
    assert in_request in record.getMessage() and "_remember_or_fail" in record.getMessage()
    assert record.request_id == in_request  # type: ignore[attr-defined]
    assert record.exc_info and "the disk is full" in str(record.exc_info[1])
    assert context.current().request_id == in_request  # the request's own context is untouched


def test_a_periodic_run_has_an_id_of_its_own(caplog: Any) -> None:
    seen.clear()
    with caplog.at_level(logging.ERROR, logger="phoihop.tasks"), pytest.raises(OSError):
        _nightly.call_local()
    [record] = _failures(caplog)
    assert seen[0].startswith("task-") and seen[0] in record.getMessage() and record.exc_info
