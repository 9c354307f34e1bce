"""Generated leak tests of consultations (access/testing.py). Case-side (the panel with its consolidated
table, the XLSX export): only who sees the case. Consulted-body side (the list, the answer page,
`consultations/` and its table): also the consulted body (the Police here), never a partner that was not
consulted, another agency's user, a low clearance, an auditor or an administrator. The case-level generated
tests (cases/tests/test_kind_leaks.py) cover the consultation as a case."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from phoihop.access.testing import COUNT, DETAIL, EXPORT, LIST, Endpoint, LeakTests, Persona, who, write
from phoihop.cases import services as case_services
from phoihop.cases.testing import OUTSIDERS as CASE_OUTSIDERS
from phoihop.consultations import rules
from phoihop.core.tests.factories import partner_world
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

MARK = "Nhân Sự Riêng Tư"  # the candidate's name: in the table, the answer page and the export


def build() -> tuple[dict[str, Any], Any]:
    rules.ensure_defaults()
    world = partner_world()
    person = make_person(world["owner"], MARK, birth_year=1977)
    case = case_services.case_open(
        actor=world["owner"],
        kind="consultation",
        title="Hiệp y (kiểm thử)",
        classification=1,
        participants=[world["UBKT"]],
        details={
            "type": "hiep_y",
            "asking_body": "Bộ Thử",
            "consulted": ["CA"],
            "candidates": [{"person": str(person.uuid), "proposed_position": "Giám đốc"}],
        },
    )
    return world, case


def _exported(response: Any, marker: str) -> bool:
    import io

    import openpyxl

    if response.status_code != 200:
        return False
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(c == marker for row in sheet.iter_rows(values_only=True) for c in row)


class TestConsultationCaseSideLeaks(LeakTests):
    """The panel (table, context) and the export follow the case's rule: the consulted body is not in it."""

    personas = [
        *CASE_OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
        Persona("owner-agency-leader", sees=True, make=who("leader")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        Endpoint("ui-case-panel", LIST, lambda pk, m: reverse("cases:case_detail", args=[pk])),
        Endpoint("ui-export", EXPORT, lambda pk, m: reverse("consultations:export"), visible=_exported),
        write("ui-decide", lambda pk, m: reverse("consultations:decide", args=[pk]), decision="agreed"),
        write("api-decide", lambda pk, m: reverse("api:consultation-decide", args=[pk]), decision="agreed"),
    ]

    def build(self) -> tuple[Any, Any]:
        return build()

    def marker(self, target: Any) -> str:
        return MARK


class TestConsultationBodySideLeaks(LeakTests):
    """What a consulted body sees (the candidates it is asked about), nobody outside sees."""

    personas = [
        *[p for p in CASE_OUTSIDERS if p.name != "request-recipient-sees-no-case"],
        Persona("consulted-body", sees=True, make=who("recipient")),
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
    ]
    endpoints = [
        Endpoint(
            "ui-list",
            LIST,
            lambda pk, m: reverse("consultations:list"),
            visible=lambda r, m: r.status_code == 200 and "HY-" in r.content.decode(),
        ),
        Endpoint("ui-answer", LIST, lambda pk, m: reverse("consultations:answer", args=[pk])),
        Endpoint("api-list", COUNT, lambda pk, m: reverse("api:consultation-list")),
        Endpoint("api-detail", DETAIL, lambda pk, m: reverse("api:consultation-detail", args=[pk])),
        Endpoint("api-table", LIST, lambda pk, m: reverse("api:consultation-table", args=[pk])),
        write(
            "ui-answer-post",
            lambda pk, m: reverse("consultations:answer", args=[pk]),
            answer_1="agree",
        ),
        write(
            "api-answer",
            lambda pk, m: reverse("api:consultation-answer", args=[pk]),
            answers=[{"candidate": 1, "answer": "agree"}],
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        return build()

    def marker(self, target: Any) -> str:
        return MARK
