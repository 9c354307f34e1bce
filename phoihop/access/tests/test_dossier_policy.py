"""The generic policy on a case-shaped object: participation,
clearance, roles, grants, break-glass, masking."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from phoihop.access import services
from phoihop.access.masking import MASK, reveal
from phoihop.access.models import AccessGrant
from phoihop.access.policy import Action, can, restrict
from phoihop.access.shortcuts import OutOfScopeError, write_within_scope
from phoihop.access.testing import COUNT, DETAIL, DOWNLOAD, EXPORT, LIST, SEARCH, Endpoint, LeakTests, Persona
from phoihop.access.tests.testapp.models import Dossier
from phoihop.audit.models import AuditEvent
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("phoihop.access.tests.testapp.urls")]


def make_world():
    hub = AgencyFactory(code="BTC", is_hub=True)
    police, army, inspect, internal = (AgencyFactory(code=c) for c in ("CA", "QS", "UBKT", "NC"))
    dossier = Dossier.objects.create(
        title="Hồ sơ Tuyệt mật XK-17",
        owner_agency=hub,
        classification=2,
        secret_note="Người tố cáo: Đỗ Văn Ẩn",
    )
    dossier.participants.add(police)
    AccessGrant.objects.create(
        agency=inspect,
        content_type_id=_ct(),
        object_id=dossier.pk,
        action="view",
        expires_at=timezone.now() + timedelta(days=3),
    )
    AccessGrant.objects.create(
        agency=internal,
        content_type_id=_ct(),
        object_id=dossier.pk,
        action="view",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    admin = UserFactory(username="qt.khancap", agency=hub, roles=["admin"], clearance=3)
    services.break_glass_open(actor=admin, obj=dossier, reason="Điều tra rò rỉ theo chỉ đạo Thường trực")
    world = {
        "owner": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2),
        "low": UserFactory(username="cv.btc.thap", agency=hub, roles=["officer"], clearance=1),
        "auditor": UserFactory(username="gs.btc", agency=hub, roles=["auditor"], clearance=3),
        "participant": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2),
        "outsider": UserFactory(username="dm.qs", agency=army, roles=["liaison"], clearance=3),
        "grantee": UserFactory(username="dm.ubkt", agency=inspect, roles=["liaison"], clearance=2),
        "expired": UserFactory(username="dm.nc", agency=internal, roles=["liaison"], clearance=3),
        "break_glass": admin,
        "admin_plain": UserFactory(username="qt.thuong", agency=hub, roles=["admin"], clearance=3),
    }
    return world, dossier


def _ct():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Dossier).pk


def who(name):
    return lambda world: world[name]


class TestDossierLeaks(LeakTests):
    personas = [
        Persona("anonymous", sees=False, make=lambda world: None),
        Persona("wrong-agency", sees=False, make=who("outsider")),
        Persona("too-low-clearance", sees=False, make=who("low")),
        Persona("wrong-role-auditor", sees=False, make=who("auditor")),
        Persona("expired-grant", sees=False, make=who("expired")),
        Persona("admin-without-break-glass", sees=False, make=who("admin_plain")),
        Persona("owner-agency", sees=True, make=who("owner")),
        Persona("participant-agency", sees=True, make=who("participant")),
        Persona("time-boxed-grant", sees=True, make=who("grantee")),
        Persona("break-glass-admin", sees=True, make=who("break_glass")),
    ]
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: "/t/dossiers/"),
        Endpoint("ui-search", SEARCH, lambda pk, m: "/t/dossiers/?q=XK-17"),
        Endpoint("ui-count", COUNT, lambda pk, m: "/t/dossiers/count?q=XK-17"),
        Endpoint("ui-detail", DETAIL, lambda pk, m: f"/t/dossiers/{pk}/"),
        Endpoint("ui-export", EXPORT, lambda pk, m: "/t/dossiers/export.csv?q=XK-17"),
        Endpoint("ui-download", DOWNLOAD, lambda pk, m: f"/t/dossiers/{pk}/download"),
        Endpoint("api-list", LIST, lambda pk, m: "/api/t/dossiers/"),
        Endpoint("api-search", SEARCH, lambda pk, m: "/api/t/dossiers/?q=XK-17"),
        Endpoint("api-count", COUNT, lambda pk, m: "/api/t/dossiers/?q=XK-17"),
        Endpoint("api-detail", DETAIL, lambda pk, m: f"/api/t/dossiers/{pk}/"),
    ]

    def build(self):
        world, dossier = make_world()
        return world, dossier


def test_generator_reports_exactly_what_leaked():
    """A deliberately leaky endpoint makes the generated test fail with the object, persona and URL."""
    world, dossier = make_world()
    leaky = Endpoint("leaky", LIST, lambda pk, m: "/t/dossiers/")
    case = (Persona("wrong-agency", sees=True, make=who("outsider")), leaky)

    class Probe(TestDossierLeaks):
        def build(self):
            return world, dossier

    with pytest.raises(
        AssertionError,
        match=r"wrong-agency should see Dossier 'Hồ sơ Tuyệt mật XK-17'.*leaky GET /t/dossiers/",
    ):
        Probe().test_leak(case)
    outsider_sees = (Persona("owner-agency", sees=False, make=who("owner")), leaky)
    with pytest.raises(
        AssertionError, match=r"LEAK: Dossier 'Hồ sơ Tuyệt mật XK-17' .* is visible to owner-agency via leaky"
    ):
        Probe().test_leak(outsider_sees)


def test_only_leaders_of_the_owner_agency_approve():
    world, dossier = make_world()
    leader = UserFactory(username="ld.btc", agency=dossier.owner_agency, roles=["leader"], clearance=3)
    assert can(leader, Action.APPROVE, dossier)
    assert not can(world["owner"], Action.APPROVE, dossier)
    partner_leader = UserFactory(
        username="ld.ca", agency=world["participant"].agency, roles=["leader"], clearance=3
    )
    assert can(partner_leader, Action.VIEW, dossier) and not can(partner_leader, Action.APPROVE, dossier)


def test_restrict_is_one_query_without_duplicates(django_assert_num_queries):
    world, dossier = make_world()
    dossier.participants.add(world["owner"].agency)  # owner and participant at once
    assert world["owner"].role_codes  # roles are read once per user and request, then cached
    with django_assert_num_queries(1):
        rows = list(restrict(Dossier.objects.all(), world["owner"], Action.VIEW))
    assert rows == [dossier]


def test_revoking_grants_ends_access():
    world, dossier = make_world()
    assert can(world["grantee"], Action.VIEW, dossier)
    assert (
        services.grants_revoke(actor=None, obj=dossier, agency=world["grantee"].agency, reason="Đã trả lời")
        == 1
    )
    assert not can(world["grantee"], Action.VIEW, dossier)
    assert AuditEvent.objects.filter(action="access.grant_revoke", object_id=str(dossier.pk)).exists()


def test_grant_is_audited_and_must_expire_in_the_future():
    world, dossier = make_world()
    with pytest.raises(ValidationError):
        services.grant_create(
            actor=None, agency=world["outsider"].agency, obj=dossier, action="view", expires_at=timezone.now()
        )
    services.grant_create(
        actor=None,
        agency=world["outsider"].agency,
        obj=dossier,
        action="view",
        expires_at=timezone.now() + timedelta(hours=1),
        reason="Yêu cầu xác minh số 12",
    )
    assert can(world["outsider"], Action.VIEW, dossier)
    assert AuditEvent.objects.filter(action="access.grant", reason="Yêu cầu xác minh số 12").exists()


def test_break_glass_needs_admin_and_a_reason_and_expires():
    world, dossier = make_world()
    with pytest.raises(PermissionDenied):
        services.break_glass_open(actor=world["owner"], obj=dossier, reason="Tôi muốn xem hồ sơ này")
    with pytest.raises(ValidationError):
        services.break_glass_open(actor=world["admin_plain"], obj=dossier, reason="xem")
    opened = services.break_glass_open(
        actor=world["admin_plain"], obj=dossier, reason="Khắc phục sự cố dữ liệu", minutes=5
    )
    assert can(world["admin_plain"], Action.VIEW, dossier)
    type(opened).objects.filter(pk=opened.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not can(world["admin_plain"], Action.VIEW, dossier)
    event = AuditEvent.objects.filter(action="access.break_glass").latest("seq")
    assert event.reason == "Khắc phục sự cố dữ liệu" and event.actor_name == "qt.thuong"


def test_break_glass_never_lifts_clearance():
    _world, dossier = make_world()
    low_admin = UserFactory(username="qt.thap", agency=dossier.owner_agency, roles=["admin"], clearance=1)
    services.break_glass_open(actor=low_admin, obj=dossier, reason="Khắc phục sự cố dữ liệu")
    assert not can(low_admin, Action.VIEW, dossier)


def test_sensitive_field_masked_until_revealed_and_reveal_is_audited():
    world, dossier = make_world()
    leader = UserFactory(username="ld.btc2", agency=dossier.owner_agency, roles=["leader"], clearance=3)
    client = Client()
    client.force_login(leader)
    masked = client.get(f"/t/dossiers/{dossier.pk}/").json()
    assert masked["secret_note"] == MASK
    assert not AuditEvent.objects.filter(action="record.unmask").exists()
    shown = client.get(f"/t/dossiers/{dossier.pk}/?reveal=secret_note").json()
    assert shown["secret_note"] == "Người tố cáo: Đỗ Văn Ẩn"
    event = AuditEvent.objects.get(action="record.unmask")
    assert event.payload_data == {"field": "secret_note"} and event.actor_name == "ld.btc2"
    officer = Client()
    officer.force_login(world["owner"])
    assert officer.get(f"/t/dossiers/{dossier.pk}/?reveal=secret_note").json()["secret_note"] == MASK
    with pytest.raises(PermissionDenied):
        reveal(world["owner"], dossier, "secret_note")


def test_write_that_leaves_the_actor_scope_is_rolled_back():
    world, dossier = make_world()
    other = world["outsider"].agency

    def move_away():
        Dossier.objects.filter(pk=dossier.pk).update(owner_agency=other)
        dossier.refresh_from_db()
        return dossier

    with pytest.raises(OutOfScopeError):
        write_within_scope(world["owner"], move_away)
    dossier.refresh_from_db()
    assert dossier.owner_agency.code == "BTC"


def test_denied_lookups_are_audited_without_revealing_anything():
    world, dossier = make_world()
    client = Client()
    client.force_login(world["outsider"])
    response = client.get(f"/t/dossiers/{dossier.pk}/")
    assert response.status_code == 404
    assert "XK-17" not in response.content.decode()
    event = AuditEvent.objects.filter(action="access.denied").latest("seq")
    assert event.outcome == "denied" and event.object_id == str(dossier.pk) and event.actor_name == "dm.qs"
    api = client.get(f"/api/t/dossiers/{dossier.pk}/")
    assert api.status_code == 404 and json.loads(api.content) == {"detail": "Không tìm thấy.", "errors": {}}
    garbage = client.get("/api/t/dossiers/khong-phai-uuid/")
    assert garbage.status_code == 404 and garbage.content == api.content
