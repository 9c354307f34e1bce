"""Concurrent sessions (one database connection per thread): no duplicate case numbers, and of two leaders
firing the same transition at once exactly one wins and the other is told."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def runner(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except BaseException as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_numbers_are_unique_under_concurrent_opening():
    hub = AgencyFactory(code="BTC", is_hub=True)
    officers = [UserFactory(username=f"cv{i}", agency=hub, roles=["officer"]) for i in range(6)]
    jobs = [
        lambda u=u, n=n: services.case_open(actor=u, title=f"Hồ sơ {u.username}-{n}").number
        for u in officers
        for n in range(3)
    ]
    numbers = run_together(jobs)
    assert all(isinstance(n, str) for n in numbers), numbers
    assert len(set(numbers)) == len(numbers) == Case.objects.count() == 18
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 19))


def test_two_leaders_conclude_at_once_one_wins():
    hub = AgencyFactory(code="BTC", is_hub=True)
    officer = UserFactory(username="cv", agency=hub, roles=["officer"])
    leaders = [UserFactory(username=f"ld{i}", agency=hub, roles=["leader"]) for i in range(2)]
    case = services.case_open(actor=officer, title="Kết luận cùng lúc")
    results = run_together(
        [
            lambda u=u: services.case_transition(
                actor=u, case=case, name="conclude", reason=f"Kết luận của {u.username}", expected_version=1
            )
            for u in leaders
        ]
    )
    winners = [r for r in results if isinstance(r, Case)]
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "người khác thay đổi" in str(losers[0]) or "Không thể" in str(losers[0])
    case.refresh_from_db()
    assert case.version == 2 and case.outcome == winners[0].outcome


def _in_processes(target, args_list):
    """Run target(*args) in forked processes, each with its own database connection; return their results."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child(args):
        try:
            queue.put(("ok", target(*args)))
        except Exception as exc:
            queue.put((type(exc).__name__, str(exc)))
        finally:
            connections.close_all()

    procs = [ctx.Process(target=child, args=(args,)) for args in args_list]
    for p in procs:
        p.start()
    results = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return results


def _open_three(user_pk):
    from phoihop.core.models import User

    user = User.objects.get(pk=user_pk)
    return [services.case_open(actor=user, title=f"Hồ sơ {user.username} {i}").number for i in range(3)]


def _conclude(user_pk, case_pk):
    from phoihop.core.models import User

    return services.case_transition(
        actor=User.objects.get(pk=user_pk),
        case=Case.objects.get(pk=case_pk),
        name="conclude",
        reason="Kết luận song song",
        expected_version=1,
    ).version


def test_several_processes_no_duplicate_numbers_and_one_transition_wins():
    hub = AgencyFactory(code="BTC", is_hub=True)
    officers = [UserFactory(username=f"qt{i}", agency=hub, roles=["officer"]) for i in range(4)]
    opened = _in_processes(_open_three, [(u.pk,) for u in officers])
    assert all(status == "ok" for status, _ in opened), opened
    numbers = [n for _, batch in opened for n in batch]
    assert len(set(numbers)) == 12 == Case.objects.count()

    leaders = [UserFactory(username=f"ld{i}", agency=hub, roles=["leader"]) for i in range(3)]
    case = services.case_open(actor=officers[0], title="Ba lãnh đạo cùng kết luận")
    outcomes = _in_processes(_conclude, [(u.pk, case.pk) for u in leaders])
    assert sorted(status for status, _ in outcomes) == ["ConflictError", "ConflictError", "ok"], outcomes
    case.refresh_from_db()
    assert case.status == "concluded" and case.version == 2
