"""Migration cases 0008: deadlines stored before the clock existed keep their due date, their extension count
and their open pause, and from then on follow the calendar without losing what the old rows had."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from phoihop.cases import deadlines
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.core import services as core_services
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
# The state before the clock: cases 0007, and core 0004 (core 0005 adds a NOT NULL agency column that the
# state of cases 0007 does not know, so it is unapplied too and comes back with the rest).
BEFORE = [("cases", "0007_title_fold_index"), ("core", "0004_calendarday")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():
    """A failure half-way must not leave the schema at BEFORE for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_deadlines_move_into_clocks() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Agency, OldCase, OldRequest = (
        old.get_model(*m.split(".")) for m in ("core.Agency", "cases.Case", "cases.CoordinationRequest")
    )
    hub = Agency.objects.create(id=uuid.uuid4(), code="BTC", name="Ban Tổ chức", is_hub=True)
    police = Agency.objects.create(id=uuid.uuid4(), code="CA", name="Công an")
    case = OldCase.objects.create(
        id=uuid.uuid4(),
        number="PH-2027-00001",
        title="Cũ",
        owner_agency_id=hub.pk,
        status="open",
        opened_on=date(2027, 3, 1),
        due_on=date(2027, 4, 12),
        due_days=30,
        due_unit="working",
    )

    def request(**kwargs):
        fields = {
            "id": uuid.uuid4(),
            "case_id": case.pk,
            "from_agency_id": hub.pk,
            "to_agency_id": police.pk,
            "kind": "verify",
            "body": "Y",
            "sent_on": date(2027, 3, 1),
            "unit": "working",
        } | kwargs
        return OldRequest.objects.create(**fields).pk

    extended = request(days=10, due_on=date(2027, 3, 22), extensions=1)  # 10 + 5 working days
    paused = request(days=5, due_on=date(2027, 3, 8), paused_on=date(2027, 3, 3), remaining_days=3)
    resumed = request(days=5, due_on=date(2027, 3, 18))  # paused 3/3, resumed 15/3: only the date was kept
    rolled = request(days=5, unit="calendar", due_on=date(2027, 3, 8))  # Sat 6/3 rolled to Mon 8/3

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    def clock(pk):
        req = CoordinationRequest.objects.get(pk=pk)
        return req, req.clock

    req, c = clock(extended)
    assert (req.due_on, c.period, c.carried_days, req.extensions) == (date(2027, 3, 22), 10, 5, 1)
    req, c = clock(paused)
    assert (req.due_on, req.paused_on, req.remaining_days, c.carried_days) == (
        date(2027, 3, 8),
        date(2027, 3, 3),
        3,
        0,
    )
    req, c = clock(resumed)
    assert (req.due_on, c.carried_days) == (date(2027, 3, 18), 8)
    req, c = clock(rolled)
    assert (req.due_on, c.carried_days) == (date(2027, 3, 8), 0)  # the weekend roll is not carried
    migrated = Case.objects.get(pk=case.pk)
    assert (migrated.due_on, migrated.clock.period, migrated.clock.carried_days) == (date(2027, 4, 12), 30, 0)
    for pk in (extended, paused, resumed, rolled):
        req = CoordinationRequest.objects.get(pk=pk)
        assert req.due_on == deadlines.due_date(deadlines.state_of(req.clock), deadlines.calendar_of(req))

    admin = UserFactory(username="qt", agency=migrated.owner_agency, roles=["admin"])
    core_services.calendar_day_add(actor=admin, day=date(2027, 3, 10), kind="off", name="Bão")
    assert CoordinationRequest.objects.get(pk=extended).due_on == date(2027, 3, 23)  # the extension is kept
