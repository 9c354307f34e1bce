"""Generated leak tests of discipline notices (access/testing.py): a notice's content is seen only by who sees
its case — on the list, the export, the panel and every `discipline-notices/` API — and its steps are refused
to everyone else; the person's discipline record follows the person, so an agency that may not see the person
sees no discipline of theirs, in the dossier or in a vetting's context. The case-level generated tests
(cases/tests/test_kind_leaks.py) cover the notice as a case."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from phoihop.access.testing import COUNT, DETAIL, EXPORT, LIST, Endpoint, LeakTests, Persona, who, write
from phoihop.cases.testing import OUTSIDERS as CASE_OUTSIDERS
from phoihop.core.tests.factories import partner_world
from phoihop.discipline import rules, services
from phoihop.discipline.tests.conftest import open_notice
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

MARK = "Kiều Văn Vi Phạm"  # the person disciplined: on the list, the panel and the export


def build() -> tuple[dict[str, Any], Any]:
    rules.ensure_defaults()
    world = partner_world()
    person = make_person(world["owner"], MARK, birth_year=1971)
    from phoihop.cases import services as case_services
    from phoihop.discipline.tests.conftest import details

    case = case_services.case_open(
        actor=world["owner"],
        kind="discipline",
        title="Thông báo kỷ luật (kiểm thử)",
        classification=1,
        participants=[world["UBKT"]],
        details=details(person, violation="Vi phạm riêng 8383"),
    )
    services.record(actor=world["owner"], case=case)
    return world, case


def _exported(response: Any, marker: str) -> bool:
    if response.status_code != 200:
        return False
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(c == MARK for row in sheet.iter_rows(values_only=True) for c in row)


class TestNoticeLeaks(LeakTests):
    """A notice's content (its violation, the person) follows the case's rule."""

    personas = [
        *CASE_OUTSIDERS,
        Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
        Persona("owner-agency-leader", sees=True, make=who("leader")),
        Persona("participant-agency", sees=True, make=who("participant")),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: reverse("discipline:list")),
        Endpoint("ui-export", EXPORT, lambda pk, m: reverse("discipline:export"), visible=_exported),
        Endpoint("ui-case-panel", DETAIL, lambda pk, m: reverse("cases:case_detail", args=[pk])),
        Endpoint("api-notices", LIST, lambda pk, m: reverse("api:discipline-notice-list")),
        Endpoint("api-notices-count", COUNT, lambda pk, m: reverse("api:discipline-notice-list")),
        Endpoint("api-notice", DETAIL, lambda pk, m: reverse("api:discipline-notice-detail", args=[pk])),
        Endpoint(
            "api-acks",
            DETAIL,
            lambda pk, m: reverse("api:discipline-notice-acknowledgements", args=[pk]),
            visible=lambda r, m: r.status_code == 200,
        ),
        Endpoint(
            "api-advice",
            DETAIL,
            lambda pk, m: reverse("api:discipline-notice-advice", args=[pk]),
            visible=lambda r, m: r.status_code == 200,
        ),
        Endpoint(
            "api-export", EXPORT, lambda pk, m: reverse("api:discipline-notice-export"), visible=_exported
        ),
        write("ui-record", lambda pk, m: reverse("discipline:record", args=[pk])),
        write(
            "ui-ack",
            lambda pk, m: reverse("discipline:acknowledge", args=[pk, 999999]),
            acknowledged_on="2026-11-30",
        ),
        write("ui-appeal", lambda pk, m: reverse("discipline:appeal", args=[pk]), filed_on="2026-11-30"),
        write(
            "ui-appeal-decide",
            lambda pk, m: reverse("discipline:appeal_decide", args=[pk]),
            outcome="annulled",
            decided_on="2026-11-30",
            body="x",
            reasons="x",
        ),
        write("ui-close", lambda pk, m: reverse("discipline:close", args=[pk])),
        write("api-record", lambda pk, m: reverse("api:discipline-notice-record-notice", args=[pk])),
        write(
            "api-appeal",
            lambda pk, m: reverse("api:discipline-notice-appeal", args=[pk]),
            filed_on="2026-11-30",
        ),
        write(
            "api-appeal-decision",
            lambda pk, m: reverse("api:discipline-notice-appeal-decision", args=[pk]),
            outcome="annulled",
            decided_on="2026-11-30",
            body="x",
            reasons="x",
        ),
        write("api-close", lambda pk, m: reverse("api:discipline-notice-close-notice", args=[pk])),
        write(
            "api-ack",
            lambda pk, m: reverse("api:discipline-notice-acknowledge", args=[pk, 999999]),
            acknowledged_on="2026-11-30",
        ),
    ]

    def build(self) -> tuple[Any, Any]:
        return build()

    def marker(self, target: Any) -> str:
        return MARK


def test_the_persons_discipline_is_not_shown_to_an_agency_that_may_not_see_the_person(db):
    from phoihop.cases.tests.helpers import login
    from phoihop.people.models import DisciplineRecord

    world, _case = build()
    record = DisciplineRecord.objects.get()
    person = record.person
    page = login(world["owner"]).get(f"/persons/{person.uuid}/").content.decode()
    assert "Cảnh cáo" in page
    # (a hub colleague below the notice's level sees the record, which follows the person: the form, the day
    # and the deciding body — never the violation, which stays in the notice)
    low = login(world["low"]).get(f"/persons/{person.uuid}/").content.decode()
    assert "Cảnh cáo" in low and "riêng 8383" not in low
    for outsider in ("outsider", "recipient"):
        response = login(world[outsider]).get(f"/persons/{person.uuid}/")
        assert response.status_code == 404, outsider
        api = login(world[outsider]).get(f"/api/v1/persons/{person.uuid}/")
        assert api.status_code == 404, outsider


def test_a_notice_about_a_person_shows_nothing_to_a_non_participant_in_a_vetting_either(db):
    from phoihop.vetting import rules as vetting_rules
    from phoihop.vetting.selectors import person_context

    world, case = build()
    vetting_rules.ensure_defaults()
    person = case.subjects.get().person
    assert person_context(world["owner"], person).discipline
    for outsider in ("outsider", "recipient", "auditor", "admin"):
        assert person_context(world[outsider], person).discipline == [], outsider
    assert open_notice  # the conftest helper other tests use
