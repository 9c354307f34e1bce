"""Opening a document is an audited read like downloading
it; a file name too long to read is refused clearly."""

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
    return {
        "officer": officer,
        "case": case,
        "liaison": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2),
    }


def add(world, name="bao-cao.txt"):
    return services.document_add(
        actor=world["officer"],
        case=world["case"],
        file_name=name,
        data=b"Noi dung",
        title="Báo cáo kết quả xác minh",
    )


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


def multipart(file_name: str, data: bytes, **fields: str) -> tuple[bytes, str]:
    """A multipart body as a browser or curl sends it; Django's
    test client would cut the name to 255 first."""
    boundary = "phoihop-ranh-gioi"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
    head += "Content-Type: text/plain\r\n\r\n"
    body = "".join(parts).encode() + head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


LONG_NAME = "Biên bản làm việc với đương sự " * 34  # 1,020 characters, about 1.4 KB in UTF-8


def test_a_file_name_too_long_to_read_is_refused_clearly_on_the_page(client, world):
    client.force_login(world["officer"])
    url = f"/cases/{world['case'].pk}/documents/"
    body, content_type = multipart(
        LONG_NAME + ".txt", b"xin chao", title="Ghi chu", doc_type="K", classification="0"
    )
    response = client.post(url, body, content_type=content_type)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Tên tệp quá dài" in page
    assert not world["case"].documents.exists()


def test_a_file_name_too_long_to_read_is_refused_clearly_on_the_request_page(client, world):
    req = case_services.request_send(
        actor=world["officer"],
        case=world["case"],
        to_agency=world["liaison"].agency,
        kind="verify",
        body="Xác minh",
        days=10,
    )
    client.force_login(world["liaison"])
    body, content_type = multipart(
        LONG_NAME + ".txt", b"ket qua", title="Tra loi", doc_type="K", classification="0"
    )
    response = client.post(f"/requests/{req.pk}/documents/", body, content_type=content_type)
    assert response.status_code == 302 and response["Location"] == f"/requests/{req.pk}/"
    assert "Tên tệp quá dài" in client.get(f"/requests/{req.pk}/").content.decode()


def test_a_file_name_too_long_to_read_is_a_clear_json_error_in_the_api(client, world):
    client.force_login(world["officer"])
    body, content_type = multipart(LONG_NAME + ".txt", b"xin chao", title="Ghi chu")
    response = client.post(f"/api/v1/cases/{world['case'].pk}/documents/", body, content_type=content_type)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Tên tệp quá dài" in detail and "JSON" not in detail
    assert not world["case"].documents.exists()


@pytest.mark.parametrize("path", ["/cases/{case}/documents/", "/api/v1/cases/{case}/documents/"])
def test_a_long_but_readable_name_is_shortened_keeping_the_type_extension(client, world, path):
    client.force_login(world["officer"])
    name = "Báo cáo kết quả xác minh " * 20 + ".txt"  # 504 characters, under the 1 KB a part header may have
    body, content_type = multipart(name, b"xin chao", title="Ghi chu", doc_type="K", classification="0")
    response = client.post(path.format(case=world["case"].pk), body, content_type=content_type)
    assert response.status_code in (201, 302)
    stored = world["case"].documents.get().current().filename
    assert stored.endswith(".txt") and stored.startswith("Báo cáo kết quả xác minh") and len(stored) <= 124


def test_other_upload_pages_say_why_the_upload_could_not_be_read(client, world, admin_user):
    client.force_login(admin_user)
    body, content_type = multipart(LONG_NAME + ".docx", b"PK", reason="Mau moi")
    response = client.post("/registers/templates/", body, content_type=content_type)
    assert response.status_code == 400 and "Tên tệp quá dài" in response.content.decode()
