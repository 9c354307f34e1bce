"""Writes of the case engine. Each locks what it changes, checks the policy, and writes the timeline and the
audit in the same transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role
from phoihop.access.scopes import CONTENT_ROLES
from phoihop.access.services import grant_create, grants_revoke
from phoihop.access.shortcuts import write_within_scope
from phoihop.audit.services import audit_read, audit_record, changed_fields, diff
from phoihop.cases import audit_events, deadlines, enclosures, kinds, limits, timeline
from phoihop.cases.choices import (
    ClockEntryKind,
    DeadlineStep,
    DeadlineUnit,
    RequestKind,
    RequestStatus,
    TeamRole,
)
from phoihop.cases.models import (
    Case,
    CaseSubject,
    CaseTeamMember,
    CoordinationRequest,
    DeadlineRule,
    NumberSeries,
    Participant,
)
from phoihop.cases.rules import Period, case_rule, rule_for
from phoihop.cases.workflow import Transition, workflow_for
from phoihop.core.calendar import CalendarError
from phoihop.core.choices import Clearance
from phoihop.core.models import Agency
from phoihop.people import services as person_services
from phoihop.transactions import user_action


class ConflictError(ValidationError):
    """Someone else changed the case since the user loaded it."""


def _next_number(kind: str) -> str:
    """PH-2026-00017: per kind (its spec's prefix) and year, under a row lock, never duplicated or skipped."""
    prefix, year = kinds.get_kind(kind).prefix, timezone.localdate().year
    try:
        with transaction.atomic():
            NumberSeries.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # another writer created the series first
    series = NumberSeries.objects.select_for_update().get(prefix=prefix, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return f"{prefix}-{year}-{series.last:05d}"


def _content_worker(actor: Any) -> None:
    if not has_role(actor, *CONTENT_ROLES):
        raise PermissionDenied(_("Vai trò của bạn không xử lý hồ sơ vụ việc."))


@user_action
def case_open(
    *,
    actor: Any,
    title: str,
    summary: str = "",
    subject_name: str = "",
    classification: int = 0,
    participants: Iterable[Agency] = (),
    kind: str | None = None,
    subjects: Iterable[Any] = (),
    details: dict[str, Any] | None = None,
) -> Case:
    """Open a case owned by the actor's agency, with the actor as lead officer. `kind`: a registered kind's
    code (default: the first registered); `details`: the kind's own fields, checked by its details form and
    saved in its details model; then the kind's `on_open` hook runs, all in this transaction."""
    _content_worker(actor)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Cần ghi trích yếu của hồ sơ.")]
    if classification > actor.clearance:
        errors["classification"] = [_("Không thể lập hồ sơ có độ mật cao hơn mức bạn được tiếp cận.")]
    partners = list(participants)
    named = Counter(a.pk for a in partners)
    for code in sorted({a.code for a in partners if named[a.pk] > 1}):
        errors.setdefault("participants", []).append(
            _("Cơ quan %(code)s được nêu hơn một lần.") % {"code": code}
        )
    for agency in partners:
        if not agency.active:
            errors.setdefault("participants", []).append(
                _("Cơ quan %(code)s đã ngừng hoạt động.") % {"code": agency.code}
            )
        if agency.pk == actor.agency_id:
            errors.setdefault("participants", []).append(
                _("Cơ quan chủ trì không cần thêm làm cơ quan phối hợp.")
            )
    kind = kinds.default_code() if kind is None else kind
    spec = kinds.get_kind(kind) if kinds.is_kind(kind) else None
    clean_details: dict[str, Any] = {}
    if spec is None:
        errors["kind"] = [_("Loại hồ sơ không hợp lệ.")]
    else:
        clean_details = _details_checked(spec, details or {}, errors)
    persons = list(subjects)
    if any(not can(actor, Action.VIEW, p) for p in persons):
        errors["subjects"] = [_("Không tìm thấy người được chọn trong sổ đăng ký.")]
    errors |= limits.too_long(
        title=(title, limits.CASE_TITLE),
        summary=(summary, limits.CASE_SUMMARY),
        subject_name=(subject_name, limits.CASE_SUBJECT_NAME),
    )
    if errors:
        raise ValidationError(errors)

    assert spec is not None
    today = timezone.localdate()
    period = rule_for(kind, DeadlineStep.CASE) if spec.step(DeadlineStep.CASE) is not None else None

    def write() -> Case:
        due = (
            deadlines.first_due(actor.agency_id, start=today, unit=period.unit, period=period.days)
            if period
            else None
        )
        case = Case.objects.create(
            number=_next_number(kind),
            kind=kind,
            title=title.strip(),
            summary=summary.strip(),
            subject_name=subject_name.strip(),
            owner_agency_id=actor.agency_id,
            lead_officer=actor,
            classification=classification,
            status=spec.workflow.initial,
            opened_on=today,
            due_on=due,
            due_days=period.days if period else None,
            due_unit=period.unit if period else "",
        )
        if period is not None:  # a kind without a "case" step gives its cases no deadline of their own
            deadlines.start_clock(case, start=today, unit=period.unit, period=period.days)
        if spec.details_model is not None:
            # the form may clean more than the model keeps: on_open gets it all
            stored = {f.name for f in spec.details_model._meta.concrete_fields}
            spec.details_model.objects.create(
                case=case, **{k: v for k, v in clean_details.items() if k in stored}
            )
        Participant.objects.bulk_create([Participant(case=case, agency=a) for a in partners])
        CaseTeamMember.objects.create(case=case, user=actor, role=TeamRole.LEAD, added_by=actor)
        timeline.case_opened(case, actor)
        for person in persons:
            CaseSubject.objects.create(case=case, person=person)
            timeline.subject_added(case, actor, person)
            person_services.case_basis_keep(
                actor=actor, person=person, case=case, owner_agency_id=case.owner_agency_id, closed_on=None
            )
        if spec.on_open is not None:
            spec.on_open(case=case, details=clean_details, actor=actor)
        audit_record(
            action=audit_events.CASE_OPEN,
            actor=actor,
            obj=case,
            payload={"number": case.number, "participants": [a.code for a in partners]},
        )
        return case

    return write_within_scope(actor, write)


def _details_checked(
    spec: kinds.KindSpec, details: dict[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """The kind's own fields through its details form (the one check for pages and the API); errors are keyed
    by field name, as the form's fields are the case form's."""
    if spec.details_form is None:
        return {}
    form = spec.details_form(data=details)
    if form.is_valid():
        return dict(form.cleaned_data)
    for name, messages in form.errors.items():
        errors.setdefault(name if name != "__all__" else "details", []).extend(messages)
    return {}


def allowed_transitions(user: Any, case: Case) -> list[Transition]:
    """The transitions this user may fire on this case now (shown as buttons and by the API)."""
    if not can(user, Action.TRANSITION, case):
        return []
    return [
        t
        for t in workflow_for(case.kind).available(case.status)
        if not t.by_kind and has_role(user, *t.roles)
    ]


@user_action
def case_transition(
    *, actor: Any, case: Case, name: str, reason: str = "", expected_version: int | None = None
) -> Case:
    """The one way a case changes state: lock, check policy, role, guard and version, change, record."""
    return _transition(actor=actor, case=case, name=name, reason=reason, expected_version=expected_version)


@transaction.atomic
def transition_within(*, actor: Any, case: Case, name: str, reason: str = "") -> Case:
    """`case_transition` inside a kind's own service (its user action), which checked what the step needs:
    the only way to fire a transition the kind marked `by_kind`."""
    return _transition(actor=actor, case=case, name=name, reason=reason, expected_version=None, by_kind=True)


def _transition(
    *, actor: Any, case: Case, name: str, reason: str, expected_version: int | None, by_kind: bool = False
) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "Hồ sơ vừa được người khác thay đổi (phiên bản "
                "%(now)d, bạn đang xem %(seen)d). Hãy tải lại trang."
            )
            % {"now": locked.version, "seen": expected_version}
        )
    workflow = workflow_for(locked.kind)
    step = workflow.get(name)
    if step is not None and step.by_kind and not by_kind and step.source == locked.status:
        raise ValidationError(
            {
                "transition": [
                    _("Bước “%(name)s” được thực hiện bằng chức năng riêng của loại hồ sơ này.")
                    % {"name": step.label}
                ]
            }
        )
    if step is None or step.source != locked.status or (step.by_kind and not by_kind):
        raise ValidationError(
            {
                "transition": [
                    _("Không thể “%(name)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
                    % {"name": step.label if step else name, "state": workflow.states[locked.status]}
                ]
            }
        )
    if not can(actor, Action.TRANSITION, locked) or not has_role(actor, *step.roles):
        raise PermissionDenied(_("Bạn không có quyền “%(name)s” hồ sơ này.") % {"name": step.label})
    if step.requires_reason and not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do hoặc kết quả.")]})
    if too_long := limits.too_long(reason=(reason, limits.TRANSITION_REASON)):
        raise ValidationError(too_long)
    if step.guard is not None and (why := step.guard(locked)):
        raise ValidationError({"transition": [why]})
    source, closed_before = locked.status, locked.closed_on
    locked.status = step.target
    locked.closed_on = timezone.localdate() if step.target in workflow.final else None
    changed = {"status", "closed_on", "version", "updated_at"}
    for effect in step.effects:  # what the transition does besides moving the state (e.g. record the outcome)
        changed.update(effect(locked, actor=actor, reason=reason))
    locked.version += 1
    locked.save(update_fields=sorted(changed))
    if (closed_before is None) != (locked.closed_on is None):  # closing starts its bases' retention clock
        person_services.case_bases_follow(actor=actor, case=locked, closed_on=locked.closed_on)
    timeline.transition(locked, actor, step.name, source, step.target, reason.strip())
    told = {"case": str(locked.pk), "kind": locked.kind, "transition": step.name}
    transaction.on_commit(
        lambda: _tell_lead(
            locked.pk, actor.pk, "case_transition", told, reverse("cases:case_detail", args=[locked.pk])
        )
    )
    audit_record(
        action=audit_events.CASE_TRANSITION,
        actor=actor,
        obj=locked,
        reason=reason.strip(),
        payload={"transition": step.name, "from": source, "to": step.target, "version": locked.version},
    )
    return locked


def _grant_until(due: Any) -> datetime:
    """The receiving agency may answer until the deadline plus a grace period (late answers still arrive)."""
    end = datetime.combine(due + timedelta(days=settings.REQUEST_GRACE_DAYS), time.max)
    return timezone.make_aware(end)


@user_action
def request_send(
    *,
    actor: Any,
    case: Case,
    to_agency: Agency,
    kind: str,
    body: str,
    days: int | None = None,
    unit: str | None = None,
    classification: int | None = None,
    documents: Sequence[str] = (),
    tell: bool = True,
) -> CoordinationRequest:
    """Ask another agency within a case. The receiving agency gets a time-boxed grant on this request only.
    Without `days`, the period comes from the kind's deadline rule. `documents`: ids of case papers the
    request carries to the partner (read-only, stamped, reached only through the grant). `tell=False`: the
    caller tells the recipients itself (a batch of requests is announced once, not once per request)."""
    return _request_send(
        actor=actor,
        case=case,
        to_agency=to_agency,
        kind=kind,
        body=body,
        days=days,
        unit=unit,
        classification=classification,
        documents=documents,
        tell=tell,
    )


@transaction.atomic
def request_send_within(
    *,
    actor: Any,
    case: Case,
    to_agency: Agency,
    kind: str,
    body: str,
    days: int | None = None,
    unit: str | None = None,
) -> CoordinationRequest:
    """`request_send` inside a kind's own service (its user action, e.g. a consultation opened with its
    consulted bodies): the same checks and records, in the caller's transaction."""
    return _request_send(
        actor=actor, case=case, to_agency=to_agency, kind=kind, body=body, days=days, unit=unit
    )


def _request_send(
    *,
    actor: Any,
    case: Case,
    to_agency: Agency,
    kind: str,
    body: str,
    days: int | None = None,
    unit: str | None = None,
    classification: int | None = None,
    documents: Sequence[str] = (),
    tell: bool = True,
) -> CoordinationRequest:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    allowed = kinds.get_kind(locked.kind).request_kinds
    if days is None and kind in allowed:
        period = rule_for(locked.kind, kind)
        days, unit = period.days, unit or period.unit
    days, unit = days or 0, unit or DeadlineUnit.WORKING
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì gửi được yêu cầu trong hồ sơ này."))
    errors: dict[str, list[str]] = {}
    if locked.status in workflow_for(locked.kind).final:
        errors["case"] = [_("Hồ sơ đã kết thúc; hãy mở lại trước khi gửi yêu cầu.")]
    if not to_agency.active:
        errors["to_agency"] = [_("Cơ quan %(code)s đã ngừng hoạt động.") % {"code": to_agency.code}]
    if to_agency.pk == actor.agency_id:
        errors["to_agency"] = [_("Không gửi yêu cầu cho chính cơ quan mình.")]
    if kind not in allowed:
        errors["kind"] = [_("Loại yêu cầu không hợp lệ.")]
    if not body.strip():
        errors["body"] = [_("Cần ghi nội dung yêu cầu.")]
    if not 1 <= days <= limits.PERIOD_DAYS:
        errors["days"] = [_("Thời hạn phải từ 1 đến %(n)d ngày.") % {"n": limits.PERIOD_DAYS}]
    level = locked.classification if classification is None else classification
    if level > actor.clearance:
        errors["classification"] = [_("Không thể gửi tài liệu có độ mật cao hơn mức bạn được tiếp cận.")]
    elif "to_agency" not in errors and not _has_cleared_reader(to_agency, level):
        errors["to_agency"] = [
            _(
                "Ở %(agency)s không ai đang hoạt động (đầu mối, chuyên viên hay lãnh đạo) được "
                "tiếp cận độ “%(level)s”: yêu cầu sẽ không ai đọc được và không ai được báo. "
                "Hãy đề nghị %(agency)s cấp mức tiếp cận này cho người nhận trước khi gửi."
            )
            % {"agency": to_agency.code, "level": Clearance(level).label}
        ]
    errors |= limits.too_long(body=(body, limits.REQUEST_BODY))
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    try:
        due = deadlines.first_due(to_agency.pk, start=today, unit=unit, period=days)
    except CalendarError as exc:
        raise ValidationError({"unit": [str(exc)]}) from None
    req = CoordinationRequest.objects.create(
        case=locked,
        from_agency_id=actor.agency_id,
        to_agency=to_agency,
        kind=kind,
        body=body.strip(),
        classification=level,
        days=days,
        unit=unit,
        sent_on=today,
        due_on=due,
        sent_by=actor,
    )
    deadlines.start_clock(req, start=today, unit=unit, period=days)
    grant_create(
        actor=actor,
        agency=to_agency,
        obj=req,
        action=Action.RESPOND,
        expires_at=_grant_until(due),
        reason=_("Yêu cầu phối hợp trong hồ sơ %(number)s") % {"number": locked.number},
    )
    carried = enclosures.attach(actor, req, documents)
    timeline.request_sent(req, actor)
    if tell:
        transaction.on_commit(lambda: _tell_recipients(req.pk))
    audit_record(
        action=audit_events.REQUEST_SEND,
        actor=actor,
        obj=req,
        related=locked,
        payload={
            "to": to_agency.code,
            "kind": kind,
            "days": days,
            "unit": unit,
            "due": due.isoformat(),
            "documents": carried,
        },
    )
    return req


def _has_cleared_reader(agency: Agency, level: int) -> bool:
    """Whether someone at `agency` can read a request of this level: an active liaison, officer or leader
    holding the clearance. Unclassified requests need nobody in particular (the agency's liaisons are told
    when they exist)."""
    if level <= Clearance.NONE:
        return True
    from phoihop.core.models import User

    readers = User.objects.filter(
        agency=agency, is_active=True, clearance__gte=level, roles__code__in=("liaison", "officer", "leader")
    )
    return readers.exists()


@user_action
def request_open(*, actor: Any, req: CoordinationRequest) -> CoordinationRequest:
    """The receiving agency opens the request: the read is
    audited, and the first opening marks it received."""
    audit_read(actor=actor, obj=req, related=req.case)
    if req.to_agency_id == actor.agency_id and req.status == RequestStatus.SENT:
        locked = CoordinationRequest.objects.select_for_update().get(pk=req.pk)
        if locked.status == RequestStatus.SENT:
            locked.status, locked.received_at = RequestStatus.RECEIVED, timezone.now()
            locked.save(update_fields=["status", "received_at"])
            timeline.request_received(locked, actor)
            audit_record(action=audit_events.REQUEST_RECEIVE, actor=actor, obj=locked, related=locked.case)
            return locked
    return req


@user_action
def request_respond(
    *, actor: Any, req: CoordinationRequest, response: str, answer: str = "", tell: bool = True
) -> CoordinationRequest:
    """The receiving agency answers; its grant to respond ends, it keeps seeing its own correspondence.
    `tell=False`: the caller tells the case's lead itself (answers given together are announced once)."""
    locked = CoordinationRequest.objects.select_for_update().get(pk=req.pk)
    if not can(actor, Action.RESPOND, locked):
        raise PermissionDenied(
            _("Bạn không thể trả lời yêu cầu này (không thuộc cơ quan được hỏi, hoặc đã hết hạn).")
        )
    errors: dict[str, list[str]] = {}
    if not locked.is_open:
        errors["status"] = [_("Yêu cầu này đã được trả lời hoặc đã rút.")]
    if not response.strip():
        errors["response"] = [_("Cần ghi nội dung trả lời.")]
    errors |= limits.too_long(response=(response, limits.REQUEST_RESPONSE))
    if locked.kind == RequestKind.OPINION and answer not in ("agree", "disagree", "other"):
        errors["answer"] = [_("Cần chọn ý kiến: nhất trí, không nhất trí hoặc ý kiến khác.")]
    if errors:
        raise ValidationError(errors)
    locked.status, locked.answered_at, locked.answered_by = RequestStatus.ANSWERED, timezone.now(), actor
    locked.response, locked.answer = response.strip(), answer if locked.kind == RequestKind.OPINION else ""
    locked.save(update_fields=["status", "answered_at", "answered_by", "response", "answer"])
    grants_revoke(actor=actor, obj=locked, reason=_("Đã trả lời"))
    timeline.request_answered(locked, actor)
    told = {"agency": str(locked.to_agency_id), "case": str(locked.case_id)}
    link = reverse("cases:request_detail", args=[locked.pk])
    if tell:
        transaction.on_commit(lambda: _tell_lead(locked.case_id, actor.pk, "request_answered", told, link))
    # whether it came late; the answer and the response are what the reply says, not for the audit
    audit_record(
        action=audit_events.REQUEST_ANSWER,
        actor=actor,
        obj=locked,
        related=locked.case,
        payload={"late": timezone.localdate() > locked.due_on},
    )
    return locked


def _sender_locked(actor: Any, req: CoordinationRequest) -> CoordinationRequest:
    locked = (
        CoordinationRequest.objects.select_for_update().select_related("case", "to_agency").get(pk=req.pk)
    )
    if not can(actor, Action.CHANGE, locked) or not can(actor, Action.CHANGE, locked.case):
        raise PermissionDenied(_("Chỉ cơ quan gửi yêu cầu mới gia hạn hoặc rút được yêu cầu."))
    if not locked.is_open:
        raise ValidationError({"status": [_("Yêu cầu này đã được trả lời hoặc đã rút.")]})
    return locked


def _extension_errors(owner: Any, rule: Period, days: int, reason: str) -> dict[str, list[str]]:
    """The kind's rule: at most `max_extensions` extensions, each of 1 to `max_extension_days` units."""
    errors: dict[str, list[str]] = {}
    clock = deadlines.clock_of(owner)
    limit, longest = rule.max_extensions or 0, rule.longest_extension
    if clock is not None and clock.extension_count() >= limit:
        errors["days"] = [_("Đã gia hạn tối đa %(n)d lần.") % {"n": limit}]
    elif not 1 <= days <= longest:
        errors["days"] = [_("Mỗi lần gia hạn từ 1 đến %(n)d ngày.") % {"n": longest}]
    if not reason.strip():
        errors["reason"] = [_("Cần nêu lý do gia hạn.")]
    errors |= limits.too_long(reason=(reason, limits.REQUEST_REASON))
    return errors


def _renew_respond_grant(actor: Any, req: CoordinationRequest, revoke_reason: str, grant_reason: str) -> None:
    """The receiving agency's grant to answer follows the request's new deadline: the old one is revoked and a
    new one runs to the new due date (extension, resumed clock)."""
    grants_revoke(actor=actor, obj=req, reason=revoke_reason)
    grant_create(
        actor=actor,
        agency=req.to_agency,
        obj=req,
        action=Action.RESPOND,
        expires_at=_grant_until(req.due_on),
        reason=grant_reason,
    )


@user_action
def request_extend(
    *, actor: Any, req: CoordinationRequest, days: int, reason: str, decision: str = ""
) -> CoordinationRequest:
    """Add `days` (the deadline's unit) to the clock, with a
    reason, within the kind's rule (count and length)."""
    locked = _sender_locked(actor, req)
    errors = _extension_errors(locked, rule_for(locked.case.kind, locked.kind), days, reason)
    if len(decision.strip()) > limits.DECISION:
        errors["decision"] = [_("Số quyết định dài tối đa %(n)d ký tự.") % {"n": limits.DECISION}]
    if errors:
        raise ValidationError(errors)
    old = locked.due_on
    deadlines.record(
        locked,
        kind=ClockEntryKind.EXTEND,
        on=timezone.localdate(),
        actor=actor,
        days=days,
        decision=decision.strip(),
        reason=reason.strip(),
    )
    _renew_respond_grant(
        actor,
        locked,
        _("Gia hạn"),
        _("Gia hạn yêu cầu trong hồ sơ %(number)s") % {"number": locked.case.number},
    )
    timeline.deadline_changed(locked, old, locked.due_on, actor=actor)
    audit_record(
        action=audit_events.DEADLINE_CHANGE,
        actor=actor,
        obj=locked,
        related=locked.case,
        reason=reason.strip(),
        payload={"old": old.isoformat(), "new": locked.due_on.isoformat(), "extension": locked.extensions},
    )
    return locked


@user_action
def request_withdraw(*, actor: Any, req: CoordinationRequest, reason: str) -> CoordinationRequest:
    """Take a request back; the receiving agency can no longer answer it."""
    locked = _sender_locked(actor, req)
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do rút yêu cầu.")]})
    if too_long := limits.too_long(reason=(reason, limits.REQUEST_REASON)):
        raise ValidationError(too_long)
    locked.status = RequestStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    grants_revoke(actor=actor, obj=locked, reason=_("Rút yêu cầu"))
    timeline.request_withdrawn(locked, actor, reason.strip())
    audit_record(
        action=audit_events.REQUEST_WITHDRAW,
        actor=actor,
        obj=locked,
        related=locked.case,
        reason=reason.strip(),
    )
    return locked


def case_read(*, actor: Any, case: Case) -> None:
    """Opening a case: always audited (committed before the page renders); for classified cases the timeline
    also shows who viewed it, once per person per day."""
    audit_read(actor=actor, obj=case)
    if case.classification > 0:
        from phoihop.cases.models import TimelineEvent

        today = timezone.localdate()
        if not TimelineEvent.objects.filter(case=case, kind="viewed", actor=actor, at__date=today).exists():
            timeline.viewed(case, actor)


@user_action
def case_update(
    *,
    actor: Any,
    case: Case,
    expected_version: int,
    title: str,
    summary: str = "",
    subject_name: str = "",
    lead_officer: Any = None,
) -> Case:
    """Edit a case's particulars or reassign its lead officer. A stale form is refused, never overwrites."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì sửa được hồ sơ này."))
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Hồ sơ vừa được người khác thay đổi (phiên bản "
                "%(now)d, bạn đang xem %(seen)d). Hãy tải lại trang."
            )
            % {"now": locked.version, "seen": expected_version}
        )
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Cần ghi trích yếu của hồ sơ.")]
    errors |= limits.too_long(
        title=(title, limits.CASE_TITLE),
        summary=(summary, limits.CASE_SUMMARY),
        subject_name=(subject_name, limits.CASE_SUBJECT_NAME),
    )
    if lead_officer is not None and (
        lead_officer.agency_id != locked.owner_agency_id
        or not lead_officer.is_active
        or lead_officer.clearance < locked.classification
    ):
        errors["lead_officer"] = [
            _("Cán bộ chủ trì phải thuộc cơ quan chủ trì, đang hoạt động và được tiếp cận độ mật của hồ sơ.")
        ]
    if errors:
        raise ValidationError(errors)
    before = {
        "title": locked.title,
        "summary": locked.summary,
        "subject_name": locked.subject_name,
        "lead_officer": locked.lead_officer.username if locked.lead_officer else None,
    }
    locked.title, locked.summary, locked.subject_name = title.strip(), summary.strip(), subject_name.strip()
    reassigned = lead_officer is not None and lead_officer.pk != locked.lead_officer_id
    if reassigned:
        locked.lead_officer = lead_officer
    after = {
        "title": locked.title,
        "summary": locked.summary,
        "subject_name": locked.subject_name,
        "lead_officer": locked.lead_officer.username if locked.lead_officer else None,
    }
    changed = diff(before, after)
    if not changed:
        return locked
    locked.version += 1
    locked.save(update_fields=["title", "summary", "subject_name", "lead_officer", "version", "updated_at"])
    if reassigned:
        _team_lead_set(locked, lead_officer, actor)
        timeline.assigned(locked, actor)
    timeline.edited(locked, actor, sorted(changed))
    audit_record(
        action=audit_events.CASE_UPDATE,
        actor=actor,
        obj=locked,
        # which fields changed; values only for the reassignment (usernames), never the title or summary
        payload={"changed": changed_fields(changed, values=("lead_officer",)), "version": locked.version},
    )
    return locked


def _check_pause(owner: Any, today: Any, reason: str) -> None:
    """The checks of pausing a request's or a case's clock (one rule for both, the message naming which)."""
    if owner.paused_on is not None:
        already = (
            _("Thời hạn xử lý hồ sơ đang tạm dừng.")
            if isinstance(owner, Case)
            else _("Thời hạn của yêu cầu này đang tạm dừng.")
        )
        raise ValidationError({"status": [already]})
    if owner.due_on is not None and today >= owner.due_on:
        raise ValidationError(
            {"status": [_("Hạn đã đến hoặc đã qua: không còn ngày nào để tạm dừng (hãy gia hạn nếu cần).")]}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do tạm dừng tính hạn.")]})
    if too_long := limits.too_long(reason=(reason, limits.REQUEST_REASON)):
        raise ValidationError(too_long)


def _check_resume(owner: Any, reason: str) -> None:
    if owner.paused_on is None:
        not_paused = (
            _("Thời hạn xử lý hồ sơ không tạm dừng.")
            if isinstance(owner, Case)
            else _("Thời hạn của yêu cầu này không tạm dừng.")
        )
        raise ValidationError({"status": [not_paused]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do tiếp tục tính hạn.")]})
    if too_long := limits.too_long(reason=(reason, limits.REQUEST_REASON)):
        raise ValidationError(too_long)


@user_action
def request_pause(*, actor: Any, req: CoordinationRequest, reason: str) -> CoordinationRequest:
    """Stop the clock (e.g. while waiting for the subject's explanation): the days after today do not count
    until it resumes."""
    locked = _sender_locked(actor, req)
    today = timezone.localdate()
    _check_pause(locked, today, reason)
    deadlines.record(locked, kind=ClockEntryKind.PAUSE, on=today, actor=actor, reason=reason.strip())
    timeline.clock_paused(locked, actor)
    audit_record(
        action=audit_events.REQUEST_PAUSE,
        actor=actor,
        obj=locked,
        related=locked.case,
        reason=reason.strip(),
        payload={"remaining": locked.remaining_days, "due": locked.due_on.isoformat()},
    )
    return locked


@user_action
def request_resume(*, actor: Any, req: CoordinationRequest, reason: str) -> CoordinationRequest:
    """Start the clock again: the remaining days count from tomorrow (the paused days never count)."""
    locked = _sender_locked(actor, req)
    _check_resume(locked, reason)
    old = locked.due_on
    deadlines.record(
        locked, kind=ClockEntryKind.RESUME, on=timezone.localdate(), actor=actor, reason=reason.strip()
    )
    _renew_respond_grant(
        actor,
        locked,
        _("Tiếp tục tính hạn"),
        _("Tiếp tục tính hạn yêu cầu trong hồ sơ %(number)s") % {"number": locked.case.number},
    )
    timeline.deadline_changed(locked, old, locked.due_on, actor=actor)
    audit_record(
        action=audit_events.REQUEST_RESUME,
        actor=actor,
        obj=locked,
        related=locked.case,
        reason=reason.strip(),
        payload={"old": old.isoformat(), "new": locked.due_on.isoformat()},
    )
    return locked


def _case_clock_locked(actor: Any, case: Case) -> Case:
    """A case's own deadline is changed by a leader of the owner agency, on an open case that has one."""
    locked = Case.objects.select_for_update().select_related("owner_agency").get(pk=case.pk)
    if not can(actor, Action.CHANGE, locked) or not has_role(actor, "leader"):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan chủ trì điều chỉnh được thời hạn xử lý hồ sơ."))
    if locked.status in workflow_for(locked.kind).final:
        raise ValidationError({"status": [_("Hồ sơ đã kết thúc; hãy mở lại trước khi điều chỉnh thời hạn.")]})
    if deadlines.clock_of(locked) is None:
        raise ValidationError({"status": [_("Hồ sơ này không có thời hạn xử lý.")]})
    return locked


def _case_deadline_event(locked: Case, actor: Any, event: str, old: Any, **payload: Any) -> None:
    """Timeline and audit of a change to a case's own deadline: dates, units and the decision number only."""
    new = locked.due_on
    timeline.case_clock_changed(locked, actor, event, old, new)
    audit_record(
        action=audit_events.DEADLINE_CHANGE,
        actor=actor,
        obj=locked,
        payload={
            "event": event,
            "old": old.isoformat() if old else None,
            "new": new.isoformat() if new else None,
            **payload,
        },
    )


@user_action
def case_extend(*, actor: Any, case: Case, days: int, reason: str, decision: str) -> Case:
    """Extend a case's own deadline by a written decision (its number is required), within the kind's rule."""
    locked = _case_clock_locked(actor, case)
    errors = _extension_errors(locked, case_rule(locked), days, reason)
    if not decision.strip():
        errors["decision"] = [_("Cần ghi số quyết định gia hạn.")]
    elif len(decision.strip()) > limits.DECISION:
        errors["decision"] = [_("Số quyết định dài tối đa %(n)d ký tự.") % {"n": limits.DECISION}]
    if errors:
        raise ValidationError(errors)
    old = locked.due_on
    deadlines.record(
        locked,
        kind=ClockEntryKind.EXTEND,
        on=timezone.localdate(),
        actor=actor,
        days=days,
        decision=decision.strip(),
        reason=reason.strip(),
    )
    count = deadlines.clock_of(locked).extension_count()  # type: ignore[union-attr]
    _case_deadline_event(locked, actor, "extend", old, days=days, decision=decision.strip(), extension=count)
    return locked


@transaction.atomic
def case_clock_start(*, actor: Any, case: Case, start: Any) -> Case:
    """Start the deadline of a case opened without one, by its kind's `case_rule` (a letter's resolution
    period starts when it is accepted, counted from its receipt or its acceptance): inside the kind's
    service."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if deadlines.clock_of(locked) is not None:
        raise ValidationError({"status": [_("Hồ sơ đã có thời hạn xử lý.")]})
    period = case_rule(locked)
    old = locked.due_on
    deadlines.start_clock(locked, start=start, unit=period.unit, period=period.days)
    Case.objects.filter(pk=locked.pk).update(due_days=period.days, due_unit=period.unit)
    locked.due_days, locked.due_unit = period.days, period.unit
    _case_deadline_event(locked, actor, "start", old, days=period.days, unit=period.unit)
    return locked


@user_action
def case_pause(*, actor: Any, case: Case, reason: str) -> Case:
    """Stop the case's own clock (e.g. while a denunciation's subject explains): the days after today do not
    count until it resumes."""
    locked = _case_clock_locked(actor, case)
    today = timezone.localdate()
    _check_pause(locked, today, reason)
    old = locked.due_on
    deadlines.record(locked, kind=ClockEntryKind.PAUSE, on=today, actor=actor, reason=reason.strip())
    _case_deadline_event(locked, actor, "pause", old, remaining=deadlines.remaining_units(locked))
    return locked


@user_action
def case_resume(*, actor: Any, case: Case, reason: str) -> Case:
    """Start the case's own clock again: the remaining days count from tomorrow."""
    locked = _case_clock_locked(actor, case)
    _check_resume(locked, reason)
    old = locked.due_on
    deadlines.record(
        locked, kind=ClockEntryKind.RESUME, on=timezone.localdate(), actor=actor, reason=reason.strip()
    )
    _case_deadline_event(locked, actor, "resume", old)
    return locked


@user_action
def case_link(*, actor: Any, case: Case, number: str) -> Case:
    """Mark another case (by its number) as related. Both must be cases the actor may change."""
    other = Case.objects.filter(number__iexact=number.strip()).first()
    if other is None or not can(actor, Action.VIEW, other):
        raise ValidationError(
            {
                "number": [
                    _("Không có hồ sơ số %(number)s trong phạm vi bạn được xem.") % {"number": number.strip()}
                ]
            }
        )
    if not can(actor, Action.CHANGE, case):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì sửa được hồ sơ này."))
    if other.pk == case.pk:
        raise ValidationError({"number": [_("Không thể liên kết hồ sơ với chính nó.")]})
    if case.related.filter(pk=other.pk).exists():
        raise ValidationError({"number": [_("Hai hồ sơ đã được liên kết.")]})
    case.related.add(other)
    timeline.linked(case, actor, other)
    audit_record(action=audit_events.CASE_LINK, actor=actor, obj=case, payload={"related": other.number})
    return other


def _tell_recipients(req_pk: Any) -> None:
    """After a request is committed: the receiving agency's liaisons who may see it are told."""
    from phoihop.core.models import User
    from phoihop.notify.services import notify

    req = CoordinationRequest.objects.select_related("from_agency", "to_agency").get(pk=req_pk)
    liaisons = User.objects.filter(agency=req.to_agency, is_active=True, roles__code="liaison").distinct()
    notify(
        users=[u for u in liaisons if can(u, Action.VIEW, req)],
        kind="request",
        code="request_new",
        params={"agency": str(req.from_agency_id), "due": req.due_on.isoformat()},
        link=reverse("cases:request_detail", args=[req.pk]),
    )


def _tell_member(user_pk: Any, code: str, params: dict[str, Any], link: str) -> None:
    """After a team change is committed: the new member learns of it (a number and a link, no content)."""
    from phoihop.core.models import User
    from phoihop.notify.services import notify

    notify(
        users=list(User.objects.filter(pk=user_pk, is_active=True)),
        kind="case",
        code=code,
        params=params,
        link=link,
    )


def _tell_lead(case_pk: Any, actor_pk: Any, code: str, params: dict[str, Any], link: str) -> None:
    from phoihop.notify.services import notify

    case = Case.objects.select_related("lead_officer").get(pk=case_pk)
    if case.lead_officer is not None and case.lead_officer.pk != actor_pk:
        notify(users=[case.lead_officer], kind="case", code=code, params=params, link=link)


@user_action
def deadline_rule_set(
    *,
    actor: Any,
    kind: str,
    step: str,
    days: int,
    unit: str,
    max_extensions: int,
    max_extension_days: int | None = None,
    basis: str = "",
    reason: str,
) -> DeadlineRule:
    """An administrator changes a period. New cases and requests use it; running deadlines keep theirs (their
    extensions follow the rule as it is when they are asked for). Without `max_extension_days`, the current
    rule's is kept."""
    if not has_role(actor, "admin"):
        raise PermissionDenied(_("Chỉ quản trị hệ thống sửa được quy tắc thời hạn."))
    errors: dict[str, list[str]] = {}
    if not kinds.is_kind(kind) or kinds.get_kind(kind).step(step) is None:
        errors["step"] = [_("Không có quy tắc thời hạn này.")]
    if not 1 <= days <= limits.PERIOD_DAYS:
        errors["days"] = [_("Thời hạn phải từ 1 đến %(n)d ngày.") % {"n": limits.PERIOD_DAYS}]
    if unit not in DeadlineUnit.values:
        errors["unit"] = [_("Đơn vị thời hạn không hợp lệ.")]
    if not 0 <= max_extensions <= limits.RULE_EXTENSIONS:
        errors["max_extensions"] = [
            _("Số lần gia hạn tối đa phải từ 0 đến %(n)d.") % {"n": limits.RULE_EXTENSIONS}
        ]
    if max_extension_days is not None and not 1 <= max_extension_days <= limits.PERIOD_DAYS:
        errors["max_extension_days"] = [
            _("Mỗi lần gia hạn tối đa từ 1 đến %(n)d ngày.") % {"n": limits.PERIOD_DAYS}
        ]
    if len(reason.strip()) < 5:
        errors["reason"] = [_("Cần nêu lý do thay đổi (ít nhất 5 ký tự).")]
    errors |= limits.too_long(basis=(basis, limits.RULE_BASIS), reason=(reason, limits.RULE_REASON))
    if errors:
        raise ValidationError(errors)
    old = rule_for(kind, step)
    longest = max_extension_days if max_extension_days is not None else (old.max_extension_days or days)
    rule, _created = DeadlineRule.objects.update_or_create(
        kind=kind,
        step=step,
        defaults={
            "days": days,
            "unit": unit,
            "max_extensions": max_extensions,
            "max_extension_days": longest,
            "basis": basis.strip(),
        },
    )
    audit_record(
        action=audit_events.DEADLINE_RULE_CHANGE,
        actor=actor,
        obj=rule,
        reason=reason.strip(),
        payload={
            "kind": kind,
            "step": step,
            "old": {
                "days": old.days,
                "unit": old.unit,
                "max_extensions": old.max_extensions,
                "max_extension_days": old.max_extension_days,
            },
            "new": {
                "days": days,
                "unit": unit,
                "max_extensions": max_extensions,
                "max_extension_days": longest,
            },
        },
    )
    return rule


@user_action
def case_subject_add(*, actor: Any, case: Case, person: Any) -> CaseSubject:
    """Link a registered person to a case; the person must be one the actor may see."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì sửa được hồ sơ này."))
    if not can(actor, Action.VIEW, person):
        raise ValidationError({"person": [_("Không tìm thấy người được chọn trong sổ đăng ký.")]})
    if CaseSubject.objects.filter(case=locked, person=person).exists():
        raise ValidationError({"person": [_("Người này đã có trong hồ sơ.")]})
    link = CaseSubject.objects.create(case=locked, person=person)
    timeline.subject_added(locked, actor, person)
    person_services.case_basis_keep(
        actor=actor,
        person=person,
        case=locked,
        owner_agency_id=locked.owner_agency_id,
        closed_on=locked.closed_on,
    )
    spec = kinds.get_kind(locked.kind) if kinds.is_kind(locked.kind) else None
    if spec is not None and spec.on_subject_added is not None:  # the kind keeps what it derives from them
        spec.on_subject_added(case=locked, person=person, actor=actor)
    audit_record(
        action=audit_events.CASE_UPDATE, actor=actor, obj=locked, payload={"subject_added": str(person.uuid)}
    )
    return link


def _team_lead_set(case: Case, lead: Any, actor: Any) -> None:
    """The team follows `Case.lead_officer`: the new lead's row says lead; the previous lead stays on the team
    as a member (a leader or the new lead removes them if they no longer need to know)."""
    CaseTeamMember.objects.filter(case=case, role=TeamRole.LEAD).exclude(user=lead).update(
        role=TeamRole.MEMBER
    )
    member, created = CaseTeamMember.objects.get_or_create(
        case=case, user=lead, defaults={"role": TeamRole.LEAD, "added_by": actor}
    )
    if not created and member.role != TeamRole.LEAD:
        member.role = TeamRole.LEAD
        member.save(update_fields=["role"])


def can_manage_team(user: Any, case: Case) -> bool:
    """The owner agency's leaders and the case's lead officer assign and remove team members (within what they
    may change: the owner agency, their clearance)."""
    if not can(user, Action.CHANGE, case):
        return False
    return has_role(user, "leader") or case.lead_officer_id == user.pk


def require_team_manager(actor: Any, case: Case) -> None:
    if not can_manage_team(actor, case):
        raise PermissionDenied(
            _("Chỉ lãnh đạo cơ quan chủ trì và cán bộ chủ trì hồ sơ được phân công tổ xử lý.")
        )


def team_candidate_errors(case: Case, user: Any) -> list[str]:
    """Why `user` cannot join the case's team (empty when they can)."""
    errors: list[str] = []
    if user.agency_id != case.owner_agency_id:
        errors.append(_("Cán bộ trong tổ xử lý phải thuộc cơ quan chủ trì hồ sơ."))
    if not user.is_active or user.is_api_only:
        errors.append(_("Tài khoản này đã bị khóa hoặc là tài khoản tích hợp, không tham gia tổ xử lý được."))
    if not has_role(user, *CONTENT_ROLES):
        errors.append(
            _("Người này không có vai trò xử lý hồ sơ (văn thư, chuyên viên, lãnh đạo hoặc đầu mối).")
        )
    if user.clearance < case.classification:
        errors.append(
            _("Người này chưa được tiếp cận bí mật ở độ “%(level)s” của hồ sơ.")
            % {"level": case.get_classification_display()}
        )
    spec = kinds.get_kind(case.kind) if kinds.is_kind(case.kind) else None
    if spec is not None and spec.team_check is not None:  # the kind's own conflicts of interest
        errors.extend(spec.team_check(case, user))
    return errors


@user_action
def case_team_add(*, actor: Any, case: Case, user: Any) -> CaseTeamMember:
    """Assign an officer of the owner agency to the case's team (as a member; the lead is the case's lead
    officer, changed by reassigning the case)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    require_team_manager(actor, locked)
    errors = team_candidate_errors(locked, user)
    if CaseTeamMember.objects.filter(case=locked, user=user).exists():
        errors.append(_("Người này đã ở trong tổ xử lý hồ sơ."))
    if errors:
        raise ValidationError({"user": errors})
    member = CaseTeamMember.objects.create(case=locked, user=user, role=TeamRole.MEMBER, added_by=actor)
    timeline.team_added(locked, actor, user, TeamRole.MEMBER)
    told = {"case": str(locked.pk)}
    transaction.on_commit(
        lambda: _tell_member(user.pk, "team_added", told, reverse("cases:case_detail", args=[locked.pk]))
    )
    audit_record(
        action=audit_events.CASE_TEAM_ADD,
        actor=actor,
        obj=locked,
        object_repr=locked.number,
        payload={"user": str(user.pk), "role": TeamRole.MEMBER.value},
    )
    return member


@user_action
def case_team_remove(*, actor: Any, case: Case, user: Any) -> None:
    """Take an officer off the case's team. The lead officer stays: reassign the case to change the lead."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    require_team_manager(actor, locked)
    member = CaseTeamMember.objects.filter(case=locked, user=user).first()
    if member is None:
        raise ValidationError({"user": [_("Người này không ở trong tổ xử lý hồ sơ.")]})
    if member.role == TeamRole.LEAD or locked.lead_officer_id == user.pk:
        why = _("Không thể đưa cán bộ chủ trì ra khỏi tổ; hãy giao chủ trì hồ sơ cho người khác trước.")
        raise ValidationError({"user": [why]})
    member.delete()
    timeline.team_removed(locked, actor, user)
    audit_record(
        action=audit_events.CASE_TEAM_REMOVE,
        actor=actor,
        obj=locked,
        object_repr=locked.number,
        payload={"user": str(user.pk)},
    )


@user_action
def request_share(*, actor: Any, req: CoordinationRequest, shared: bool = True) -> CoordinationRequest:
    """The owner agency shares an answered request (and its answer and papers) with the case's co-handling
    agencies, or takes the sharing back. Until shared, a participant sees only the requests addressed to
    it."""
    locked = (
        CoordinationRequest.objects.select_for_update().select_related("case", "to_agency").get(pk=req.pk)
    )
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì hồ sơ chia sẻ được yêu cầu và trả lời."))
    errors: list[str] = []
    if shared and locked.shared_at is not None:
        errors.append(_("Yêu cầu và trả lời này đã được chia sẻ với cơ quan cùng xử lý."))
    elif not shared and locked.shared_at is None:
        errors.append(_("Yêu cầu này chưa được chia sẻ."))
    elif shared and locked.status != RequestStatus.ANSWERED:
        errors.append(_("Chỉ chia sẻ được yêu cầu đã có trả lời."))
    elif shared and not Participant.objects.filter(case_id=locked.case_id).exists():
        errors.append(_("Hồ sơ không có cơ quan cùng xử lý để chia sẻ."))
    if errors:
        raise ValidationError({"shared": errors})
    locked.shared_at, locked.shared_by = (timezone.now(), actor) if shared else (None, None)
    locked.save(update_fields=["shared_at", "shared_by"])
    timeline.request_shared(locked, actor, shared=shared)
    audit_record(
        action=audit_events.REQUEST_SHARE,
        actor=actor,
        obj=locked,
        object_repr=locked.case.number,
        related=locked.case,
        payload={"shared": shared, "to": locked.to_agency.code},
    )
    return locked
