"""Generated leak tests of vetting (access/testing.py): a vetting's findings, dossier and context are seen
only by who sees its case, on the list, the panel and every `vettings/` API; a batch only by the hub's cleared
workers; a partner sees the batch requests sent to it and, of their candidates, only its own requests. The
case-level generated tests (cases/tests/test_kind_leaks.py) cover the vetting as a case."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from phoihop.access.testing import (
    COUNT,
    DETAIL,
    EXPORT,
    LIST,
    Endpoint,
    LeakTests,
    Persona,
    who,
    write,
)
from phoihop.cases import services as case_services
from phoihop.cases.testing import OUTSIDERS as CASE_OUTSIDERS
from phoihop.core.tests.factories import partner_world
from phoihop.people.tests.factories import make_person
from phoihop.vetting import batches, rules, services
from phoihop.vetting.models import Purpose

pytestmark = pytest.mark.django_db

MARK = "Thẩm Định Riêng 6161"
FAKE = "00000000-0000-4000-8000-000000000001"


def build() -> tuple[dict[str, Any], Any]:
    rules.ensure_defaults()
    world = partner_world()
    person = make_person(world["owner"], "Kiều Văn Mẫu", birth_year=1977)
    case = case_services.case_open(
        actor=world["owner"],
        kind="vetting",
        title=f"Thẩm định {MARK}",
        classification=1,
        participants=[world["UBKT"]],
        details={"person": str(person.uuid), "purpose": "appointment", "requesting_body": "Xã Thử"},
    )
    services.finding_add(
        actor=world["owner"],
        case=case,
        group="history",
        text=f"Kết quả {MARK}",
        source_kind="dossier",
        source_note="2C",
    )
    case_services.request_send(
        actor=world["owner"], case=case, to_agency=world["CA"], kind="verify", body="Xác minh giúp", days=10
    )
    return world, case


OUTSIDERS = CASE_OUTSIDERS  # who may not see a case may not see its vetting (cases/testing.py)


class TestVettingLeaks(LeakTests):
    """A vetting's content (its finding) follows the case's rule."""

    personas = [
        *OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
        Persona("owner-agency-leader", sees=True, make=who("leader")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: reverse("vetting:list")),
        Endpoint("ui-case-panel", DETAIL, lambda pk, m: reverse("cases:case_detail", args=[pk])),
        Endpoint("api-vettings", LIST, lambda pk, m: reverse("api:vetting-list")),
        Endpoint("api-vettings-count", COUNT, lambda pk, m: reverse("api:vetting-list")),
        Endpoint("api-vetting", DETAIL, lambda pk, m: reverse("api:vetting-detail", args=[pk])),
        Endpoint("api-findings", DETAIL, lambda pk, m: reverse("api:vetting-findings", args=[pk])),
        Endpoint("api-dossier", DETAIL, lambda pk, m: reverse("api:vetting-dossier", args=[pk])),
        Endpoint("api-context", DETAIL, lambda pk, m: reverse("api:vetting-context", args=[pk])),
        Endpoint("api-verifiers", DETAIL, lambda pk, m: reverse("api:vetting-verifiers", args=[pk])),
        write(
            "ui-finding", lambda pk, m: reverse("vetting:finding_add", args=[pk]), group="history", text="x"
        ),
        write(
            "ui-dossier", lambda pk, m: reverse("vetting:dossier_set", args=[pk, 999999]), status="received"
        ),
        write(
            "ui-explanation",
            lambda pk, m: reverse("vetting:explanation_add", args=[pk, FAKE]),
            text="x",
            given_on="2026-11-21",
        ),
        write(
            "ui-verifier",
            lambda pk, m: reverse("vetting:verifier_add", args=[pk]),
            person=FAKE,
            place="residence",
        ),
        write(
            "ui-appraise", lambda pk, m: reverse("vetting:appraise", args=[pk]), verdict="meets", reasons="x"
        ),
        write("ui-approve", lambda pk, m: reverse("vetting:approve", args=[pk])),
        write("ui-decision", lambda pk, m: reverse("vetting:decision", args=[pk]), decision_number="1"),
        write("ui-reuse", lambda pk, m: reverse("vetting:reuse", args=[pk]), source=FAKE, justification="x"),
        write(
            "api-finding", lambda pk, m: reverse("api:vetting-findings", args=[pk]), group="history", text="x"
        ),
        write(
            "api-appraise",
            lambda pk, m: reverse("api:vetting-appraise", args=[pk]),
            verdict="meets",
            reasons="x",
        ),
        write("api-approve", lambda pk, m: reverse("api:vetting-approve", args=[pk])),
        write("api-decision", lambda pk, m: reverse("api:vetting-decision", args=[pk]), decision_number="1"),
        write(
            "api-reuse", lambda pk, m: reverse("api:vetting-reuse", args=[pk]), source=FAKE, justification="x"
        ),
        write(
            "api-verifier",
            lambda pk, m: reverse("api:vetting-verifiers", args=[pk]),
            person=FAKE,
            place="residence",
        ),
        write(
            "api-dossier-set",
            lambda pk, m: reverse("api:vetting-dossier-set", args=[pk, 999999]),
            status="received",
        ),
        write(
            "api-explanation",
            lambda pk, m: reverse("api:vetting-explanations", args=[pk, FAKE]),
            text="x",
            given_on="2026-11-21",
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        return build()

    def marker(self, target: Any) -> str:
        return MARK


BATCH = "Đợt Riêng 7272"


def build_batch() -> tuple[dict[str, Any], Any]:
    rules.ensure_defaults()
    world = partner_world()
    person = make_person(world["owner"], "Kiều Văn Ứng Cử", birth_year=1979)
    batch = batches.batch_request(
        actor=world["owner"],
        name=BATCH,
        purpose=Purpose.objects.get(code="congress"),
        requesting_body="Đảng ủy Thử",
        deadline=__import__("datetime").date.today() + __import__("datetime").timedelta(days=30),
        classification=1,
        rows=batches.check_rows(world["owner"], [{"uuid": str(person.uuid)}]),
        start=False,
    )
    batches.run(batch.pk)
    (dispatch,) = batches.dispatch_send(
        actor=world["owner"], batch=batch, agencies=[world["CA"]], body="x", start=False
    )
    batches.send(dispatch.pk)
    world["dispatch"] = dispatch
    return world, batch


def _exported(response: Any, marker: str) -> bool:
    """The export shows the batch's candidate (the batch's name is not a cell of it)."""
    import io

    import openpyxl

    if response.status_code != 200:
        return False
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(c == "Kiều Văn Ứng Cử" for row in sheet.iter_rows(values_only=True) for c in row)


class TestBatchLeaks(LeakTests):
    """A batch (its name, its board, its export) is seen by the hub's cleared workers only."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("too-low-clearance", sees=False, make=who("low")),
        Persona("auditor-not-content", sees=False, make=who("auditor")),
        Persona("admin", sees=False, make=who("admin")),
        Persona("partner-officer", sees=False, make=who("participant")),
        Persona("hub-officer", sees=True, make=who("owner")),
        Persona("hub-leader", sees=True, make=who("leader")),
    ]
    endpoints = [
        Endpoint("ui-batches", LIST, lambda pk, m: reverse("vetting:batches")),
        Endpoint("ui-batch", DETAIL, lambda pk, m: reverse("vetting:batch", args=[pk])),
        Endpoint(
            "ui-batch-progress",
            DETAIL,
            lambda pk, m: reverse("vetting:batch_progress", args=[pk]),
            visible=lambda r, m: r.status_code == 200,
        ),
        Endpoint(
            "ui-batch-export",
            EXPORT,
            lambda pk, m: reverse("vetting:batch_export", args=[pk]),
            visible=_exported,
        ),
        Endpoint("api-batches", LIST, lambda pk, m: reverse("api:vetting-batch-list")),
        Endpoint("api-batch", DETAIL, lambda pk, m: reverse("api:vetting-batch-detail", args=[pk])),
        Endpoint(
            "api-board",
            DETAIL,
            lambda pk, m: reverse("api:vetting-batch-board", args=[pk]),
            visible=lambda r, m: r.status_code == 200,
        ),
        Endpoint(
            "api-batch-export",
            EXPORT,
            lambda pk, m: reverse("api:vetting-batch-export", args=[pk]),
            visible=_exported,
        ),
        write(
            "ui-batch-dispatch", lambda pk, m: reverse("vetting:batch", args=[pk]), agencies="QS", body="x"
        ),
        write(
            "api-batch-dispatch",
            lambda pk, m: reverse("api:vetting-batch-dispatch", args=[pk]),
            agencies=["QS"],
            body="x",
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        return build_batch()

    def marker(self, target: Any) -> str:
        return BATCH


class TestDispatchLeaks(LeakTests):
    """A batch request is seen by the hub and by the partner it was sent to — no other partner."""

    personas = [
        Persona("anonymous", sees=False, make=lambda w: None),
        Persona("non-participant-agency", sees=False, make=who("outsider")),
        Persona("other-partner", sees=False, make=who("participant")),
        Persona("auditor-not-content", sees=False, make=who("auditor")),
        Persona("receiving-liaison", sees=True, make=who("recipient")),
        Persona("hub-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint("ui-dispatch", DETAIL, lambda pk, m: reverse("vetting:dispatch", args=[pk])),
        Endpoint(
            "api-dispatch",
            DETAIL,
            lambda pk, m: reverse("api:vetting-dispatch-detail", args=[pk]),
            visible=lambda r, m: r.status_code == 200,
        ),
        Endpoint(
            "api-dispatch-items",
            DETAIL,
            lambda pk, m: reverse("api:vetting-dispatch-items", args=[pk]),
            visible=lambda r, m: r.status_code == 200 and "Kiều Văn Ứng Cử" in r.content.decode(),
        ),
        write("ui-dispatch-answer", lambda pk, m: reverse("vetting:dispatch", args=[pk]), reply_1="none"),
        write(
            "api-dispatch-answer",
            lambda pk, m: reverse("api:vetting-dispatch-answer", args=[pk]),
            answers=[{"position": 1, "reply": "none"}],
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        world, _batch = build_batch()
        return world, world["dispatch"]

    def marker(self, target: Any) -> str:
        return BATCH
