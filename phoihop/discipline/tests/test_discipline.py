"""The discipline kind's services: opening checks the sanction matrix and the registry (nothing half-done),
recording writes the person's discipline record that vettings show, acknowledgements, the appeal (late only
with a reason) and its outcome (the dossier keeps both), closing after the appeal window, reminders, rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.cases.models import Case, Participant
from phoihop.discipline import reminders, rules, selectors, services
from phoihop.discipline.models import Acknowledgement, DisciplineNotice, Sanction
from phoihop.discipline.tests.conftest import open_notice
from phoihop.people.models import DisciplineRecord

pytestmark = pytest.mark.django_db


def _errors(exc: Any) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_opening_keeps_the_person_as_they_are_now(world):
    case = open_notice(world["owner"], world["member"], classification=0)
    notice = DisciplineNotice.objects.get(case=case)
    assert case.kind == "discipline" and case.status == "received" and case.number.startswith("KL-")
    assert notice.post == "Bí thư Chi bộ thôn Thử" and notice.management_level == "local"
    assert case.subject_name == "Kiều Văn Kỷ"
    assert list(case.subjects.values_list("person", flat=True)) == [world["member"].pk]
    assert not Participant.objects.filter(case=case).exists()


def test_a_notice_the_inspection_commission_opens_is_shared_with_the_hub(world):
    from phoihop.people.tests.factories import make_person

    # the Inspection Commission names a member it registered itself (it may not see the hub's registry)
    own = make_person(world["participant"], "Đinh Văn Ủy Ban", birth_year=1975, national_id="001075000014")
    case = open_notice(world["participant"], own, classification=0)
    assert case.owner_agency == world["UBKT"]
    assert Participant.objects.filter(case=case, agency=world["BTC"]).exists()
    from phoihop.access.policy import Action, can

    assert can(world["owner"], Action.VIEW, case) and not can(world["outsider"], Action.VIEW, case)
    # a hub member the Commission may not see is refused as absent
    with pytest.raises(ValidationError) as exc:
        open_notice(world["participant"], world["member"])
    assert "Không tìm thấy" in _errors(exc)["person"][0]


@pytest.mark.parametrize(
    ("who", "overrides", "field", "words"),
    [
        ("probationary", {"subject_type": "probationary", "sanction": "removal"}, "sanction", "dự bị"),
        ("probationary", {"subject_type": "probationary", "sanction": "expulsion"}, "sanction", "dự bị"),
        (
            None,
            {"subject_type": "organisation", "organisation": "Chi bộ Thử", "sanction": "expulsion"},
            "sanction",
            "Tổ chức đảng",
        ),
        ("member", {"sanction": "dissolution"}, "sanction", "không áp dụng với đảng viên"),
        ("member", {"sanction": "removal"}, "party_post", "đang giữ chức vụ"),
        (
            "member",
            {"effective_on": timezone.localdate() - timedelta(days=20)},
            "effective_on",
            "trước ngày quyết định",
        ),
        (
            "member",
            {"received_on": timezone.localdate() - timedelta(days=30)},
            "received_on",
            "trước ngày quyết định",
        ),
        ("member", {"origin": "state"}, "sanction", "không thuộc loại kỷ luật"),
        ("member", {"deciding_level": "state"}, "deciding_level", "cơ quan nhà nước"),
        (None, {}, "person", "Cần chọn người"),
    ],
)
def test_the_sanction_matrix_and_the_dates_are_checked_before_anything_is_written(
    world, who, overrides, field, words
):
    before = Case.objects.count()
    person = world[who] if who else None
    with pytest.raises(ValidationError) as exc:
        open_notice(world["owner"], person, **overrides)
    assert words in " ".join(_errors(exc)[field])
    assert Case.objects.count() == before and not DisciplineNotice.objects.exists()


def test_the_registry_must_agree_with_the_notice(world):
    with pytest.raises(ValidationError) as exc:
        open_notice(
            world["owner"], world["member"], sanction="removal", party_post="Chủ tịch Hội đồng nhân dân"
        )
    assert "không giữ chức vụ" in _errors(exc)["party_post"][0]
    with pytest.raises(ValidationError) as exc:
        open_notice(world["owner"], world["probationary"])  # registered as probationary, notified as member
    assert "Đảng viên dự bị" in _errors(exc)["subject_type"][0]
    with pytest.raises(ValidationError) as exc:
        open_notice(world["owner"], world["outside"])
    assert "không phải đảng viên" in _errors(exc)["person"][0]
    # the post the registry names is accepted (a part of it, folded)
    case = open_notice(world["owner"], world["member"], sanction="removal", party_post="bi thu chi bo")
    assert case.status == "received"
    assert not Case.objects.exclude(pk=case.pk).filter(kind="discipline").exists()


def test_a_person_the_actor_may_not_see_is_refused_as_absent(world):
    from phoihop.core.tests.factories import UserFactory

    police = UserFactory(username="cv.ca", agency=world["CA"], roles=["officer"], clearance=3)
    with pytest.raises(ValidationError) as exc:
        open_notice(police, world["member"])  # the Police may not see the hub's registry
    assert "Không tìm thấy người được chọn" in _errors(exc)["person"][0]


def test_recording_writes_the_dossier_and_the_vetting_context_shows_it_live(world):
    from phoihop.vetting import rules as vetting_rules
    from phoihop.vetting.selectors import person_context

    case = open_notice(world["owner"], world["member"])
    notice = services.record(actor=world["owner"], case=case)
    record = DisciplineRecord.objects.get(person=world["member"])
    assert notice.record == record and record.form == "Cảnh cáo"
    assert Case.objects.get(pk=case.pk).status == "recorded"
    assert Acknowledgement.objects.filter(case=case).count() == 2
    vetting_rules.ensure_defaults()
    ctx = person_context(world["owner"], world["member"])
    assert ctx.live_discipline and ctx.discipline[0][0] == record
    # an agency that may not see the person sees no discipline of theirs
    assert person_context(world["outsider"], world["member"]).discipline == []


def test_the_last_acknowledgement_moves_the_notice_on_and_twice_is_refused(world):
    case = open_notice(world["owner"], world["member"])
    services.record(actor=world["owner"], case=case)
    first, second = Acknowledgement.objects.filter(case=case)
    today = timezone.localdate()
    services.acknowledge(actor=world["owner"], ack=first, acknowledged_on=today, reference="Sổ giao nhận")
    assert Case.objects.get(pk=case.pk).status == "recorded"
    with pytest.raises(ValidationError) as exc:
        services.acknowledge(actor=world["owner"], ack=first, acknowledged_on=today)
    assert "đã xác nhận" in _errors(exc)["acknowledged_on"][0]
    with pytest.raises(ValidationError):
        services.acknowledge(actor=world["owner"], ack=second, acknowledged_on=today + timedelta(days=1))
    services.acknowledge(actor=world["owner"], ack=second, acknowledged_on=today)
    assert Case.objects.get(pk=case.pk).status == "acknowledged"


def test_closing_waits_for_the_appeal_window(world):
    case = open_notice(world["owner"], world["member"])
    services.record(actor=world["owner"], case=case)
    for ack in Acknowledgement.objects.filter(case=case):
        services.acknowledge(actor=world["owner"], ack=ack, acknowledged_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.close(actor=world["owner"], case=case)
    assert "Còn trong thời hạn khiếu nại" in _errors(exc)["status"][0]
    long_ago = timezone.localdate() - timedelta(days=90)
    DisciplineNotice.objects.filter(case=case).update(
        served_on=long_ago, effective_on=long_ago, decided_on=long_ago
    )
    services.close(actor=world["owner"], case=case)
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_a_late_appeal_needs_the_reason_it_was_taken(world):
    old = timezone.localdate() - timedelta(days=80)
    case = open_notice(world["owner"], world["member"], decided_on=old, effective_on=old, served_on=old)
    services.record(actor=world["owner"], case=case)
    with pytest.raises(ValidationError) as exc:
        services.appeal(actor=world["owner"], case=case, filed_on=timezone.localdate())
    assert "sau thời hạn" in _errors(exc)["late_reason"][0]
    assert Case.objects.get(pk=case.pk).status == "recorded"
    services.appeal(
        actor=world["owner"], case=case, filed_on=timezone.localdate(), late_reason="Ốm nặng (kiểm thử)"
    )
    assert Case.objects.get(pk=case.pk).status == "appealed"


def test_an_appeal_that_changes_the_sanction_keeps_both_in_the_dossier(world):
    case = open_notice(world["owner"], world["member"])
    services.record(actor=world["owner"], case=case)
    services.appeal(actor=world["owner"], case=case, filed_on=timezone.localdate())
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.appeal_decide(
            actor=world["leader"],
            case=case,
            outcome="changed",
            decided_on=today,
            body="UBKT Tỉnh ủy",
            reasons="x",
        )
    assert "hình thức mới" in _errors(exc)["sanction"][0]
    with pytest.raises(ValidationError) as exc:  # the new sanction must fit the matrix too
        services.appeal_decide(
            actor=world["leader"],
            case=case,
            outcome="changed",
            decided_on=today,
            body="UBKT Tỉnh ủy",
            reasons="x",
            sanction=Sanction.objects.get(code="dissolution"),
        )
    assert "không áp dụng với đảng viên" in _errors(exc)["sanction"][0]
    services.appeal_decide(
        actor=world["leader"],
        case=case,
        outcome="changed",
        decided_on=today,
        body="UBKT Tỉnh ủy",
        reasons="Giảm nhẹ (kiểm thử)",
        sanction=Sanction.objects.get(code="reprimand"),
    )
    first, second = DisciplineRecord.objects.filter(person=world["member"]).order_by("pk")
    assert first.annulled_on == today and first.replaced_by == second and second.form == "Khiển trách"
    assert Case.objects.get(pk=case.pk).status == "closed"
    from phoihop.vetting import rules as vetting_rules
    from phoihop.vetting.selectors import person_context

    vetting_rules.ensure_defaults()
    shown = person_context(world["owner"], world["member"]).discipline
    assert [(r.form, live) for r, _u, live in shown] == [("Khiển trách", True), ("Cảnh cáo", False)]


def test_an_annulled_decision_is_no_longer_live(world):
    from phoihop.vetting import rules as vetting_rules
    from phoihop.vetting.selectors import person_context

    case = open_notice(world["owner"], world["member"])
    services.record(actor=world["owner"], case=case)
    services.appeal(actor=world["owner"], case=case, filed_on=timezone.localdate())
    services.appeal_decide(
        actor=world["leader"],
        case=case,
        outcome="annulled",
        decided_on=timezone.localdate(),
        body="UBKT Tỉnh ủy",
        reasons="Không đủ căn cứ",
    )
    vetting_rules.ensure_defaults()
    assert not person_context(world["owner"], world["member"]).live_discipline
    assert DisciplineRecord.objects.get(person=world["member"]).annulled_on == timezone.localdate()


def test_only_the_owner_agencys_workers_take_steps(world):
    case = open_notice(world["owner"], world["member"])
    for user in (world["outsider"], world["recipient"], world["auditor"]):
        with pytest.raises(PermissionDenied):
            services.record(actor=user, case=case)
    assert not DisciplineRecord.objects.exists()


def test_advice_limitation_state_notice_and_reminder(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    case = open_notice(
        world["owner"],
        world["member"],
        origin="state",
        sanction="state_reprimand",
        deciding_level="state",
        decided_on=today - timedelta(days=20),
        effective_on=today - timedelta(days=20),
        served_on=today - timedelta(days=7),
        received_on=today - timedelta(days=2),
        violated_on=today - timedelta(days=365 * 3),
    )
    notice = DisciplineNotice.objects.select_related("sanction").get(case=case)
    advice = selectors.advice(notice)
    assert advice.state_due == today - timedelta(days=15) and advice.state_late_days == 13
    assert advice.appeal_until == today + timedelta(days=8)
    assert advice.limitation.applies and advice.limitation.exceeded  # 2 years for a State reprimand
    notice.no_limitation = True
    assert not rules.limitation(notice).applies
    services.record(actor=world["owner"], case=case)
    # a State decision's appeal window (15 days) ends in 15 - 7 = 8 days: with 10 reminder days the lead
    # officer is told, once a day
    policy = rules.policy()
    policy.remind_days = 10
    policy.save()
    assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0


def test_rules_are_administrators_data(world):
    with pytest.raises(PermissionDenied):
        services.policy_set(actor=world["owner"], appeal_days=45)
    services.policy_set(actor=world["admin"], appeal_days=45)
    assert rules.policy().appeal_days == 45
    with pytest.raises(ValidationError):
        services.sanction_set(actor=world["admin"], code="x", label="X", regime="party")
    services.sanction_set(
        actor=world["admin"],
        code="reprimand",
        label="Khiển trách",
        regime="party",
        for_member=True,
        for_probationary=False,
        for_organisation=True,
        needs_post=False,
        limitation_years=5,
        active=True,
        basis="Sửa thử",
        verified=True,
    )
    with pytest.raises(ValidationError) as exc:
        open_notice(world["owner"], world["probationary"], subject_type="probationary", sanction="reprimand")
    assert "dự bị" in _errors(exc)["sanction"][0]


def test_the_same_decision_is_recorded_once(world):
    first = open_notice(world["owner"], world["member"])
    with pytest.raises(ValidationError) as exc:
        open_notice(world["owner"], world["member"], decision_number=" 12-qđ/ubkt ")
    assert first.number in _errors(exc)["decision_number"][0]
    assert DisciplineNotice.objects.count() == 1
    # another decision about the same member, or the same number about someone else, is a notice of its own
    open_notice(world["owner"], world["member"], decision_number="13-QĐ/UBKT")
    open_notice(world["owner"], world["probationary"], subject_type="probationary", sanction="reprimand")
    assert DisciplineNotice.objects.count() == 3
