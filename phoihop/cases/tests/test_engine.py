"""The case engine: opening, numbering, requests with time-boxed grants, answering, transitions, deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.access.policy import Action, can
from phoihop.audit.models import AuditEvent
from phoihop.cases import history, services
from phoihop.cases.models import Case, ClockEntry, TimelineEvent
from phoihop.cases.workflow import Transition, Workflow, WorkflowError, validate
from phoihop.core import services as core_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.general.kind import GENERAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub):
    police, army = AgencyFactory(code="CA", name="Công an tỉnh"), AgencyFactory(code="QS")
    return {
        "hub": hub,
        "police": police,
        "army": army,
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2),
        "leader": UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=3),
        "liaison": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2),
        "army_liaison": UserFactory(username="dm.qs", agency=army, roles=["liaison"], clearance=3),
        "admin": UserFactory(username="qt", agency=hub, roles=["admin"], clearance=3),
    }


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def test_open_numbers_per_year_and_records(world):
    first = services.case_open(actor=world["officer"], title="Xác minh lý lịch cán bộ A")
    second = services.case_open(actor=world["officer"], title="Xác minh lý lịch cán bộ B")
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"PH-{year}-00001", f"PH-{year}-00002")
    assert first.status == "open" and first.lead_officer == world["officer"]
    assert TimelineEvent.objects.filter(case=first, kind="opened").exists()
    assert AuditEvent.objects.filter(action="case.open", object_id=str(first.pk)).exists()


def test_cannot_open_above_own_clearance(world):
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=world["officer"], title="Tuyệt mật", classification=3)
    assert "độ mật cao hơn" in exc.value.message_dict["classification"][0]


def test_request_skips_the_holiday_and_grants_only_the_request(world, on_day):
    on_day(date(2027, 8, 31))  # Tue; Thu 2/9 and Fri 3/9/2027 are off
    case = services.case_open(actor=world["officer"], title="Thẩm tra chính trị", classification=1)
    req = services.request_send(
        actor=world["officer"],
        case=case,
        to_agency=world["police"],
        kind="verify",
        body="Đề nghị xác minh nhân thân",
        days=10,
    )
    # 1/9 (1), then 6, 7, 8, 9, 10, 13, 14, 15, 16/9 (10): the two holidays and the weekend skipped.
    assert req.due_on == date(2027, 9, 16)
    liaison = world["liaison"]
    assert can(liaison, Action.VIEW, req) and can(liaison, Action.RESPOND, req)
    assert not can(liaison, Action.VIEW, case)
    assert not can(world["army_liaison"], Action.VIEW, req)


def test_answer_ends_the_grant_and_is_recorded(world):
    case = services.case_open(actor=world["officer"], title="Hỏi ý kiến")
    req = services.request_send(
        actor=world["officer"],
        case=case,
        to_agency=world["police"],
        kind="opinion",
        body="Cho ý kiến",
        days=5,
    )
    with pytest.raises(ValidationError) as exc:
        services.request_respond(actor=world["liaison"], req=req, response="Đồng ý")
    assert "Cần chọn ý kiến" in exc.value.message_dict["answer"][0]
    services.request_open(actor=world["liaison"], req=req)
    answered = services.request_respond(
        actor=world["liaison"], req=req, response="Nhất trí đề xuất", answer="agree"
    )
    assert answered.status == "answered" and answered.answer == "agree"
    assert not can(world["liaison"], Action.RESPOND, answered) and can(
        world["liaison"], Action.VIEW, answered
    )
    with pytest.raises(PermissionDenied):
        services.request_respond(actor=world["liaison"], req=answered, response="Lần nữa")
    kinds = list(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["opened", "request_sent", "request_received", "request_answered"]
    assert (
        AuditEvent.objects.filter(action__in=["request.send", "request.receive", "request.answer"]).count()
        == 3
    )


def test_outsider_cannot_answer(world):
    case = services.case_open(actor=world["officer"], title="X")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Y", days=5
    )
    with pytest.raises(PermissionDenied):
        services.request_respond(actor=world["army_liaison"], req=req, response="Tôi trả lời hộ")


@pytest.mark.parametrize(
    ("field", "kwargs", "message"),
    [
        ("to_agency", {"to_agency": "hub"}, "chính cơ quan mình"),
        ("days", {"days": 0}, "từ 1 đến 365"),
        ("body", {"body": " "}, "nội dung yêu cầu"),
        ("kind", {"kind": "xin"}, "không hợp lệ"),
    ],
)
def test_bad_requests(world, field, kwargs, message):
    case = services.case_open(actor=world["officer"], title="X")
    args = {"to_agency": world["police"], "kind": "verify", "body": "Y", "days": 5} | {
        k: (world["hub"] if v == "hub" else v) for k, v in kwargs.items()
    }
    with pytest.raises(ValidationError) as exc:
        services.request_send(actor=world["officer"], case=case, **args)
    assert message in " ".join(exc.value.message_dict[field])


def test_request_to_inactive_agency(world, admin_user):
    core_services.agency_update(actor=admin_user, agency=world["army"], active=False)
    case = services.case_open(actor=world["officer"], title="X")
    world["army"].refresh_from_db()
    with pytest.raises(ValidationError, match="ngừng hoạt động"):
        services.request_send(
            actor=world["officer"], case=case, to_agency=world["army"], kind="verify", body="Y", days=5
        )


def test_transitions_roles_guards_and_versions(world):
    case = services.case_open(actor=world["officer"], title="Kết luận")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Y", days=5
    )
    assert [t.name for t in services.allowed_transitions(world["leader"], case)] == ["conclude", "stop"]
    assert services.allowed_transitions(world["officer"], case) == []
    with pytest.raises(PermissionDenied):
        services.case_transition(actor=world["officer"], case=case, name="conclude", reason="Xong")
    with pytest.raises(ValidationError, match="chưa được trả lời"):
        services.case_transition(actor=world["leader"], case=case, name="conclude", reason="Xong")
    services.request_respond(actor=world["liaison"], req=req, response="Không có vấn đề")
    with pytest.raises(ValidationError, match="lý do"):
        services.case_transition(actor=world["leader"], case=case, name="conclude", reason="  ")
    done = services.case_transition(
        actor=world["leader"], case=case, name="conclude", reason="Đủ tiêu chuẩn", expected_version=1
    )
    assert (done.status, done.outcome, done.version, done.closed_on) == (
        "concluded",
        "Đủ tiêu chuẩn",
        2,
        timezone.localdate(),
    )
    with pytest.raises(services.ConflictError, match="vừa được người khác thay đổi"):
        services.case_transition(
            actor=world["leader"], case=case, name="reopen", reason="Sai sót", expected_version=1
        )
    with pytest.raises(ValidationError, match="Không thể"):
        services.case_transition(actor=world["leader"], case=done, name="conclude", reason="Lần nữa")
    assert AuditEvent.objects.filter(action="case.transition", object_id=str(case.pk)).count() == 1


def test_partner_cannot_transition_or_send(world):
    case = services.case_open(actor=world["officer"], title="X")
    assert services.allowed_transitions(world["liaison"], case) == []
    with pytest.raises(PermissionDenied):
        services.request_send(
            actor=world["liaison"], case=case, to_agency=world["army"], kind="verify", body="Y", days=5
        )


def test_calendar_change_recomputes_open_deadlines(world, on_day, admin_user):
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Hạn thay đổi")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Y", days=5
    )
    assert req.due_on == date(2027, 3, 8)
    core_services.calendar_day_add(actor=admin_user, day=date(2027, 3, 3), kind="off", name="Bão số 1")
    req.refresh_from_db()
    assert req.due_on == date(2027, 3, 9)
    change = TimelineEvent.objects.get(case=case, kind="deadline_changed", request=req)
    assert change.data == {"old": "2027-03-08", "new": "2027-03-09", "cause": "calendar"}
    assert AuditEvent.objects.filter(action="deadline.change", object_id=str(req.pk)).exists()


def test_workflow_tables_are_validated():
    validate(GENERAL)
    orphan = Workflow(kind="x", initial="a", states={"a": "A", "b": "B"}, transitions=())
    with pytest.raises(WorkflowError, match="unreachable"):
        validate(orphan)
    bad_role = Workflow(
        kind="y",
        initial="a",
        states={"a": "A", "b": "B"},
        transitions=(Transition("go", "Go", "a", "b", ("boss",)),),
    )
    with pytest.raises(WorkflowError, match="roles"):
        validate(bad_role)


def test_case_numbers_stay_unique_under_concurrency(world):
    numbers = {services.case_open(actor=world["officer"], title=f"Hồ sơ {i}").number for i in range(20)}
    assert len(numbers) == 20 and Case.objects.count() == 20


def test_extension_moves_the_deadline_and_the_grant_and_is_bounded(world, on_day, settings):
    settings.REQUEST_MAX_EXTENSIONS = 1
    on_day(date(2027, 3, 1))
    case = services.case_open(actor=world["officer"], title="Gia hạn")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Y", days=5
    )
    with pytest.raises(ValidationError, match="lý do gia hạn"):
        services.request_extend(actor=world["officer"], req=req, days=3, reason=" ")
    with pytest.raises(PermissionDenied):
        services.request_extend(actor=world["liaison"], req=req, days=3, reason="Tôi muốn thêm thời gian")
    extended = services.request_extend(
        actor=world["officer"], req=req, days=3, reason="Cần xác minh thêm nơi cư trú"
    )
    assert (extended.due_on, extended.extensions) == (date(2027, 3, 11), 1)
    assert can(world["liaison"], Action.RESPOND, extended)
    change = TimelineEvent.objects.filter(case=case, kind="deadline_changed").latest("id")
    # the reason is the clock entry's, shown when read; the line stores dates and the entry's key
    assert "Cần xác minh thêm nơi cư trú" in history.line(change, world["officer"]).text
    assert change.text == "" and change.data == {
        "old": "2027-03-08",
        "new": "2027-03-11",
        "entry": ClockEntry.objects.filter(kind="extend").latest("id").pk,
    }
    with pytest.raises(ValidationError, match="tối đa 1 lần"):
        services.request_extend(actor=world["officer"], req=extended, days=2, reason="Lần hai")


def test_withdrawal_ends_the_right_to_answer(world):
    case = services.case_open(actor=world["officer"], title="Rút")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Y", days=5
    )
    withdrawn = services.request_withdraw(actor=world["officer"], req=req, reason="Gửi nhầm cơ quan")
    assert withdrawn.status == "withdrawn" and not can(world["liaison"], Action.RESPOND, withdrawn)
    with pytest.raises(PermissionDenied):
        services.request_respond(actor=world["liaison"], req=withdrawn, response="Trả lời muộn")
    # A withdrawn request no longer blocks the conclusion.
    services.case_transition(
        actor=world["leader"], case=case, name="conclude", reason="Không cần xác minh nữa"
    )
    assert AuditEvent.objects.filter(action="request.withdraw", reason="Gửi nhầm cơ quan").exists()


def test_edit_with_a_stale_version_is_refused_and_reassignment_is_recorded(world):
    case = services.case_open(actor=world["officer"], title="Tiêu đề cũ", classification=1)
    updated = services.case_update(
        actor=world["officer"],
        case=case,
        expected_version=1,
        title="Tiêu đề mới",
        lead_officer=world["leader"],
    )
    assert (updated.title, updated.version, updated.lead_officer) == ("Tiêu đề mới", 2, world["leader"])
    with pytest.raises(services.ConflictError, match="vừa được người khác thay đổi"):
        services.case_update(actor=world["officer"], case=case, expected_version=1, title="Ghi đè lặng lẽ")
    case.refresh_from_db()
    assert case.title == "Tiêu đề mới"
    assert list(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True)) == [
        "opened",
        "assigned",
        "edited",
    ]
    event = AuditEvent.objects.get(action="case.update")
    # the audit names the changed field, never the title itself; the reassignment keeps its usernames
    assert event.payload_data["changed"]["title"] == {}
    assert "Tiêu đề" not in event.payload and "Tiêu đề" not in event.object_repr
    assert event.payload_data["changed"]["lead_officer"] == {
        "before": world["officer"].username,
        "after": world["leader"].username,
    }


def test_lead_officer_must_belong_to_the_owner_agency_with_clearance(world):
    case = services.case_open(actor=world["officer"], title="Giao việc", classification=2)
    with pytest.raises(ValidationError, match="Cán bộ chủ trì phải thuộc cơ quan chủ trì"):
        services.case_update(
            actor=world["officer"], case=case, expected_version=1, title="X", lead_officer=world["liaison"]
        )
    low = UserFactory(username="cv.thap", agency=world["hub"], roles=["officer"], clearance=1)
    with pytest.raises(ValidationError):
        services.case_update(
            actor=world["officer"], case=case, expected_version=1, title="X", lead_officer=low
        )
    with pytest.raises(PermissionDenied):
        services.case_update(actor=world["liaison"], case=case, expected_version=1, title="Sửa hộ")


def test_pause_keeps_the_remaining_days_and_resume_counts_them_from_the_resume_day(world, on_day, admin_user):
    on_day(date(2027, 3, 1))  # Mon
    case = services.case_open(actor=world["officer"], title="Chờ giải trình")
    req = services.request_send(
        actor=world["officer"], case=case, to_agency=world["police"], kind="verify", body="Y", days=5
    )
    assert req.due_on == date(2027, 3, 8)
    on_day(date(2027, 3, 3))  # Wed: Thu 4, Fri 5, Mon 8 remain
    paused = services.request_pause(actor=world["officer"], req=req, reason="Chờ đương sự giải trình")
    assert (paused.paused_on, paused.remaining_days) == (date(2027, 3, 3), 3)
    with pytest.raises(ValidationError, match="đang tạm dừng"):
        services.request_pause(actor=world["officer"], req=paused, reason="Lần nữa")
    core_services.calendar_day_add(
        actor=admin_user, day=date(2027, 3, 5), kind="off", name="Bão"
    )  # a day inside the pause: it never counts, so the days left stay 3 (the clock recomputes anyway)
    paused.refresh_from_db()
    assert paused.remaining_days == 3 and paused.paused_on == date(2027, 3, 3)
    on_day(date(2027, 3, 15))  # Mon, after the explanation arrived
    resumed = services.request_resume(actor=world["officer"], req=paused, reason="Đã nhận bản giải trình")
    assert resumed.due_on == date(2027, 3, 18) and resumed.paused_on is None
    assert can(world["liaison"], Action.RESPOND, resumed)
    kinds = list(TimelineEvent.objects.filter(case=case, request=req).values_list("kind", flat=True))
    # Every change of the stored due date is on the timeline, the calendar's while paused too (decision 59).
    assert kinds[-3:] == ["clock_paused", "deadline_changed", "deadline_changed"]
    assert AuditEvent.objects.filter(action__in=["request.pause", "request.resume"]).count() == 2


def test_related_cases_are_linked_both_ways_and_hidden_when_out_of_scope(world):
    first = services.case_open(actor=world["officer"], title="Đơn thư lần 1")
    second = services.case_open(actor=world["officer"], title="Đơn thư lần 2")
    services.case_link(actor=world["officer"], case=second, number=first.number.lower())
    assert list(first.related.all()) == [second] and list(second.related.all()) == [first]
    with pytest.raises(ValidationError, match="đã được liên kết"):
        services.case_link(actor=world["officer"], case=first, number=second.number)
    with pytest.raises(ValidationError, match="chính nó"):
        services.case_link(actor=world["officer"], case=first, number=first.number)
    secret = services.case_open(actor=world["leader"], title="Tuyệt mật", classification=3)
    with pytest.raises(ValidationError, match="trong phạm vi bạn được xem"):
        services.case_link(
            actor=world["officer"], case=first, number=secret.number
        )  # cannot probe numbers above clearance
    services.case_link(actor=world["leader"], case=secret, number=first.number)
    from phoihop.cases.selectors import related_cases

    assert list(related_cases(world["officer"], first)) == [second]  # the secret case is not even listed
    assert set(related_cases(world["leader"], first)) == {second, secret}


def test_the_outcome_follows_the_state_and_the_history_says_what_happened(
    world, django_capture_on_commit_callbacks
):
    """Only a concluded case has an outcome: a reopened, stopped or resumed one has none (found by the outside
    test: a reopened case still showed its earlier conclusion); the reasons are in the timeline. The timeline
    and the lead officer's notification say what happened ("Case reopened"), not the button's command."""
    from django.utils import translation

    from phoihop.cases import history
    from phoihop.notify.messages import render
    from phoihop.notify.models import Notification

    leader = world["leader"]
    case = services.case_open(actor=world["officer"], title="Vòng đời kết quả")
    case = services.case_transition(actor=leader, case=case, name="conclude", reason="Đủ tiêu chuẩn")
    assert case.outcome == "Đủ tiêu chuẩn"
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_transition(actor=leader, case=case, name="reopen", reason="Có đơn mới")
    assert (case.status, case.outcome) == ("open", "")
    case = services.case_transition(actor=leader, case=case, name="stop", reason="Rút khỏi quy hoạch")
    assert (case.status, case.outcome) == ("withdrawn", "")
    case = services.case_transition(actor=leader, case=case, name="resume", reason="Quy hoạch lại")
    assert (case.status, case.outcome) == ("open", "")
    events = list(TimelineEvent.objects.filter(case=case, kind="transition").order_by("at", "id"))
    with translation.override("en"):
        lines = [e.line for e in history.render(events, leader)]
    assert lines == [
        "Case concluded: Đủ tiêu chuẩn",
        "Case reopened: Có đơn mới",
        "Handling stopped: Rút khỏi quy hoạch",
        "Handling resumed: Quy hoạch lại",
    ]
    with translation.override("vi"):
        assert history.render(events[1:2], leader)[0].line == "Đã mở lại hồ sơ: Có đơn mới"
    told = Notification.objects.filter(user=world["officer"], code="case_transition").order_by("created_at")
    with translation.override("en"):
        assert any(n.line.endswith(": Case reopened") for n in render(told, world["officer"]))
