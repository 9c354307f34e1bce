"""The vetting flow through its services (docs/vetting.md): opening with a registered person, the checklist,
findings that must cite a source, explanations, verifiers who are neither the subject nor a relative, the
appraisal, the leader's approval or the Standing Committee's decision by management level, reopening with a
reason, reuse of a valid conclusion, the context shown to the appraiser, and the rules as data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.cases.models import Case, CaseSubject
from phoihop.people.models import DisciplineRecord
from phoihop.people.tests.factories import make_person
from phoihop.vetting import rules, selectors, services
from phoihop.vetting.models import DossierItem, Finding, Vetting
from phoihop.vetting.tests.conftest import ask_and_answer, details, open_vetting, receive_dossier

pytestmark = pytest.mark.django_db


def _errors(exc: Any) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_opening_links_the_subject_keeps_the_level_and_lays_out_the_checklist(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["subject"])
    vetting = Vetting.objects.get(case=case)
    assert case.kind == "vetting" and case.number.startswith("TD-") and case.status == "open"
    assert CaseSubject.objects.filter(case=case, person=world["subject"]).exists()
    assert vetting.management_level == "province" and vetting.concluder == "standing"
    codes = list(DossierItem.objects.filter(case=case).values_list("item__code", flat=True))
    assert codes == [c for c, _l, _m in next(p for p in rules.DEFAULT_PURPOSES if p[0] == "appointment")[3]]
    assert set(DossierItem.objects.filter(case=case).values_list("status", flat=True)) == {"missing"}
    local = Vetting.objects.get(case=open_vetting(world["owner"], world["local"]))
    assert local.concluder == "leader"


def test_a_person_absent_from_the_registry_or_hidden_is_refused_alike(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as absent:
        case_services.case_open(
            actor=world["owner"],
            kind="vetting",
            title="Thử",
            details={**details(world["subject"]), "person": "00000000-0000-4000-8000-00000000abcd"},
        )
    # the hub sees every registered person within its clearance: above it, the person is hidden
    hidden = make_person(world["leader"], "Người Tuyệt Mật", birth_year=1990, classification=3)
    with pytest.raises(ValidationError) as invisible:
        open_vetting(world["owner"], hidden)
    assert _errors(absent)["person"] == _errors(invisible)["person"]
    assert "sổ đăng ký" in _errors(absent)["person"][0]
    assert not Case.objects.filter(kind="vetting").exists()


def test_only_the_hub_opens_a_vetting(world: dict[str, Any]) -> None:
    person = make_person(world["participant"], "Người Của UBKT", birth_year=1991)
    with pytest.raises(PermissionDenied):
        open_vetting(world["participant"], person)
    assert not Case.objects.filter(kind="vetting").exists()


def test_a_finding_must_cite_a_source_of_this_case(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["subject"])
    other = open_vetting(world["owner"], world["local"])
    elsewhere = ask_and_answer(world, other)
    with pytest.raises(ValidationError) as none:
        services.finding_add(
            actor=world["owner"], case=case, group="history", text="Có người thân ở nước ngoài"
        )
    assert "phải nêu nguồn" in _errors(none)["source_kind"][0]
    with pytest.raises(ValidationError) as foreign:
        services.finding_add(
            actor=world["owner"],
            case=case,
            group="history",
            text="x",
            source_kind="reply",
            source_request=elsewhere.pk,
        )
    assert "source_request" in _errors(foreign)
    with pytest.raises(ValidationError) as vague:
        services.finding_add(
            actor=world["owner"], case=case, group="current", text="x", source_kind="dossier"
        )
    assert "source_note" in _errors(vague)
    assert not Finding.objects.exists()
    reply = ask_and_answer(world, case, "Em gái ở Nhật Bản (kiểm thử).")
    row = services.finding_add(
        actor=world["owner"],
        case=case,
        group="history",
        flags=["relatives_abroad"],
        text="Em gái lao động ở Nhật Bản",
        source_kind="reply",
        source_request=reply.pk,
    )
    assert row.source_request_id == reply.pk
    event = AuditEvent.objects.filter(action="vetting.finding").get()
    assert "Nhật" not in str(event.payload) and event.payload_data["request"] == str(reply.pk)


def test_the_subjects_explanation_is_recorded_against_a_finding(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["subject"])
    finding = services.finding_add(
        actor=world["owner"],
        case=case,
        group="current",
        text="x",
        source_kind="dossier",
        source_note="Bản 2C",
    )
    with pytest.raises(ValidationError):
        services.explanation_add(
            actor=world["owner"],
            finding=finding,
            text="Giải trình",
            given_on=timezone.localdate() + timedelta(days=1),
        )
    services.explanation_add(
        actor=world["owner"], finding=finding, text="Giải trình rõ", given_on=timezone.localdate()
    )
    assert finding.explanations.get().text == "Giải trình rõ"


def test_a_verifier_is_neither_the_subject_nor_a_relative(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["subject"])
    for person in (world["subject"], world["father"]):
        with pytest.raises(ValidationError) as refused:
            services.verifier_add(actor=world["owner"], case=case, person=person, place="residence")
        assert "người thân" in _errors(refused)["person"][0]
    services.verifier_add(actor=world["owner"], case=case, person=world["verifier"], place="residence")
    with pytest.raises(ValidationError):
        services.verifier_add(actor=world["owner"], case=case, person=world["verifier"], place="workplace")


def _appraise(world: dict[str, Any], case: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "history_issue": False,
        "current_issue": False,
        "verdict": "meets",
        "reasons": "Không có vấn đề (kiểm thử).",
    }
    values.update(overrides)
    return services.appraise(actor=world["owner"], case=case, **values)


def test_the_appraisal_needs_both_groups_a_source_for_an_issue_a_complete_dossier_and_answers(
    world: dict[str, Any],
) -> None:
    case = open_vetting(world["owner"], world["local"])
    with pytest.raises(ValidationError) as empty:
        _appraise(world, case, history_issue=None, reasons="")
    assert {"history_issue", "reasons"} <= set(_errors(empty))
    with pytest.raises(ValidationError) as gaps:
        _appraise(world, case)
    assert "còn thiếu" in _errors(gaps)["verdict"][0]
    receive_dossier(world, case)
    with pytest.raises(ValidationError) as unsourced:
        _appraise(world, case, current_issue=True)
    assert "current_issue" in _errors(unsourced)
    case_services.request_send(
        actor=world["owner"], case=case, to_agency=world["CA"], kind="verify", body="Xác minh", days=10
    )
    with pytest.raises(ValidationError) as waiting:
        _appraise(world, case)
    assert "chưa được trả lời" in " ".join(_errors(waiting)["transition"])
    assert Vetting.objects.get(case=case).verdict == ""


def test_a_leader_concludes_for_the_local_level_and_no_one_else_approves(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["local"])
    receive_dossier(world, case)
    _appraise(world, case)
    with pytest.raises(PermissionDenied):
        services.approve(actor=world["owner"], case=case)
    assert Case.objects.get(pk=case.pk).status == "appraised"
    services.approve(actor=world["leader"], case=case, comment="Đồng ý")
    case.refresh_from_db()
    vetting = Vetting.objects.get(case=case)
    assert case.status == "concluded" and vetting.concluded_on == timezone.localdate()
    assert vetting.valid_until == rules.valid_until(vetting.purpose, vetting.concluded_on)


def test_the_standing_committee_decides_for_the_cadres_it_manages(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["subject"])
    receive_dossier(world, case)
    _appraise(world, case)
    services.approve(actor=world["leader"], case=case)
    assert Case.objects.get(pk=case.pk).status == "submitted"
    with pytest.raises(ValidationError) as undated:
        services.decision_record(
            actor=world["owner"], case=case, decision_number="", decision_on=None, verdict="x"
        )
    assert {"decision_number", "decision_on", "verdict"} <= set(_errors(undated))
    services.decision_record(
        actor=world["owner"],
        case=case,
        decision_number="12-TB/TU",
        decision_on=timezone.localdate(),
        verdict="insufficient",
    )
    vetting = Vetting.objects.get(case=case)
    assert Case.objects.get(pk=case.pk).status == "concluded" and vetting.verdict == "insufficient"
    assert AuditEvent.objects.get(action="vetting.decision").payload_data["proposed"] == "meets"


def test_a_conclusion_is_not_a_generic_transition_and_reopening_needs_a_reason(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["local"])
    receive_dossier(world, case)
    with pytest.raises(ValidationError):
        case_services.case_transition(actor=world["owner"], case=case, name="appraise")
    _appraise(world, case)
    services.approve(actor=world["leader"], case=case)
    with pytest.raises(ValidationError):
        case_services.case_transition(actor=world["leader"], case=case, name="reopen", reason="")
    case_services.case_transition(actor=world["leader"], case=case, name="reopen", reason="Có đơn mới")
    vetting = Vetting.objects.get(case=case)
    assert Case.objects.get(pk=case.pk).status == "open"
    assert vetting.concluded_on is None and vetting.valid_until is None


def test_a_valid_conclusion_may_be_reused_with_a_justification_and_an_expired_one_not(
    world: dict[str, Any],
) -> None:
    first = open_vetting(world["owner"], world["local"])
    receive_dossier(world, first)
    _appraise(world, first)
    services.approve(actor=world["leader"], case=first)
    second = open_vetting(world["owner"], world["local"], purpose="planning")
    with pytest.raises(ValidationError) as unjustified:
        services.reuse(actor=world["owner"], case=second, source=first.pk, justification="")
    assert "justification" in _errors(unjustified)
    services.reuse(actor=world["owner"], case=second, source=first.pk, justification="Mới kết luận 1 tháng")
    assert Case.objects.get(pk=second.pk).status == "appraised"
    assert Vetting.objects.get(case=second).reused_from_id == first.pk
    third = open_vetting(world["owner"], world["local"], purpose="planning")
    Vetting.objects.filter(case=first).update(valid_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError) as expired:
        services.reuse(actor=world["owner"], case=third, source=first.pk, justification="Thử")
    assert "source" in _errors(expired)


def test_the_context_shows_live_discipline_open_cases_and_earlier_conclusions(world: dict[str, Any]) -> None:
    DisciplineRecord.objects.create(
        person=world["subject"],
        form="Khiển trách",
        decided_on=timezone.localdate() - timedelta(days=60),
        authority="UBKT",
    )
    DisciplineRecord.objects.create(
        person=world["subject"],
        form="Cảnh cáo",
        decided_on=timezone.localdate() - timedelta(days=900),
        authority="UBKT",
    )
    letter = case_services.case_open(
        actor=world["owner"], kind="general", title="Hồ sơ khác", subjects=[world["subject"]]
    )
    case = open_vetting(world["owner"], world["subject"])
    ctx = selectors.context(world["owner"], case)
    assert ctx.live_discipline
    assert [live for _r, _u, live in ctx.discipline] == [True, False]
    assert letter in ctx.open_cases
    # an outsider sees none of it (the context reads through the policy)
    assert selectors.context(world["outsider"], case).discipline == []


def test_rules_are_changed_by_administrators_only(world: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.concluder_set(actor=world["owner"], management_level="local", concluder="standing")
    services.concluder_set(actor=world["admin"], management_level="local", concluder="standing")
    assert rules.concluder_for("local") == "standing"
    services.purpose_set(
        actor=world["admin"],
        code="appointment",
        label="Bổ nhiệm",
        validity_months=6,
        checklist=[("request", "Văn bản đề nghị", 0), ("health", "Giấy khám sức khỏe", 3)],
        active=True,
        basis="Quy định địa phương (kiểm thử)",
    )
    case = open_vetting(world["owner"], world["local"])
    assert DossierItem.objects.filter(case=case).count() == 2
    assert Vetting.objects.get(case=case).concluder == "standing"


def test_the_demo_batch(settings: Any) -> None:
    """The issue's demo: a congress batch of 200 candidates, one request to the Police and one to the
    Inspection Commission listing them; the Police answered all, the Inspection Commission 150 with the
    disciplined candidate flagged — her live discipline is in her case's context and her finding cites that
    reply; 20 concluded, one conclusion document issued; each partner sees only its own requests."""
    import io

    from django.core.management import call_command

    from phoihop.core.models import User
    from phoihop.documents.models import OfficialPaper
    from phoihop.vetting.models import Batch, Dispatch

    settings.DEMO = True
    call_command("demo", stdout=io.StringIO())
    batch = Batch.objects.get()
    officer = User.objects.get(username="btc.chuyenvien")
    board = selectors.board(officer, batch)
    assert board.total == 200 and board.concluded == 20
    assert {a["to_agency__code"]: a["answered"] for a in board.agencies} == {"CA": 200, "UBKT": 150}
    flagged = Vetting.objects.get(batch=batch, person__full_name="Trần Thị Hoà")
    assert selectors.context(officer, flagged.case).live_discipline
    finding = Finding.objects.get(case=flagged.case)
    assert finding.source_request.to_agency.code == "UBKT" and finding.flags == ["discipline"]
    assert OfficialPaper.objects.filter(document__case__vetting__batch=batch).exists()
    police, inspection = (User.objects.get(username=u) for u in ("ca.daumoi", "ubkt.daumoi"))
    ca_dispatch, ubkt_dispatch = (
        Dispatch.objects.get(batch=batch, to_agency__code=c) for c in ("CA", "UBKT")
    )
    assert selectors.dispatch_items(police, ca_dispatch).count() == 200
    assert selectors.dispatch_items(police, ubkt_dispatch).count() == 0
    assert [d.pk for d in selectors.dispatches_in(inspection)] == [ubkt_dispatch.pk]


def test_the_appraiser_does_not_approve_and_a_relative_handles_nothing(world: dict[str, Any]) -> None:
    from phoihop.core.tests.factories import UserFactory
    from phoihop.people import services as person_services

    case = open_vetting(world["owner"], world["local"])
    receive_dossier(world, case)
    services.appraise(
        actor=world["leader"],
        case=case,
        history_issue=False,
        current_issue=False,
        verdict="meets",
        reasons="Đủ",
    )
    with pytest.raises(PermissionDenied) as own:
        services.approve(actor=world["leader"], case=case)
    assert "không tự duyệt" in str(own.value)
    # a leader whom the registry records as the subject's relative may not approve either
    cousin = UserFactory(
        username="ld.ho", full_name="Lã Văn Họ", agency=world["BTC"], roles=["leader"], clearance=3
    )
    person_services.relative_add(
        actor=world["owner"],
        person=world["local"],
        relation="sibling",
        full_name="Lã Văn Họ",
        birth_year=1983,
    )
    with pytest.raises(PermissionDenied) as kin:
        services.approve(actor=cousin, case=case)
    assert "người thân" in str(kin.value)
    assert Case.objects.get(pk=case.pk).status == "appraised"


def test_the_dossier_is_fixed_once_appraised_and_return_clears_the_proposal(world: dict[str, Any]) -> None:
    case = open_vetting(world["owner"], world["local"])
    receive_dossier(world, case)
    _appraise(world, case)
    with pytest.raises(ValidationError):
        services.dossier_set(
            actor=world["owner"], item=DossierItem.objects.filter(case=case).first(), status="missing"
        )
    case_services.case_transition(actor=world["leader"], case=case, name="return", reason="Cần xác minh thêm")
    vetting = Vetting.objects.get(case=case)
    assert vetting.verdict == "" and vetting.history_issue is None and vetting.reasons
    assert not selectors.vettings(world["owner"], {"verdict": "meets"}).exists()


def test_the_subject_is_named_as_the_registry_names_them(world: dict[str, Any]) -> None:
    case = case_services.case_open(
        actor=world["owner"],
        kind="vetting",
        title="Thử",
        subject_name="Người Khác Hẳn",
        details=details(world["local"]),
    )
    assert Case.objects.get(pk=case.pk).subject_name == "Lã Thị Cơ Sở"
    assert [v.case_id for v in selectors.vettings(world["owner"], {"q": "Lã Thị Cơ Sở"})] == [case.pk]
