"""What the discipline tests share: the province of the leak tests (partner_world) with a full member holding
a post, a probationary member and a non-member registered at the hub, and helpers that open and record a
notice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from phoihop.cases import services as case_services
from phoihop.core.tests.factories import partner_world
from phoihop.discipline import rules
from phoihop.people import services as person_services
from phoihop.people.tests.factories import make_person


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    rules.ensure_defaults()
    w = partner_world()
    w["member"] = make_person(
        w["owner"], "Kiều Văn Kỷ", birth_year=1972, management_level="local", national_id="001072000011"
    )
    person_services.person_update(actor=w["owner"], person=w["member"], position="Bí thư Chi bộ thôn Thử")
    w["member"].refresh_from_db()
    w["probationary"] = make_person(w["owner"], "Lê Thị Dự Bị", birth_year=1996, national_id="001096000012")
    person_services.person_update(actor=w["owner"], person=w["probationary"], status="probationary")
    w["probationary"].refresh_from_db()
    w["outside"] = make_person(w["owner"], "Mai Văn Ngoài", birth_year=1990, national_id="001090000013")
    person_services.person_update(actor=w["owner"], person=w["outside"], status="non_member")
    w["outside"].refresh_from_db()
    return w


def details(person: Any, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    base: dict[str, Any] = {
        "origin": "party",
        "subject_type": "member",
        "person": str(person.uuid) if person is not None else "",
        "sanction": "warning",
        "violation": "Vi phạm quy định về nêu gương (kiểm thử)",
        "violated_on": today - timedelta(days=300),
        "deciding_level": "inspection",
        "deciding_body": "Ủy ban Kiểm tra Huyện ủy Thử",
        "decision_number": "12-QĐ/UBKT",
        "decided_on": today - timedelta(days=10),
        "effective_on": today - timedelta(days=10),
        "served_on": today - timedelta(days=8),
        "received_on": today - timedelta(days=5),
    }
    base.update(overrides)
    return base


def open_notice(actor: Any, person: Any, **overrides: Any) -> Any:
    return case_services.case_open(
        actor=actor,
        kind="discipline",
        title="Thông báo kỷ luật (kiểm thử)",
        classification=1,
        details=details(person, **overrides),
    )
