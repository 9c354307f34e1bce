"""What the letters tests share: the province of the leak tests plus the letters' own people — a vault keeper
at the hub and at the Inspection Commission, clerks who take letters in — and a registered person
concerned."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from phoihop.cases import services as case_services
from phoihop.core.tests.factories import UserFactory, partner_world
from phoihop.people.tests.factories import make_person

WRITER = "Quách Thị Bảo Mật"  # the writer's name: it must never show outside the vault
ALLEGATIONS = [
    "Cán bộ Lương Văn Hư (hư cấu) nhận tiền của ba thí sinh "
    "trong kỳ tuyển dụng công chức năm 2025 tại xã Đông Cát.",
    "Cán bộ Lương Văn Hư không kê khai thửa đất số 118 ở "
    "thôn Bãi Sậy đứng tên em vợ trong bản kê khai năm 2025.",
]


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    w = partner_world()
    w["keeper"] = UserFactory(
        username="kho.btc", full_name="Giữ Kho Thử", agency=w["BTC"], roles=["clerk", "vault"], clearance=1
    )
    w["ubkt_keeper"] = UserFactory(
        username="kho.ubkt", agency=w["UBKT"], roles=["clerk", "vault"], clearance=1
    )
    w["ubkt_leader"] = UserFactory(username="ld.ubkt", agency=w["UBKT"], roles=["leader"], clearance=3)
    w["ca_leader"] = UserFactory(username="ld.ca", agency=w["CA"], roles=["leader"], clearance=3)
    w["clerk"] = UserFactory(username="vt.btc", agency=w["BTC"], roles=["clerk"], clearance=1)
    w["person"] = make_person(w["owner"], "Lương Văn Hư", birth_year=1980, management_level="province")
    return w


def details(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "channel": "post",
        "received_on": timezone.localdate() - timedelta(days=2),
        "letter_type": "denunciation",
        "regime": "party",
        "identity_status": "named",
        "signatories": 1,
        "subject_flags": ["personnel"],
        "allegations": list(ALLEGATIONS),
        "writers": [{"name": WRITER, "address": "Số 9 đường Bí Mật", "contact": "0999 111 222"}],
    }
    base.update(overrides)
    return base


def open_letter(
    actor: Any,
    persons: list[Any] = (),
    title: str = "Đơn tố cáo cán bộ (kiểm thử)",
    classification: int = 1,
    **overrides: Any,
) -> Any:  # type: ignore[assignment]
    return case_services.case_open(
        actor=actor,
        kind="letter",
        title=title,
        classification=classification,
        subjects=list(persons),
        details=details(**overrides),
    )
