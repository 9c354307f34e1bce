"""What the consultation tests share: the province of the leak tests (partner_world) plus an Internal Affairs
Board, two registered candidates, and helpers that open a consultation and answer it."""

from __future__ import annotations

from typing import Any

import pytest

from phoihop.cases import services as case_services
from phoihop.consultations import rules
from phoihop.core.tests.factories import AgencyFactory, UserFactory, partner_world
from phoihop.people.tests.factories import make_person


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    rules.ensure_defaults()
    w = partner_world()
    w["NC"] = AgencyFactory(code="NC")
    w["nc"] = UserFactory(username="dm.nc", agency=w["NC"], roles=["liaison"], clearance=2)
    w["ubkt"] = w["participant"]
    w["ca"] = w["recipient"]
    w["first"] = make_person(w["owner"], "Phan Văn Hiệp", birth_year=1978, management_level="province")
    w["second"] = make_person(w["owner"], "Lã Thị Ý Kiến", birth_year=1982, management_level="province")
    return w


def details(w: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "hiep_y",
        "direction": "out",
        "asking_body": "Bộ Hư Cấu (kiểm thử)",
        "legal_basis": "Văn bản số 5 (hư cấu)",
        "consulted": ["UBKT", "CA", "NC"],
        "candidates": [
            {
                "person": str(w["first"].uuid),
                "current_position": "Trưởng phòng",
                "proposed_position": "Phó Giám đốc",
            },
            {"person": str(w["second"].uuid), "proposed_position": "Phó Chánh Văn phòng"},
        ],
    }
    base.update(overrides)
    return base


def open_consultation(w: dict[str, Any], title: str = "Hiệp y nhân sự (kiểm thử)", **overrides: Any) -> Any:
    return case_services.case_open(
        actor=w["owner"], kind="consultation", title=title, classification=1, details=details(w, **overrides)
    )
