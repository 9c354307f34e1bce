"""Case teams: who manages them, who may join, what joining and leaving change, the per-agency threshold, the
number-and-level register, and the owner's sharing of an answer with the co-handling agencies."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from phoihop.access.policy import Action, can, restrict
from phoihop.audit.models import AuditEvent
from phoihop.cases import history, selectors, services
from phoihop.cases.models import Case, CaseSubject, CaseTeamMember, CoordinationRequest, TimelineEvent
from phoihop.cases.tests.helpers import login
from phoihop.core import services as core_services
from phoihop.core.models import Agency, User
from phoihop.core.tests.factories import UserFactory, partner_world
from phoihop.notify.messages import line
from phoihop.people.models import Person
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

TITLE = "Thẩm tra Tổ Kín Bốn Bốn"


@pytest.fixture
def world():
    world = partner_world()
    world["case"] = services.case_open(
        actor=world["owner"], title=TITLE, classification=1, participants=[world["UBKT"]]
    )
    return world


def team_of(case):
    return dict(CaseTeamMember.objects.filter(case=case).values_list("user__username", "role"))


# --- the team and who manages it ---------------------------------------------------------------------------


def test_opening_a_case_makes_its_opener_the_lead_of_its_team(world):
    assert team_of(world["case"]) == {"cv.btc": "lead"}


@pytest.mark.parametrize("manager", ["leader", "owner"])
def test_leaders_and_the_lead_officer_assign_with_timeline_and_audit(world, manager):
    case, member = world["case"], world["member"]
    assert not can(member, Action.VIEW, case)
    services.case_team_add(actor=world[manager], case=case, user=member)
    assert team_of(case) == {"cv.btc": "lead", "cv.to": "member"}
    assert can(member, Action.VIEW, case) and can(member, Action.CHANGE, case)
    line = TimelineEvent.objects.get(case=case, kind="team_added")
    assert line.data == {"user": str(member.pk), "role": "member"} and line.actor == world[manager]
    assert line.text == ""  # rendered when read: the member's name, to whoever sees the case
    assert member.full_name in history.line(line, world["leader"]).text
    event = AuditEvent.objects.get(action="case.team_add")
    assert event.object_repr == case.number and TITLE not in event.object_repr + event.payload
    # audit_record adds the object's classification as `level` (decision 83).
    assert event.payload_data == {"user": str(member.pk), "role": "member", "level": case.classification}


def test_the_new_member_is_told_after_commit_without_content(world, django_capture_on_commit_callbacks):
    from phoihop.notify.models import Notification

    case = world["case"]
    with django_capture_on_commit_callbacks(execute=True):
        services.case_team_add(actor=world["leader"], case=case, user=world["member"])
    told = Notification.objects.get(user=world["member"])
    assert (
        told.code == "team_added"
        and told.params == {"case": str(case.pk)}
        and told.link == f"/cases/{case.pk}/"
    )
    assert case.number in line(told) and TITLE not in line(told)


@pytest.mark.parametrize("who", ["member", "colleague", "participant", "admin"])
def test_others_cannot_manage_the_team(world, who):
    case = world["case"]
    if who == "member":
        services.case_team_add(actor=world["owner"], case=case, user=world["member"])
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo cơ quan chủ trì và cán bộ chủ trì"):
        services.case_team_add(actor=world[who], case=case, user=world["colleague"])
    with pytest.raises(PermissionDenied):
        services.case_team_remove(actor=world[who], case=case, user=world["member"])


def test_who_may_join(world):
    case = world["case"]
    inactive = UserFactory(
        username="cv.nghi", agency=world["BTC"], roles=["officer"], clearance=2, is_active=False
    )
    reasons = {
        "participant": "phải thuộc cơ quan chủ trì",
        "low": "chưa được tiếp cận bí mật ở độ “Mật”",
        "auditor": "không có vai trò xử lý hồ sơ",
        "inactive": "đã bị khóa hoặc là tài khoản tích hợp",
        "owner": "đã ở trong tổ xử lý hồ sơ",
    }
    for who, reason in reasons.items():
        user = inactive if who == "inactive" else world[who]
        with pytest.raises(ValidationError) as refused:
            services.case_team_add(actor=world["leader"], case=case, user=user)
        assert reason in " ".join(refused.value.message_dict["user"]), who
    assert team_of(case) == {"cv.btc": "lead"}


def test_removing_ends_access_and_the_lead_stays(world):
    case, member = world["case"], world["member"]
    services.case_team_add(actor=world["leader"], case=case, user=member)
    services.case_team_remove(actor=world["owner"], case=case, user=member)
    assert team_of(case) == {"cv.btc": "lead"} and not can(member, Action.VIEW, case)
    line = TimelineEvent.objects.get(case=case, kind="team_removed")
    assert line.data == {"user": str(member.pk)}
    event = AuditEvent.objects.get(action="case.team_remove")
    assert event.object_repr == case.number
    assert event.payload_data == {"user": str(member.pk), "level": case.classification}
    with pytest.raises(ValidationError, match="không ở trong tổ"):
        services.case_team_remove(actor=world["leader"], case=case, user=member)
    with pytest.raises(ValidationError, match="Không thể đưa cán bộ chủ trì ra khỏi tổ"):
        services.case_team_remove(actor=world["leader"], case=case, user=world["owner"])


def test_team_change_and_its_records_are_one_transaction(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.case_team_add(actor=world["leader"], case=world["case"], user=world["member"])
    assert team_of(world["case"]) == {"cv.btc": "lead"}
    assert not TimelineEvent.objects.filter(kind="team_added").exists()


def test_reassigning_the_lead_keeps_the_team_in_step(world):
    case = world["case"]
    services.case_update(
        actor=world["owner"], case=case, expected_version=1, title=TITLE, lead_officer=world["member"]
    )
    assert team_of(case) == {"cv.btc": "member", "cv.to": "lead"}
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="Không thể đưa cán bộ chủ trì"):
        services.case_team_remove(actor=world["leader"], case=case, user=world["member"])
    services.case_team_remove(actor=world["member"], case=case, user=world["owner"])  # the new lead manages
    assert not can(world["owner"], Action.VIEW, case)


def test_migration_makes_every_lead_officer_the_lead_of_the_team(world):
    CaseTeamMember.objects.all().delete()
    migration = importlib.import_module("phoihop.cases.migrations.0010_case_team_and_request_share")
    migration.leads_join_their_teams(apps, None)
    assert team_of(world["case"]) == {"cv.btc": "lead"}


# --- the access rule and its threshold ---------------------------------------------------------------------


def test_only_the_team_and_the_leaders_see_a_classified_case_inside_the_agency(world):
    case = world["case"]
    seen = {
        n
        for n in ("owner", "colleague", "member", "leader", "low", "participant")
        if can(world[n], Action.VIEW, case)
    }
    assert seen == {"owner", "leader", "participant"}
    low_leader = UserFactory(username="ld.thap", agency=world["BTC"], roles=["leader"], clearance=0)
    assert not can(low_leader, Action.VIEW, case), "a leader's clearance still applies"


def test_unclassified_cases_keep_the_agency_rule(world):
    plain = services.case_open(actor=world["owner"], title="Hồ sơ thường")
    assert can(world["colleague"], Action.VIEW, plain) and can(world["low"], Action.VIEW, plain)


def test_the_threshold_is_the_agencys_and_applies_at_once(world):
    case, colleague, admin = world["case"], world["colleague"], world["admin"]
    plain = services.case_open(actor=world["owner"], title="Hồ sơ thường")
    core_services.agency_update(actor=admin, agency=world["BTC"], team_only_from=2)
    assert can(colleague, Action.VIEW, case), "Mật is below Tối mật: the agency rule again"
    core_services.agency_update(actor=admin, agency=world["BTC"], team_only_from=0)
    assert not can(colleague, Action.VIEW, plain), "0: every case is its team's"
    assert AuditEvent.objects.filter(action="agency.update").latest("seq").payload_data["changed"] == {
        "team_only_from": {"before": 2, "after": 0}
    }
    with pytest.raises(ValidationError, match="Ngưỡng độ mật"):
        core_services.agency_update(actor=admin, agency=world["BTC"], team_only_from=7)


def test_another_agencys_threshold_does_not_apply(world):
    """UBKT owns a case: UBKT's own threshold decides, and the hub's team has nothing to do with it."""
    inspector = UserFactory(username="cv2.ubkt", agency=world["UBKT"], roles=["officer"], clearance=2)
    theirs = services.case_open(actor=world["participant"], title="Hồ sơ của UBKT", classification=2)
    assert not can(inspector, Action.VIEW, theirs)
    core_services.agency_update(actor=world["admin"], agency=world["UBKT"], team_only_from=3)
    assert can(inspector, Action.VIEW, theirs)
    assert can(world["colleague"], Action.VIEW, world["case"]) is False


def test_subjects_are_reached_only_through_a_case_the_user_may_open(world):
    """A partner reaches a person through a case it may see: outside the team of the partner's classified
    case, its colleague does not reach the subject."""
    person = make_person(world["owner"], "Ông Chủ Thể Kín", birth_year=1970)
    inspector = UserFactory(username="cv2.ubkt", agency=world["UBKT"], roles=["officer"], clearance=2)
    assert not can(world["participant"], Action.VIEW, person)
    theirs = services.case_open(actor=world["participant"], title="Hồ sơ của UBKT", classification=1)
    CaseSubject.objects.create(case=theirs, person=person)  # the link only: the reach rule is under test
    assert can(world["participant"], Action.VIEW, person)
    assert not can(inspector, Action.VIEW, person)
    assert not restrict(Person.objects.filter(pk=person.pk), inspector).exists()


def test_requests_and_their_changes_follow_the_team(world):
    case = world["case"]
    req = services.request_send(
        actor=world["owner"], case=case, to_agency=world["CA"], kind="verify", body="X", days=5
    )
    assert not can(world["colleague"], Action.VIEW, req) and not can(world["colleague"], Action.CHANGE, req)
    with pytest.raises(PermissionDenied):
        services.request_extend(actor=world["colleague"], req=req, days=2, reason="Cần thêm thời gian")
    assert (
        login(world["colleague"]).post(f"/requests/{req.pk}/extend/", {"days": 2, "reason": "x"}).status_code
        == 404
    )
    assert (
        login(world["colleague"])
        .post(f"/api/v1/requests/{req.pk}/extend/", {"days": 2, "reason": "x"})
        .status_code
        == 404
    )


# --- the register: number and level only --------------------------------------------------------------------


def test_the_case_list_shows_colleagues_number_and_level_only(world):
    case = world["case"]
    page = login(world["colleague"]).get("/cases/").content.decode()
    register = page.split('id="case-register"')[1]
    assert case.number in register and "Mật" in register
    assert TITLE not in page and f"/cases/{case.pk}/" not in page
    assert case.number in login(world["colleague"]).get(f"/cases/?q={case.number[-3:]}").content.decode()
    by_title = login(world["colleague"]).get("/cases/?q=Kín+Bốn").content.decode()
    assert case.number not in by_title, "the register is never searched by title"
    filtered = login(world["colleague"]).get("/cases/?status=open").content.decode()
    assert 'id="case-register"' not in filtered, "filters that would tell something about the case hide it"


def test_the_register_lists_nothing_beyond_clearance_or_for_those_who_see(world):
    assert list(selectors.case_register(world["low"])) == []  # Mật is above clearance 0
    assert list(selectors.case_register(world["owner"])) == []
    assert list(selectors.case_register(world["leader"])) == []
    assert list(selectors.case_register(world["participant"])) == []
    assert list(selectors.case_register(world["auditor"])) == []
    assert list(selectors.case_register(world["colleague"])) == [(world["case"].number, 1)]


def _issued(world, paper):
    """Signed by the agency's leader and issued by its clerk, whom the case's lead puts on the team."""
    from phoihop.core.tests.factories import UserFactory
    from phoihop.documents.testing import sign_and_issue

    clerk = UserFactory(username="vt.btc", agency=world["owner"].agency, roles=["clerk"], clearance=2)
    services.case_team_add(actor=world["owner"], case=world["case"], user=clerk)
    return sign_and_issue(paper, leader=world["leader"], clerk=clerk, authority="TM")


def test_the_outgoing_register_shows_colleagues_number_and_level_only(world):
    from phoihop.documents.services import document_generate

    paper = document_generate(
        actor=world["owner"],
        case=world["case"],
        template="phieu_chuyen",
        regime="party",
        subject_line="Chuyển Kín Năm Năm",
        body="Nội dung.",
        recipients=["CA"],
        parent_issuer="Đảng bộ tỉnh Sơn Hà",
        place="Sơn Hà",
        symbol="BTCTU",
        classification=1,
    )
    paper = _issued(world, paper)
    row = (
        login(world["colleague"]).get("/registers/outgoing/").content.decode().split('id="register-table"')[1]
    )
    assert paper.number_symbol in row and "Mật" in row
    assert "Kín Năm Năm" not in row and f"/documents/{paper.pk}/" not in row
    own = login(world["owner"]).get("/registers/outgoing/").content.decode()
    assert "Kín Năm Năm" in own and f"/documents/{paper.pk}/" in own


# --- pages and API of the team
# -------------------------------------------------------------------------------


def test_team_panel_add_and_remove_with_confirmation(world):
    case, leader = world["case"], login(world["leader"])
    page = leader.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-team"' in page and f'action="/cases/{case.pk}/team/"' in page
    assert leader.post(f"/cases/{case.pk}/team/", {"user": world["member"].pk}).status_code == 302
    assert team_of(case)["cv.to"] == "member"
    confirm = leader.get(f"/cases/{case.pk}/team/{world['member'].pk}/remove/")
    assert confirm.status_code == 200 and "ra khỏi tổ xử lý hồ sơ" in confirm.content.decode()
    assert "cv.to" in team_of(case), "the confirmation page changes nothing"
    assert leader.post(f"/cases/{case.pk}/team/{world['member'].pk}/remove/").status_code == 302
    assert "cv.to" not in team_of(case)
    refused = leader.post(f"/cases/{case.pk}/team/", {"user": world["participant"].pk}, follow=True)
    assert "Hãy chọn một cán bộ trong danh sách" in refused.content.decode()


def test_team_members_see_the_panel_without_controls_and_outsiders_get_404(world):
    case = world["case"]
    services.case_team_add(actor=world["leader"], case=case, user=world["member"])
    page = login(world["member"]).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="team-members"' in page and "cv.btc" in page and f'action="/cases/{case.pk}/team/"' not in page
    assert (
        login(world["member"]).get(f"/cases/{case.pk}/team/{world['member'].pk}/remove/").status_code == 403
    )
    colleague = login(world["colleague"])
    assert colleague.get(f"/cases/{case.pk}/team/{world['member'].pk}/remove/").status_code == 404
    assert colleague.post(f"/cases/{case.pk}/team/", {"user": world["colleague"].pk}).status_code == 404
    assert "cv.khac" not in team_of(case)


def test_team_api(world):
    case, api = world["case"], login(world["leader"])
    listed = api.get(f"/api/v1/cases/{case.pk}/team/").json()
    assert [(m["user"], m["role"]) for m in listed] == [("cv.btc", "lead")]
    added = api.post(f"/api/v1/cases/{case.pk}/team/", {"user": "cv.to"}, content_type="application/json")
    assert (
        added.status_code == 201 and added.json()["role"] == "member" and added.json()["added_by"] == "ld.btc"
    )
    again = api.post(f"/api/v1/cases/{case.pk}/team/", {"user": "cv.to"}, content_type="application/json")
    assert again.status_code == 400 and "đã ở trong tổ" in again.json()["errors"]["user"][0]
    stranger = api.post(
        f"/api/v1/cases/{case.pk}/team/", {"user": "cv.ubkt"}, content_type="application/json"
    )
    assert (
        stranger.status_code == 400
        and "Không có cán bộ cv.ubkt trong cơ quan chủ trì" in stranger.json()["errors"]["user"][0]
    )
    assert api.delete(f"/api/v1/cases/{case.pk}/team/cv.to/").status_code == 204
    lead = api.delete(f"/api/v1/cases/{case.pk}/team/cv.btc/")
    assert lead.status_code == 400 and "cán bộ chủ trì" in lead.json()["errors"]["user"][0]
    member = login(world["owner"])
    assert member.delete(f"/api/v1/cases/{case.pk}/team/cv.btc/").status_code == 400
    refused = login(world["participant"]).post(
        f"/api/v1/cases/{case.pk}/team/", {"user": "cv.to"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "Chỉ lãnh đạo" in refused.json()["detail"]
    probe = login(world["participant"]).post(
        f"/api/v1/cases/{case.pk}/team/", {"user": "khong.co"}, content_type="application/json"
    )
    assert probe.status_code == 403, "a non-manager learns nothing about user names"
    assert login(world["colleague"]).delete(f"/api/v1/cases/{case.pk}/team/cv.btc/").status_code == 404


def test_the_schema_documents_the_team_and_share_endpoints(world):
    paths = login(world["owner"]).get("/api/v1/schema/?format=json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/cases/{id}/team/"])
    assert "delete" in paths["/api/v1/cases/{id}/team/{username}/"]
    assert "post" in paths["/api/v1/requests/{id}/share/"]


# --- sharing an answer with the co-handling agencies
# -----------------------------------------------------------


@pytest.fixture
def answered(world):
    req = services.request_send(
        actor=world["owner"],
        case=world["case"],
        to_agency=world["CA"],
        kind="verify",
        body="Xác minh",
        days=5,
    )
    return services.request_respond(actor=world["recipient"], req=req, response="Không có vấn đề.")


def test_sharing_shows_the_answer_to_the_participants_and_is_recorded(world, answered):
    participant = world["participant"]
    assert not can(participant, Action.VIEW, answered)
    shared = services.request_share(actor=world["owner"], req=answered)
    assert shared.shared_at is not None and shared.shared_by == world["owner"]
    assert can(participant, Action.VIEW, shared)
    assert not can(world["colleague"], Action.VIEW, shared) and not can(
        world["outsider"], Action.VIEW, shared
    )
    line = TimelineEvent.objects.get(kind="request_shared")
    assert line.request_id == answered.pk and line.data == {"shared": True}
    event = AuditEvent.objects.get(action="request.share")
    assert event.object_repr == world["case"].number
    assert event.payload_data == {"shared": True, "to": "CA", "level": answered.classification}
    assert answered.classification == world["case"].classification == 1
    services.request_share(actor=world["leader"], req=answered, shared=False)
    assert not can(participant, Action.VIEW, answered)
    assert not restrict(TimelineEvent.objects.filter(kind="request_shared"), participant).exists()


def test_sharing_refusals(world, answered):
    with pytest.raises(PermissionDenied):
        services.request_share(actor=world["participant"], req=answered)
    with pytest.raises(PermissionDenied):
        services.request_share(actor=world["colleague"], req=answered)
    with pytest.raises(ValidationError, match="chưa được chia sẻ"):
        services.request_share(actor=world["owner"], req=answered, shared=False)
    services.request_share(actor=world["owner"], req=answered)
    with pytest.raises(ValidationError, match="đã được chia sẻ"):
        services.request_share(actor=world["owner"], req=answered)
    waiting = services.request_send(
        actor=world["owner"], case=world["case"], to_agency=world["QS"], kind="verify", body="Chờ", days=5
    )
    with pytest.raises(ValidationError, match="Chỉ chia sẻ được yêu cầu đã có trả lời"):
        services.request_share(actor=world["owner"], req=waiting)
    alone = services.case_open(actor=world["owner"], title="Không có cơ quan cùng xử lý")
    req = services.request_send(
        actor=world["owner"], case=alone, to_agency=world["CA"], kind="verify", body="X", days=5
    )
    req = services.request_respond(actor=world["recipient"], req=req, response="Đã xác minh.")
    with pytest.raises(ValidationError, match="không có cơ quan cùng xử lý"):
        services.request_share(actor=world["owner"], req=req)


def test_sharing_from_the_request_page_and_the_api(world, answered):
    owner = login(world["owner"])
    page = owner.get(f"/requests/{answered.pk}/").content.decode()
    assert f'action="/requests/{answered.pk}/share/"' in page
    assert owner.post(f"/requests/{answered.pk}/share/", {"shared": "1"}).status_code == 302
    assert CoordinationRequest.objects.get(pk=answered.pk).shared_at is not None
    seen = login(world["participant"]).get(f"/requests/{answered.pk}/").content.decode()
    assert "Không có vấn đề." in seen and 'id="request-share"' not in seen
    back = owner.post(
        f"/api/v1/requests/{answered.pk}/share/", {"shared": False}, content_type="application/json"
    )
    assert back.status_code == 200 and back.json()["shared_at"] is None
    assert login(world["participant"]).get(f"/requests/{answered.pk}/").status_code == 404
    assert login(world["participant"]).post(f"/api/v1/requests/{answered.pk}/share/", {}).status_code == 404


# --- the agency's threshold in the administration
# -------------------------------------------------------------


def test_administrators_set_the_threshold_on_the_page_and_the_api(world):
    admin = login(world["admin"])
    agency = world["UBKT"]
    form = admin.get(f"/admin/agencies/{agency.pk}/").content.decode()
    assert 'name="team_only_from"' in form
    saved = admin.post(
        f"/admin/agencies/{agency.pk}/",
        {"code": "UBKT", "name": agency.name, "kind": "other", "active": "on", "team_only_from": "2"},
    )
    assert saved.status_code == 302 and Agency.objects.get(pk=agency.pk).team_only_from == 2
    changed = admin.patch(
        f"/api/v1/agencies/{agency.pk}/", {"team_only_from": 3}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["team_only_from"] == 3
    bad = admin.patch(
        f"/api/v1/agencies/{agency.pk}/", {"team_only_from": 9}, content_type="application/json"
    )
    assert bad.status_code == 400 and "team_only_from" in bad.json()["errors"]
    new = admin.post(
        "/api/v1/agencies/",
        {"code": "MOI", "name": "Cơ quan mới", "kind": "other"},
        content_type="application/json",
    )
    assert new.status_code == 201 and new.json()["team_only_from"] == 1


# --- the demo
# ---------------------------------------------------------------------------------------------------


def test_demo_classified_case_has_its_team_and_a_colleague_sees_its_number_only(settings):
    settings.DEMO = True
    call_command("demo", stdout=io.StringIO())
    verify = Case.objects.get(kind="general", classification=1)
    assert team_of(verify) == {"btc.chuyenvien": "lead", "btc.vanthu": "member"}
    for name, sees in [
        ("btc.chuyenvien", True),
        ("btc.vanthu", True),
        ("btc.lanhdao", True),
        ("btc.tonghop", False),
    ]:
        assert can(User.objects.get(username=name), Action.VIEW, verify) is sees, name
    hidden = Case.objects.filter(owner_agency__code="BTC", classification=1)  # the demo letter is "Mật" too
    assert set(selectors.case_register(User.objects.get(username="btc.tonghop"))) == {
        (c.number, 1) for c in hidden
    }
    assert can(
        User.objects.get(username="ca.daumoi"), Action.VIEW, CoordinationRequest.objects.get(case=verify)
    )
    concluded = Case.objects.get(kind="general", status="concluded")
    inspector = User.objects.get(username="ubkt.daumoi")
    answer = CoordinationRequest.objects.get(case=concluded)
    assert can(inspector, Action.VIEW, concluded) and not can(inspector, Action.VIEW, answer)
    services.request_share(actor=User.objects.get(username="btc.chuyenvien"), req=answer)
    assert can(inspector, Action.VIEW, answer)


# --- numbers of the case's papers in the outgoing register
# ---------------------------------------------------


def test_a_colleague_off_the_team_cannot_cancel_the_number_of_a_classified_papers(world, settings, tmp_path):
    """Found by an outside test: the register showed a colleague off the team a cancel form for the number of
    a classified case's paper, and the cancel went through (the rule asked only to *see* the register row)."""
    from django.utils import timezone

    from phoihop.documents import services as document_services
    from phoihop.documents.models import IssuedNumber

    settings.DATA_DIR = tmp_path
    paper = document_services.document_generate(
        actor=world["owner"],
        case=world["case"],
        template="de_nghi_xac_minh",
        regime="party",
        symbol="BTCTU",
        subject_line="Đề nghị thẩm tra (hư cấu)",
        body="Nội dung.",
        recipients=["Công an tỉnh"],
        parent_issuer="Đảng bộ tỉnh Sơn Hà",
        place="Sơn Hà",
        authority="TM",
        authority_of="Ban Thường vụ",
        signer_title="Trưởng ban",
        classification=1,
    )
    paper = _issued(world, paper)
    issued = IssuedNumber.objects.get(document=paper)
    colleague = world["colleague"]

    page = login(colleague).get("/registers/outgoing/").content.decode()
    assert issued.number_symbol in page and f"/registers/numbers/{issued.pk}/cancel/" not in page
    refused = login(colleague).post(
        f"/registers/numbers/{issued.pk}/cancel/", {"reason": "Hủy bởi người ngoài tổ"}
    )
    assert refused.status_code == 404
    with pytest.raises(PermissionDenied):
        document_services.number_cancel(actor=colleague, issued=issued, reason="Hủy bởi người ngoài tổ")
    issued.refresh_from_db()
    assert issued.cancelled_at is None

    document_services.number_cancel(actor=world["owner"], issued=issued, reason="Văn bản soạn nhầm, hủy số")
    issued.refresh_from_db()
    assert issued.cancelled_at is not None and issued.cancelled_at <= timezone.now()
    assert "Văn bản soạn nhầm" not in login(colleague).get("/registers/outgoing/").content.decode()
