"""The discipline lists ask the database a fixed number of times whatever their rows
(web/tests/test_query_counts.py names this test for them): the notice list (filtered or not), its API and its
export; and a notice's panel whatever the person's earlier discipline."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.cases.tests.helpers import login
from phoihop.discipline import services
from phoihop.discipline.tests.conftest import open_notice
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 6
NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga"]


def _queries(client: Any, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries), len(response.content)


def test_discipline_lists_and_panel_do_not_ask_once_per_row(world: dict[str, Any]) -> None:
    officer = login(world["owner"])
    made: list[Any] = []

    def grow(n: int) -> Any:
        for _i in range(n):
            person = make_person(
                world["owner"], f"Đảng Viên Đo {NAMES[len(made)]}", birth_year=1970 + len(made)
            )
            case = open_notice(world["owner"], person)
            services.record(actor=world["owner"], case=case)
            made.append(case)
        return made[-1]

    grow(FEW)
    lists = {
        "list": "/discipline/",
        "list-filtered": "/discipline/?origin=party&sanction=warning",
        "api": "/api/v1/discipline-notices/",
        "export": "/discipline/export/",
        "api-export": "/api/v1/discipline-notices/export/",
        "panel": f"/cases/{made[0].pk}/",
    }
    for p in lists.values():  # the first view of the day is recorded once
        _queries(officer, p)
    few = {k: _queries(officer, p) for k, p in lists.items()}
    grow(MANY - FEW)
    # the same person with more discipline: the panel shows each, in the same number of queries
    for i in range(3):
        case = open_notice(world["owner"], made[0].subjects.get().person, decision_number=f"{i + 50}-QĐ/UBKT")
        services.record(actor=world["owner"], case=case)
    for p in lists.values():
        _queries(officer, p)
    many = {k: _queries(officer, p) for k, p in lists.items()}
    grown = {k: (few[k][0], many[k][0]) for k in lists if few[k][0] != many[k][0]}
    assert not grown, grown
    assert all(many[k][1] > few[k][1] for k in lists), (few, many)
