"""What the vetting tests share: the province of the leak tests (partner_world) with a subject registered at
the hub (province-managed: the Standing Committee concludes), their father and spouse in the registry's
relatives, a local-level subject (the Board's leader concludes), and helpers that open a vetting and answer
its requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from phoihop.cases import services as case_services
from phoihop.core.tests.factories import UserFactory, partner_world
from phoihop.people import services as person_services
from phoihop.people.tests.factories import make_person
from phoihop.vetting import rules


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    rules.ensure_defaults()
    w = partner_world()
    w["clerk"] = UserFactory(username="vt.btc", agency=w["BTC"], roles=["clerk"], clearance=1)
    w["ubkt_liaison"] = UserFactory(username="dm.ubkt", agency=w["UBKT"], roles=["liaison"], clearance=2)
    w["subject"] = make_person(
        w["owner"], "Phan Văn Ứng", birth_year=1978, management_level="province", national_id="001078000001"
    )
    w["local"] = make_person(
        w["owner"], "Lã Thị Cơ Sở", birth_year=1985, management_level="local", national_id="001085000002"
    )
    w["father"] = make_person(w["owner"], "Phan Văn Cha", birth_year=1950)
    person_services.relative_add(
        actor=w["owner"], person=w["subject"], relation="father", full_name="Phan Văn Cha", birth_year=1950
    )
    person_services.relative_add(
        actor=w["owner"], person=w["subject"], relation="spouse", full_name="Đỗ Thị Vợ", birth_year=1980
    )
    w["verifier"] = make_person(w["owner"], "Tạ Văn Xác Minh", birth_year=1970)
    return w


def details(person: Any, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "person": str(person.uuid),
        "purpose": "appointment",
        "requesting_body": "Đảng ủy xã Thử (hư cấu)",
        "requested_position": "Phó Bí thư (hư cấu)",
        "legal_basis": "Tờ trình số 9 (hư cấu)",
        "deadline": timezone.localdate() + timedelta(days=30),
    }
    base.update(overrides)
    return base


def open_vetting(
    actor: Any, person: Any, title: str = "Thẩm định bổ nhiệm (kiểm thử)", **overrides: Any
) -> Any:
    return case_services.case_open(
        actor=actor, kind="vetting", title=title, classification=1, details=details(person, **overrides)
    )


def ask_and_answer(world: dict[str, Any], case: Any, response: str = "Không có thông tin (kiểm thử).") -> Any:
    req = case_services.request_send(
        actor=world["owner"], case=case, to_agency=world["CA"], kind="verify", body="Xác minh giúp", days=10
    )
    return case_services.request_respond(actor=world["recipient"], req=req, response=response)


def receive_dossier(world: dict[str, Any], case: Any) -> None:
    from phoihop.vetting import services
    from phoihop.vetting.models import DossierItem

    for item in DossierItem.objects.filter(case=case):
        services.dossier_set(
            actor=world["owner"],
            item=item,
            status="received",
            received_on=timezone.localdate() - timedelta(days=1),
        )
