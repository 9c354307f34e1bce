"""Agency, user and token services: validation in Vietnamese, audit in the same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.audit.models import AuditEvent
from phoihop.core import services
from phoihop.core.models import Agency, ApiToken, User
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.transactions import batch

pytestmark = pytest.mark.django_db


def test_agency_create_writes_audit(admin_user):
    agency = services.agency_create(actor=admin_user, code="ubkt", name="Ủy ban Kiểm tra", kind="inspection")
    assert agency.code == "UBKT"
    event = AuditEvent.objects.get(action="agency.create", object_id=str(agency.pk))
    assert event.actor_id == admin_user.pk and event.actor_name == admin_user.username
    assert event.payload_data["agency"] == "UBKT" and event.payload_data["kind"] == "inspection"
    assert "Ủy ban Kiểm tra" not in event.payload  # names stay out of the audit (read through the policy)


@pytest.mark.parametrize(
    ("code", "message"),
    [("BTC", "đã tồn tại"), ("b", "2–20 ký tự"), ("CÔNG", "2–20 ký tự"), ("1AB", "2–20 ký tự")],
)
def test_agency_code_rules(admin_user, code, message):
    with pytest.raises(ValidationError) as exc:
        services.agency_create(actor=admin_user, code=code, name="X")
    assert message in " ".join(exc.value.message_dict["code"])


def test_only_one_hub(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.agency_create(actor=admin_user, code="HUB2", name="Đầu mối thứ hai", is_hub=True)
    assert "chỉ được có một" in exc.value.message_dict["is_hub"][0]


def test_parent_cycle_refused(admin_user):
    a = services.agency_create(actor=admin_user, code="AA", name="A")
    b = services.agency_create(actor=admin_user, code="BB", name="B", parent=a)
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=admin_user, agency=a, parent=b)
    assert "vòng lặp" in exc.value.message_dict["parent"][0]
    a.refresh_from_db()
    assert a.parent is None


def test_non_admin_cannot_administer(officer):
    with pytest.raises(PermissionDenied):
        services.agency_create(actor=officer, code="XX", name="X")
    assert not Agency.objects.filter(code="XX").exists()


def test_failed_change_leaves_no_audit_event(admin_user):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError), batch():  # two actions as one unit: the second fails, neither stays
        services.agency_create(actor=admin_user, code="OK1", name="Hợp lệ")
        services.agency_create(actor=admin_user, code="OK1", name="Trùng mã")
    assert AuditEvent.objects.count() == before
    assert not Agency.objects.filter(code="OK1").exists()


def test_user_create_validates_password_rules(admin_user, hub):
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin_user,
            username="ngan.qua",
            full_name="A B",
            agency=hub,
            roles=["officer"],
            password="ngan-qua",
        )
    assert any("12" in m for m in exc.value.message_dict["password"])
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin_user,
            username="pho.bien",
            full_name="A B",
            agency=hub,
            roles=["officer"],
            password="password1234",
        )
    assert exc.value.message_dict["password"]
    assert not User.objects.filter(username__in=["ngan.qua", "pho.bien"]).exists()


def test_user_create_rejects_bad_input_all_at_once(admin_user, hub):
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin_user, username="Có Dấu", full_name=" ", agency=hub, roles=["sếp"], clearance=9
        )
    errors = exc.value.message_dict
    assert set(errors) >= {"username", "full_name", "roles", "clearance"}


def test_user_create_generates_password_and_audits(admin_user, hub):
    user, generated = services.user_create(
        actor=admin_user, username="moi.tao", full_name="Lê Văn Mới", agency=hub, roles=["clerk", "officer"]
    )
    assert generated and user.check_password(generated)
    assert user.role_codes == {"clerk", "officer"}
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert generated not in str(event.payload)
    assert "Lê Văn Mới" not in event.payload and "Lê Văn Mới" not in event.object_repr
    assert event.object_repr == "moi.tao" and event.payload_data["roles"] == ["clerk", "officer"]


def test_permission_change_has_its_own_event(admin_user, officer, partner):
    services.user_update(actor=admin_user, user=officer, clearance=3, agency=partner, position="Trưởng phòng")
    perm = AuditEvent.objects.get(action="user.permissions", object_id=str(officer.pk))
    assert perm.payload_data["changed"]["clearance"] == {"before": "mat", "after": "tuyet-mat"}
    assert perm.payload_data["changed"]["agency"] == {"before": "BTC", "after": "CA"}
    other = AuditEvent.objects.get(action="user.update", object_id=str(officer.pk))
    assert other.payload_data["changed"] == {"position": {}}  # which field, not the new position


def test_admin_cannot_lock_themselves_out(admin_user):
    with pytest.raises(ValidationError):
        services.user_update(actor=admin_user, user=admin_user, roles=["officer"])
    with pytest.raises(ValidationError):
        services.user_set_active(actor=admin_user, user=admin_user, active=False, reason="thử")


def test_deactivation_needs_a_reason(admin_user, officer):
    with pytest.raises(ValidationError) as exc:
        services.user_set_active(actor=admin_user, user=officer, active=False, reason="  ")
    assert "lý do" in exc.value.message_dict["reason"][0]


def test_tokens_only_for_integration_accounts(admin_user, officer, hub):
    with pytest.raises(ValidationError):
        services.token_create(actor=admin_user, user=officer)
    bot = UserFactory(username="he.thong", agency=hub, is_api_only=True)
    token, raw = services.token_create(actor=admin_user, user=bot, name="máy chủ CA")
    assert raw.startswith("ph_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.key_hash, stored.prefix) and stored.key_hash == services.hash_token(raw)
    services.token_revoke(actor=admin_user, token=token)
    assert not ApiToken.objects.get(pk=token.pk).is_usable
    assert AuditEvent.objects.filter(action__in=["token.create", "token.revoke"]).count() == 2


def test_reset_mfa_removes_authenticators(admin_user, officer):
    removed = services.user_reset_mfa(actor=admin_user, user=officer, reason="Mất điện thoại")
    assert removed >= 1
    assert AuditEvent.objects.filter(action="user.mfa_reset", reason="Mất điện thoại").exists()
    assert AuditEvent.objects.filter(action="auth.mfa_removed", object_id=str(officer.pk)).exists()


def test_inactive_agency_cannot_receive_users(admin_user):
    closed = AgencyFactory(code="CU", name="Cơ quan cũ", active=False)
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin_user, username="vao.cu", full_name="A", agency=closed, roles=["officer"]
        )
    assert "ngừng hoạt động" in exc.value.message_dict["agency"][0]
