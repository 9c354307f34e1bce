"""The consultation lists ask the database a fixed number of times whatever their rows
(web/tests/test_query_counts.py names this test for them): the list and its API for the asker and the
consulted body, the XLSX export, and one consultation's answer page and API table whatever its candidates and
bodies."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.cases.tests.helpers import login
from phoihop.consultations.models import Candidate
from phoihop.consultations.services import opinion_give
from phoihop.consultations.tests.conftest import open_consultation
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Oanh", "Phúc"]


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def test_consultation_lists_do_not_ask_once_per_row(world: dict[str, Any]) -> None:
    officer, liaison = login(world["owner"]), login(world["recipient"])
    made: list[Any] = []

    def grow(n: int) -> Any:
        case = None
        for _ in range(n):
            persons = [
                make_person(
                    world["owner"], f"Nhân Sự Đo {NAMES[len(made) + i]}", birth_year=1970 + len(made) + i
                )
                for i in range(2)
            ]
            made.extend(persons)
            case = open_consultation(
                world,
                candidates=[{"person": str(p.uuid), "proposed_position": "Phó"} for p in persons],
            )
            opinion_give(
                actor=world["ca"],
                case=case,
                answers=[{"candidate": c.pk, "answer": "agree"} for c in Candidate.objects.filter(case=case)],
            )
        return case

    first = grow(1)
    paths = {
        "list": (officer, "/consultations/"),
        "list-body": (liaison, "/consultations/"),
        "export": (officer, "/consultations/export.xlsx"),
        "api-list": (officer, "/api/v1/consultations/"),
        "api-list-body": (liaison, "/api/v1/consultations/"),
        "answer": (liaison, f"/consultations/{first.pk}/answer/"),
        "api-table": (officer, f"/api/v1/consultations/{first.pk}/table/"),
    }
    for c, p in paths.values():
        _queries(c, p)
    few = {k: _queries(c, p) for k, (c, p) in paths.items()}
    grow(3)
    many = {k: _queries(c, p) for k, (c, p) in paths.items()}
    assert many == few
