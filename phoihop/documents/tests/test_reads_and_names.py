"""Opening a document is an audited read like downloading it; a file name too long to read is refused clearly."""

from __future__ import annotations

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub):
    police = AgencyFactory(code="CA", name="Công an tỉnh Thử")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    case = case_services.case_open(actor=officer, title="Thẩm tra nhân sự A", classification=1)
    return {"officer": officer, "case": case,
            "liaison": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2)}  # fmt: skip


def add(world, name="bao-cao.txt"):
    return services.document_add(actor=world["officer"], case=world["case"], file_name=name, data=b"Noi dung",
                                 title="Báo cáo kết quả xác minh")  # fmt: skip


def _events_after(seq: int) -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(seq__gt=seq)
        .order_by("seq")
        .values_list("action", "object_id", "related_id")
    )


def _last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.parametrize("path", ["/documents/{pk}/", "/api/v1/documents/{pk}/"])
def test_opening_a_document_writes_exactly_one_read_event(client, world, path):
    document = add(world)
    client.force_login(world["officer"])
    before = _last_seq()
    response = client.get(path.format(pk=document.pk))
    assert response.status_code == 200
    assert "Báo cáo kết quả xác minh" in response.content.decode()
    assert _events_after(before) == [("record.read", str(document.pk), str(world["case"].pk))]


def test_the_api_record_of_a_document_is_refused_like_a_missing_one(client, world):
    document = add(world)
    client.force_login(world["liaison"])  # the Police liaison does not see the case's papers
    before = _last_seq()
    response = client.get(f"/api/v1/documents/{document.pk}/")
    assert response.status_code == 404
    assert [action for action, _o, _r in _events_after(before)] == ["access.denied"]
