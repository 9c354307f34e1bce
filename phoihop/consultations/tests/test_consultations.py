"""The consultation kind's services: opening (candidates, one opinion request per body with the type's
period), answers per body and candidate, "agreed by silence" when the period runs out, the decision, and the
refusals (clear Vietnamese errors keyed by field, nothing half-done)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from phoihop.access.policy import restrict
from phoihop.cases.choices import RequestStatus
from phoihop.cases.models import Case, CoordinationRequest, TimelineEvent
from phoihop.consultations import selectors, services
from phoihop.consultations.models import Candidate, Consultation, ConsultationType, Consultee, Opinion
from phoihop.consultations.tests.conftest import details, open_consultation
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _answer(w: Any, user: str, case: Any, answer: str = "agree", reasons: str = "", only: Any = None) -> Any:
    candidates = only or list(Candidate.objects.filter(case=case))
    return services.opinion_give(
        actor=w[user],
        case=case,
        answers=[{"candidate": c.pk, "answer": answer, "reasons": reasons} for c in candidates],
    )


def _expire(case: Any, code: str) -> Any:
    consultee = Consultee.objects.get(case=case, agency__code=code)
    CoordinationRequest.objects.filter(pk=consultee.request_id).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    return consultee


def test_open_sends_one_opinion_request_per_body_with_the_types_period(world: Any) -> None:
    case = open_consultation(world)
    details_row = Consultation.objects.get(case=case)
    assert (
        case.number.startswith("HY-") and details_row.type_id == "hiep_y" and details_row.silence_is_consent
    )
    bodies = Consultee.objects.filter(case=case).select_related("request")
    assert sorted(b.agency.code for b in bodies) == ["CA", "NC", "UBKT"]
    kind = ConsultationType.objects.get(code="hiep_y")
    assert {(b.request.kind, b.request.days, b.request.unit) for b in bodies} == {
        ("opinion", kind.days, kind.unit)
    }
    assert Candidate.objects.filter(case=case).count() == 2
    assert set(case.subjects.values_list("person_id", flat=True)) == {world["first"].pk, world["second"].pk}
    assert TimelineEvent.objects.filter(case=case, kind="consultation_opened").exists()


def test_demo_flow_two_answers_one_silence_decided(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = open_consultation(world)
        _answer(world, "ubkt", case)
        _answer(world, "ca", case, "disagree", "Chưa đủ thời gian giữ chức vụ hiện tại")
    _expire(case, "NC")
    assert services.silence_sweep() == 2
    silent = Opinion.objects.filter(case=case, by_silence=True)
    assert silent.count() == 2 and {o.answer for o in silent} == {"agree"}
    assert all(o.rule.startswith("Hiệp y: trả lời trong 7 ngày làm việc") for o in silent)
    assert services.silence_sweep() == 0  # recorded once
    services.consultation_decide(actor=world["owner"], case=case, decision="agreed", note="Đồng ý")
    case.refresh_from_db()
    assert case.status == "decided"
    assert Opinion.objects.filter(case=case).count() == 6  # occurrences: 3 bodies × 2 candidates
    assert all(r.status == RequestStatus.ANSWERED for r in CoordinationRequest.objects.filter(case=case))


def test_no_silence_on_a_type_without_it(world: Any) -> None:
    case = open_consultation(world, type="thoa_thuan")
    _expire(case, "NC")
    assert services.silence_sweep() == 0
    assert not Opinion.objects.filter(case=case).exists()


def test_silence_on_a_type_that_does_not_allow_it_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        open_consultation(world, type="thoa_thuan", silence_is_consent=True)
    assert "silence_is_consent" in exc.value.message_dict
    assert "không coi việc không trả lời là nhất trí" in exc.value.message_dict["silence_is_consent"][0]
    assert not Case.objects.filter(kind="consultation").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"consulted": []}, "consulted", "ít nhất một cơ quan"),
        ({"consulted": ["BTC", "CA"]}, "consulted", "tự hỏi ý kiến chính mình"),
        ({"candidates": []}, "candidates", "ít nhất một nhân sự"),
        (
            {"candidates": [{"person": "00000000-0000-4000-8000-000000000009"}]},
            "candidates",
            "Không tìm thấy",
        ),
        ({"type": "khong_co"}, "type", "không có trong danh mục"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    world: Any, overrides: Any, field: str, words: str
) -> None:
    before = (Case.objects.count(), CoordinationRequest.objects.count(), Candidate.objects.count())
    with pytest.raises(ValidationError) as exc:
        open_consultation(world, **overrides)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert words in " ".join(exc.value.message_dict[field])
    assert (Case.objects.count(), CoordinationRequest.objects.count(), Candidate.objects.count()) == before


def test_an_invisible_candidate_reads_as_an_absent_one(world: Any) -> None:
    # the hub sees every registered person within its clearance: above it, the person is hidden
    hidden = make_person(world["leader"], "Người Tuyệt Mật", birth_year=1990, classification=3)
    with pytest.raises(ValidationError) as seen:
        open_consultation(world, candidates=[{"person": str(hidden.uuid)}])
    with pytest.raises(ValidationError) as absent:
        open_consultation(world, candidates=[{"person": "00000000-0000-4000-8000-000000000009"}])
    assert seen.value.message_dict["candidates"] == absent.value.message_dict["candidates"]


def test_answer_refusals(world: Any) -> None:
    case = open_consultation(world)
    first = Candidate.objects.filter(case=case).first()
    with pytest.raises(ValidationError) as exc:  # a body that was not consulted
        _answer(world, "outsider", case)
    assert "không được hỏi ý kiến" in exc.value.message_dict["body"][0]
    _answer(world, "ca", case, only=[first])
    with pytest.raises(ValidationError) as exc:  # twice for the same candidate
        _answer(world, "ca", case, only=[first])
    assert "đã cho ý kiến về nhân sự này" in exc.value.message_dict["candidate"][0]
    with pytest.raises(ValidationError) as exc:  # disagreeing needs reasons
        _answer(world, "ubkt", case, "disagree")
    assert "reasons" in exc.value.message_dict
    assert Opinion.objects.filter(case=case).count() == 1  # nothing half-done
    from phoihop.cases.services import case_transition

    case_transition(actor=world["leader"], case=case, name="withdraw", reason="Không còn cần thiết")
    with pytest.raises(ValidationError) as exc:  # after closing
        _answer(world, "ubkt", case)
    assert "status" in exc.value.message_dict


def test_decision_waits_for_every_body(world: Any) -> None:
    case = open_consultation(world)
    _answer(world, "ubkt", case)
    with pytest.raises(ValidationError) as exc:
        services.consultation_decide(actor=world["owner"], case=case, decision="agreed")
    assert "CA" in exc.value.message_dict["decision"][0] and "NC" in exc.value.message_dict["decision"][0]


def test_no_decision_without_a_single_opinion(world: Any) -> None:
    from phoihop.cases.services import request_withdraw

    case = open_consultation(world)
    for req in CoordinationRequest.objects.filter(case=case):
        request_withdraw(actor=world["owner"], req=req, reason="Không cần hỏi nữa (kiểm thử)")
    with pytest.raises(ValidationError) as exc:
        services.consultation_decide(actor=world["owner"], case=case, decision="agreed")
    assert "Chưa có ý kiến nào" in exc.value.message_dict["decision"][0]


def test_a_body_sees_its_own_opinions_only(world: Any) -> None:
    case = open_consultation(world)
    _answer(world, "ubkt", case, "other", "Lý do riêng của UBKT 5151")
    _answer(world, "ca", case)
    assert restrict(Opinion.objects.filter(case=case), world["ca"]).count() == 2
    assert {o.consultee.agency.code for o in restrict(Opinion.objects.filter(case=case), world["ca"])} == {
        "CA"
    }
    assert restrict(Opinion.objects.filter(case=case), world["outsider"]).count() == 0
    assert restrict(Candidate.objects.filter(case=case), world["outsider"]).count() == 0
    assert restrict(Candidate.objects.filter(case=case), world["ca"]).count() == 2
    assert restrict(Opinion.objects.filter(case=case), world["owner"]).count() == 4


def test_context_of_candidates_for_the_asker(world: Any) -> None:
    other = open_consultation(world, title="Một hồ sơ khác")
    case = open_consultation(world)
    _cols, rows = selectors.table(world["owner"], case, with_context=True)
    assert [c.number for c in rows[0].context.open_cases] == [other.number]


def test_reminders_reach_the_consulted_body(world: Any) -> None:
    from phoihop.cases.reminders import send_reminders
    from phoihop.notify.models import Notification

    case = open_consultation(world)
    _expire(case, "CA")
    send_reminders()
    assert Notification.objects.filter(user=world["ca"], code="request_overdue").exists()


def test_types_are_administrator_data(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.type_set(
            actor=world["owner"], code="hiep_y", label="x", days=3, unit="working", silence_is_consent=False
        )
    services.type_set(
        actor=world["admin"], code="hiep_y", label="Hiệp y", days=3, unit="calendar", silence_is_consent=False
    )
    case = open_consultation(world)
    req = Consultee.objects.filter(case=case).first().request
    assert (req.days, req.unit) == (3, "calendar") and not Consultation.objects.get(
        case=case
    ).silence_is_consent
    assert details(world)["type"] == "hiep_y"
