"""The vetting lists ask the database a fixed number of times whatever their rows
(web/tests/test_query_counts.py names these tests for them): the vetting list and its API, the batches, a
batch's board and its candidates, the partner's batch requests and a request's candidates; and a vetting's
panel and its items whatever its findings, dossier and verifiers."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.cases.tests.helpers import login
from phoihop.people.tests.factories import make_person
from phoihop.vetting import batches, services
from phoihop.vetting.models import Batch, Dispatch, DossierItem
from phoihop.vetting.tests.conftest import ask_and_answer, open_vetting
from phoihop.vetting.tests.test_batches import _request

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 6
NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga"]


def _queries(client: Any, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries), len(response.content)


def test_vetting_lists_do_not_ask_once_per_row(world: dict[str, Any]) -> None:
    officer, liaison = login(world["owner"]), login(world["recipient"])
    made: list[Any] = []

    def grow(n: int) -> None:
        persons = [
            make_person(
                world["owner"], f"Ứng Viên Đo {NAMES[len(made) + i]}", birth_year=1970 + len(made) + i
            )
            for i in range(n)
        ]
        made.extend(persons)
        for p in persons:
            open_vetting(world["owner"], p)
        batch = _request(world, batches.check_rows(world["owner"], [{"uuid": str(p.uuid)} for p in persons]))
        batches.run(batch.pk)
        for d in batches.dispatch_send(
            actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
        ):
            batches.send(d.pk)

    grow(FEW)
    first = Batch.objects.order_by("requested_at").first()
    dispatch = Dispatch.objects.get(batch=first)
    lists = {
        "list": (officer, "/vetting/"),
        "list-filtered": (officer, "/vetting/?status=open"),
        "api-vettings": (officer, "/api/v1/vettings/"),
        "batches": (officer, "/vetting/batches/"),
        "api-batches": (officer, "/api/v1/vetting-batches/"),
        "dispatches": (liaison, "/vetting/dispatches/"),
        "api-dispatches": (liaison, "/api/v1/vetting-dispatches/"),
    }
    per_batch = {
        "board": (officer, f"/vetting/batches/{first.pk}/"),
        "dispatch": (liaison, f"/vetting/dispatches/{dispatch.pk}/"),
        "api-dispatch-items": (liaison, f"/api/v1/vetting-dispatches/{dispatch.pk}/items/"),
        "export": (officer, f"/vetting/batches/{first.pk}/export/"),
        "api-board": (officer, f"/api/v1/vetting-batches/{first.pk}/board/"),
    }
    for c, p in lists.values():
        _queries(c, p)
    few = {k: _queries(c, p) for k, (c, p) in lists.items()}
    small = {k: _queries(c, p) for k, (c, p) in per_batch.items()}
    grow(MANY - FEW)
    big_batch = Batch.objects.order_by("-requested_at").first()
    big_dispatch = Dispatch.objects.get(batch=big_batch)
    per_big = {
        "board": (officer, f"/vetting/batches/{big_batch.pk}/"),
        "dispatch": (liaison, f"/vetting/dispatches/{big_dispatch.pk}/"),
        "api-dispatch-items": (liaison, f"/api/v1/vetting-dispatches/{big_dispatch.pk}/items/"),
        "export": (officer, f"/vetting/batches/{big_batch.pk}/export/"),
        "api-board": (officer, f"/api/v1/vetting-batches/{big_batch.pk}/board/"),
    }
    for c, p in lists.values():
        _queries(c, p)
    many = {k: _queries(c, p) for k, (c, p) in lists.items()}
    large = {k: _queries(c, p) for k, (c, p) in per_big.items()}
    grown = {k: (few[k][0], many[k][0]) for k in lists if few[k][0] != many[k][0]}
    grown |= {k: (small[k][0], large[k][0]) for k in per_batch if small[k][0] != large[k][0]}
    assert not grown, grown
    assert all(many[k][1] > few[k][1] for k in lists), (few, many)


def test_a_vettings_panel_and_its_items_do_not_ask_once_per_finding(world: dict[str, Any]) -> None:
    officer = login(world["owner"])

    def build(n: int) -> Any:
        subject = make_person(
            world["owner"], f"Người Được Đo {NAMES[n]}", birth_year=1975, management_level="local"
        )
        case = open_vetting(world["owner"], subject)
        for i in range(n):
            reply = ask_and_answer(world, case, f"Trả lời {i}")
            finding = services.finding_add(
                actor=world["owner"],
                case=case,
                group="history",
                text=f"Kết quả {i}",
                source_kind="reply",
                source_request=reply.pk,
            )
            services.explanation_add(
                actor=world["owner"], finding=finding, text=f"Giải trình {i}", given_on=reply.sent_on
            )
            services.verifier_add(
                actor=world["owner"],
                case=case,
                person=make_person(
                    world["owner"], f"Người Xác Minh {NAMES[i]} {NAMES[n]}", birth_year=1960 + i
                ),
                place="residence",
            )
        return case

    small, large = build(FEW), build(MANY)
    paths = lambda c: {  # noqa: E731
        "panel": f"/cases/{c.pk}/",
        "api-findings": f"/api/v1/vettings/{c.pk}/findings/",
        "api-dossier": f"/api/v1/vettings/{c.pk}/dossier/",
        "api-verifiers": f"/api/v1/vettings/{c.pk}/verifiers/",
        "api-context": f"/api/v1/vettings/{c.pk}/context/",
    }
    for p in [*paths(small).values(), *paths(large).values()]:  # the first view of the day is recorded once
        _queries(officer, p)
    few = {k: _queries(officer, p)[0] for k, p in paths(small).items()}
    many = {k: _queries(officer, p)[0] for k, p in paths(large).items()}
    assert DossierItem.objects.filter(case=large).count() > 0
    assert few == many, (few, many)
