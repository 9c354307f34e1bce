"""The case lists are read from an index in the order they show (issue 15), on both databases.

The planner is asked with sequential scans discouraged (PostgreSQL), and bitmap scans and sorts too for a list
read in its order, so that a tiny test table, analysed or not, cannot hide a missing index: with the index the
page is an index scan in list order, without it a sort of every row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from phoihop.cases import selectors, services
from phoihop.cases.models import Case
from phoihop.cases.tests.helpers import hub_and_police, login

pytestmark = pytest.mark.django_db


def plan(qs: Any, *, in_order: bool = False) -> str:
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            if in_order:
                # a list read in its order: a bitmap scan (or another index) and then a sort may be cheaper
                # on a tiny table, depending on whether autovacuum has analysed it yet during the run;
                # discouraged, they still show when no index gives the order (a sort cannot be avoided then)
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def _ordered_by_index(text: str, index: str, table: str = "cases_case") -> bool:
    """The index is used and the table's rows are not sorted afterwards (small lookups elsewhere may sort)."""
    if connection.vendor == "postgresql":
        return index in text and f"Sort Key: {table}." not in text
    return index in text and "TEMP B-TREE FOR ORDER BY" not in text


def test_the_case_list_page_is_an_index_scan_in_its_order(hub):
    people = hub_and_police(hub, officer_clearance=2)
    for i in range(3):
        services.case_open(actor=people["officer"], title=f"Hồ sơ thử {i}")
    page = selectors.case_list(people["officer"])[:50]
    if connection.vendor != "postgresql":
        # SQLite's planner, without statistics of a real table, ORs the visibility indexes and sorts; what it
        # must have is the index that serves the order (the embedded mode's lists are small).
        page = Case.objects.order_by("-opened_on", "-number")[:50]
    text = plan(page, in_order=True)
    assert _ordered_by_index(text, "case_opened_idx"), text


def _two_requests(hub: Any) -> dict[str, Any]:
    people = hub_and_police(hub, officer_clearance=2)
    case = services.case_open(actor=people["officer"], title="Hồ sơ có yêu cầu")
    first = services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="information", body="Một", days=5
    )
    services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="information", body="Hai", days=9
    )
    services.request_respond(actor=people["liaison"], req=first, response="Đã có thông tin")
    return people


def test_the_inbox_puts_unanswered_requests_first_and_reads_them_from_an_index(hub):
    people = _two_requests(hub)
    inbox = selectors.inbox(people["liaison"])
    # the open request first on both databases (PostgreSQL sorts NULL answered_at last unless told otherwise)
    assert [r.answered_at is None for r in inbox] == [True, False]
    text = plan(selectors.inbox(people["liaison"])[:50], in_order=True)
    assert _ordered_by_index(text, "request_inbox_order_idx", "cases_coordinationrequest"), text


def test_the_request_api_list_reads_its_order_from_an_index(hub):
    people = _two_requests(hub)
    client = login(people["liaison"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/requests/").status_code == 200
    page = next(
        q["sql"]
        for q in queries
        if "cases_coordinationrequest" in q["sql"]
        and "LIMIT" in q["sql"]
        and not q["sql"].startswith(
            "SELECT COUNT(*)"
        )  # the capped count comes first; the page is what is read
    )
    with connection.cursor() as cursor:
        prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
        cursor.execute(prefix + page)
        text = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = on")
    assert _ordered_by_index(text, "request_to_due_idx", "cases_coordinationrequest"), text


def test_the_global_search_asks_each_case_condition_on_its_own_index(hub):
    from phoihop.access.policy import Action, restrict

    people = hub_and_police(hub, officer_clearance=2)
    old = services.case_open(actor=people["officer"], title="Thẩm tra lý lịch")
    services.case_open(actor=people["officer"], title=f"Hồ sơ nhắc đến {old.number.lower()} trong trích yếu")
    visible = restrict(Case.objects.all(), people["officer"], Action.VIEW)
    exact, part, words = selectors.case_search_conditions(old.number.lower())
    # the number itself: the unique index on both databases
    text = plan(visible.filter(exact)[:10])
    assert "cases_case_number" in text or "sqlite_autoindex_cases_case" in text, text
    # trigram indexes exist on PostgreSQL only (SQLite: embedded mode, small tables)
    if connection.vendor == "postgresql":
        # (without the list's order: on a table this small the planner would rather walk the order's index)
        assert "cases_case_number_upper_trgm" in plan(visible.filter(part).order_by()[:10])
        assert "cases_case_title_folded_trgm" in plan(visible.filter(words).order_by()[:10])
    # and the number wins over a title that mentions it, though the other case is newer
    from phoihop.search.registry import tiered

    found = tiered(
        Case.objects.all(),
        [exact, part, words],
        ("-opened_on", "-number"),
        10,
        visible=lambda q: restrict(q, people["officer"], Action.VIEW),
    )
    assert found[0].pk == old.pk and len({c.pk for c in found}) == len(found)


def test_the_home_page_queues_walk_the_running_requests_in_deadline_order(hub):
    from django.utils import timezone

    from phoihop.cases.models import CoordinationRequest

    _two_requests(hub)
    today = timezone.localdate()
    if connection.vendor != "postgresql":
        # The index exists on SQLite too, but its planner cannot prove a partial index's condition from bound
        # parameters (the embedded mode's lists are small); PostgreSQL is where a province's requests live.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'request_running_due_idx'"
            )
            assert "paused_on" in cursor.fetchone()[0]
        return
    for queue in (
        CoordinationRequest.objects.overdue(today).order_by("due_on")[:10],
        CoordinationRequest.objects.due_soon(today).order_by("due_on")[:10],
    ):
        text = plan(queue)
        assert "request_running_due_idx" in text, text
