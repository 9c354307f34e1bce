"""The REST API skeleton: token auth, error shape in Vietnamese (or English), pagination, docs offline."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.core import services
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bot(partner):
    return UserFactory(username="api.ca", agency=partner, is_api_only=True, roles=["liaison"], clearance=1)


@pytest.fixture
def token(bot):
    _token, raw = services.token_create(actor=None, user=bot, name="thử")
    return raw


def api(client: Client, method: str, path: str, token: str | None = None, **kwargs):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return getattr(client, method)(path, **headers, **kwargs)


def test_users_me_with_token(client, token, bot):
    response = api(client, "get", "/api/v1/users/me/", token)
    assert response.status_code == 200
    data = response.json()
    assert data["username"] == "api.ca"
    assert data["agency"]["code"] == "CA"
    assert data["clearance"] == {"code": "mat", "level": 1, "label": "Mật"}
    assert data["roles"] == ["liaison"]


def test_missing_token_is_401_in_vietnamese(client, bot):
    response = client.get("/api/v1/users/me/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Chưa xác thực: gửi tiêu đề Authorization: Token <khóa> hoặc đăng nhập.",
        "errors": {},
    }
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("raw", ["ph_khong-dung", "sai", "ph_" + "x" * 43])
def test_invalid_token_is_401_and_audited(client, token, raw):
    response = api(client, "get", "/api/v1/users/me/", raw)
    assert response.status_code == 401
    assert response.json()["detail"] == "Khóa API không hợp lệ, đã bị thu hồi hoặc đã hết hạn."
    assert AuditEvent.objects.filter(action="auth.token_rejected", outcome="denied").exists()


def test_token_with_control_characters_is_401_and_audited(client, token):
    """A NUL in the presented token went into the audit row
    of the rejection, which PostgreSQL refuses: a 500."""
    response = client.get("/api/v1/users/me/", HTTP_AUTHORIZATION="Token ph_ab\x00cd")
    assert response.status_code == 401
    rejected = AuditEvent.objects.filter(action="auth.token_rejected").latest("seq")
    assert rejected.payload_data["prefix"] == "ph_ab?cd"


def test_revoked_and_expired_tokens_are_refused(client, bot):
    token, raw = services.token_create(actor=None, user=bot)
    services.token_revoke(actor=None, token=token)
    assert api(client, "get", "/api/v1/users/me/", raw).status_code == 401
    token2, raw2 = services.token_create(actor=None, user=bot, expires_at=timezone.now() + timedelta(hours=1))
    type(token2).objects.filter(pk=token2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(client, "get", "/api/v1/users/me/", raw2).status_code == 401


def test_token_of_disabled_account_is_refused(client, bot, token, admin_user):
    services.user_set_active(actor=admin_user, user=bot, active=False, reason="Ngừng tích hợp")
    assert api(client, "get", "/api/v1/users/me/", token).status_code == 401


def test_malformed_header(client, token):
    response = client.get("/api/v1/users/me/", HTTP_AUTHORIZATION="Token a b")
    assert response.status_code == 401
    assert "Token <khóa>" in response.json()["detail"]


def test_english_on_accept_language(client, bot):
    response = client.get("/api/v1/users/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Not authenticated")


def test_unknown_api_path_is_json_404(client, token):
    response = api(client, "get", "/api/v1/khong-co/", token)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Không có địa chỉ API này: /api/v1/khong-co/"


def test_agencies_list_paginates(client, token, hub):
    for i in range(7):
        AgencyFactory(code=f"P{i}", name=f"Đối tác {i}")
    response = api(client, "get", "/api/v1/agencies/?page_size=3&page=2", token)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 9  # BTC, CA and seven partners
    assert len(data["results"]) == 3
    assert data["next"] and data["previous"]
    bad = api(client, "get", "/api/v1/agencies/?page=99", token)
    assert bad.status_code == 404 and bad.json()["detail"] == "Trang không hợp lệ."


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=abc", "page", "Tham số page phải là số nguyên dương."),
        ("page=0", "page", "Tham số page phải là số nguyên dương."),
        ("page=-1", "page", "Tham số page phải là số nguyên dương."),
        ("page=1.5", "page", "Tham số page phải là số nguyên dương."),
        ("page=last", "page", "Tham số page phải là số nguyên dương."),
        ("page_size=abc", "page_size", "Tham số page_size phải là số nguyên từ 1 đến 200."),
        ("page_size=0", "page_size", "Tham số page_size phải là số nguyên từ 1 đến 200."),
        ("page_size=201", "page_size", "Tham số page_size phải là số nguyên từ 1 đến 200."),
        ("page_size=-3", "page_size", "Tham số page_size phải là số nguyên từ 1 đến 200."),
    ],
)
def test_wrong_typed_page_parameters_are_400(client, token, hub, query, field, message):
    """Issue 12 §4: DRF silently served page 1 / the default
    size for these; now a 400 naming the parameter."""
    response = api(client, "get", f"/api/v1/agencies/?{query}", token)
    assert response.status_code == 400
    assert response.json() == {"detail": "Dữ liệu không hợp lệ.", "errors": {field: [message]}}


@pytest.mark.parametrize("size", ["0", "1001", "x", "1e3"])
def test_audit_page_size_out_of_range_is_400(client, hub, size):
    bot = UserFactory(username="api.giamsat", agency=hub, is_api_only=True, roles=["auditor"], clearance=3)
    _t, raw = services.token_create(actor=None, user=bot)
    response = api(client, "get", f"/api/v1/audit/events/?page_size={size}", raw)
    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["Tham số page_size phải là số nguyên từ 1 đến 1000."]}
    bad_cursor = api(client, "get", "/api/v1/audit/events/?cursor=khong-hop-le", raw)
    assert bad_cursor.status_code == 404 and bad_cursor.json()["detail"] == "Con trỏ trang không hợp lệ."


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("3217-10-25T07:12:02-19:03", 200),
        ("2026-01-01T00:00:00+23:59", 200),
        ("9999-12-31T23:59:59-05:00", 400),
        ("0001-01-01T00:00:00+05:00", 400),
    ],
)
def test_audit_time_filters_with_odd_offsets(client, hub, since, status):
    """Found by the contract test on PostgreSQL: an offset beyond ±15:59 (Python allows ±23:59) was a 500; an
    instant that has no UTC date is a 400."""
    from urllib.parse import quote

    bot = UserFactory(username="api.giamsat", agency=hub, is_api_only=True, roles=["auditor"], clearance=3)
    _t, raw = services.token_create(actor=None, user=bot)
    for name in ("since", "until"):
        response = api(client, "get", f"/api/v1/audit/events/?{name}={quote(since)}", raw)
        assert response.status_code == status, response.content
        if status == 400:
            assert list(response.json()["errors"]) == [name]


def test_agency_filters(client, token, hub):
    response = api(client, "get", "/api/v1/agencies/?is_hub=true", token)
    assert [a["code"] for a in response.json()["results"]] == ["BTC"]
    response = api(client, "get", "/api/v1/agencies/?q=công an", token)
    assert [a["code"] for a in response.json()["results"]] == ["CA"]


def test_malformed_json_is_400_in_vietnamese(client, token):
    response = api(
        client, "post", "/api/v1/agencies/", token, data="{code: ", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dữ liệu JSON không hợp lệ: hãy kiểm tra dấu ngoặc, dấu phẩy và dấu nháy.",
        "errors": {},
    }


@pytest.mark.parametrize("body", ["[" * 5000 + "]" * 5000, '{"code": ' + '{"a": ' * 5000 + "1" + "}" * 5001])
def test_json_nested_too_deep_is_400_before_decoding(client, token, body):
    """Issue 12 §4: a body nested 5,000 levels made the JSON decoder recurse until RecursionError: a 500."""
    response = api(client, "post", "/api/v1/agencies/", token, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dữ liệu JSON lồng nhau quá sâu (tối đa 32 cấp).",
        "errors": {},
    }


def test_json_nesting_counts_brackets_outside_strings_only(client, token):
    name = "[" * 100 + "{" * 100
    response = api(
        client,
        "post",
        "/api/v1/agencies/",
        token,
        data=json.dumps({"code": "X", "name": name, "kind": "other"}),
        content_type="application/json",
    )
    assert response.status_code == 403  # parsed (a liaison may not create agencies), not refused as nested


def test_new_api_errors_in_english(client, token):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    page = api(client, "get", "/api/v1/agencies/?page=x", token, **english)
    assert page.json()["errors"] == {"page": ["Parameter page must be a positive whole number."]}
    year = api(client, "get", "/api/v1/calendar/days/?year=0", token, **english)
    assert year.json()["errors"] == {"year": ["The year must be a whole number from 2000 to 2100."]}
    deep = api(
        client,
        "post",
        "/api/v1/agencies/",
        token,
        data="[" * 40 + "]" * 40,
        content_type="application/json",
        **english,
    )
    assert deep.json()["detail"] == "The JSON is nested too deeply (at most 32 levels)."


def test_a_code_with_a_nul_character_is_400(client, token, hub, admin_user):
    """Found by the contract test on PostgreSQL: a NUL in an agency code (or a unit code) reached the database
    lookup, which PostgreSQL refuses: a 500. Text fields already refused NUL; codes now do too."""
    from phoihop.cases.services import case_open

    officer = UserFactory(username="api.btc", agency=hub, is_api_only=True, roles=["officer"], clearance=2)
    raw = services.token_create(actor=None, user=officer)[1]
    case = case_open(actor=officer, title="Hồ sơ thử")
    calls = [
        (
            f"/api/v1/cases/{case.pk}/requests/",
            {"to_agency": "CA\u0000", "kind": "verify", "body": "x"},
            "to_agency",
        ),
        ("/api/v1/cases/", {"title": "Có NUL", "participants": ["CA\u0000"]}, "participants"),
        ("/api/v1/persons/", {"full_name": "Lê Văn Nul", "unit": "CB\u0000"}, "unit"),
    ]
    for path, body, field in calls:
        data = json.dumps(body)  # the NUL travels as \u0000, valid JSON
        response = api(client, "post", path, raw, data=data, content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert response.json()["errors"] == {field: ["Mã không hợp lệ."]}
    deadline = api(client, "get", "/api/v1/calendar/deadline/?start=2026-02-12&days=5&agency=CA%00", raw)
    assert deadline.status_code == 400 and deadline.json()["errors"] == {"agency": ["Mã không hợp lệ."]}


def test_non_admin_cannot_create_agency(client, token):
    response = api(
        client,
        "post",
        "/api/v1/agencies/",
        token,
        data={"code": "NEW", "name": "Mới", "kind": "other"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ quản trị viên được thực hiện thao tác này."
    denied = AuditEvent.objects.filter(action="access.denied").latest("seq")
    assert denied.actor_name == "api.ca" and denied.payload_data == {
        "attempted": "POST",
        "path": "/api/v1/agencies/",
    }


def test_admin_creates_agency_through_api_with_field_errors(admin_user, hub):
    bot = UserFactory(username="api.quantri", agency=hub, is_api_only=True, roles=["admin"])
    _t, raw = services.token_create(actor=None, user=bot)
    client = Client()
    bad = api(
        client,
        "post",
        "/api/v1/agencies/",
        raw,
        data={"code": "BTC", "name": "", "kind": "la"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    body = bad.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert set(body["errors"]) == {"name", "kind"}
    dup = api(
        client,
        "post",
        "/api/v1/agencies/",
        raw,
        data={"code": "btc", "name": "Trùng", "kind": "other"},
        content_type="application/json",
    )
    assert dup.status_code == 400 and "đã tồn tại" in dup.json()["errors"]["code"][0]
    ok = api(
        client,
        "post",
        "/api/v1/agencies/",
        raw,
        data={"code": "SYT", "name": "Sở Y tế", "kind": "state", "parent": None},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["code"] == "SYT"
    patch = api(
        client,
        "patch",
        f"/api/v1/agencies/{ok.json()['id']}/",
        raw,
        data=json.dumps({"active": False}),
        content_type="application/json",
    )
    assert patch.status_code == 200 and patch.json()["active"] is False


def test_session_user_without_mfa_is_not_authenticated_for_api(hub):
    user = UserFactory(username="chua.mfa", agency=hub, roles=["officer"], totp=False)
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/users/me/").status_code == 401


def test_session_user_with_mfa_can_use_api(officer, signed_in):
    client = signed_in(officer)
    assert client.get("/api/v1/users/me/").json()["username"] == officer.username


def test_schema_and_docs_need_a_signed_in_user_or_a_token(client, token, hub):
    """Issue 12 §4: the schema and the docs answered anyone, in every mode (production included)."""
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 401
    assert schema.json()["detail"].startswith("Chưa xác thực")
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302 and docs["Location"] == "/accounts/login/?next=/api/v1/docs/"
    assert client.get("/api/v1/docs/?script=").status_code == 401
    no_mfa = Client()
    no_mfa.force_login(UserFactory(username="chua.mfa", agency=hub, roles=["officer"], totp=False))
    assert no_mfa.get("/api/v1/schema/").status_code == 401
    with_token = api(client, "get", "/api/v1/schema/?format=json", token)
    assert with_token.status_code == 200 and "/api/v1/agencies/" in with_token.json()["paths"]


def test_schema_and_offline_docs(officer, signed_in):
    client = signed_in(officer)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/agencies/" in schema.content and b"/api/v1/users/me/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(not u.startswith(("http://", "https://", "//")) for u in urls), urls
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"https://" not in script.content.replace(b"https://swagger.io", b"")
