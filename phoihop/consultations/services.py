"""Writes of the consultation kind. Opening runs inside `case_open` (`on_open`): the candidates are linked as
the case's subjects and each consulted body gets one opinion request (the engine's request: deadline clock,
time-boxed grant to answer, reminders). A body answers for itself, per candidate, while the consultation and
its request are open; a period that runs out on a type where silence is consent records "agreed by silence"
with the rule that applied; the asker records the decision. Each write: one transaction, a timeline line and
an audit event with identifiers and codes only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role
from phoihop.access.services import grants_revoke
from phoihop.audit.services import audit_record
from phoihop.cases import services as case_services
from phoihop.cases import timeline as case_timeline
from phoihop.cases.choices import RequestKind, RequestStatus
from phoihop.cases.models import Case, CaseSubject, CoordinationRequest
from phoihop.consultations import audit_events, rules, timeline
from phoihop.consultations.choices import Answer, Decision
from phoihop.consultations.forms import NOT_REGISTERED, REASONS
from phoihop.consultations.models import Candidate, Consultation, ConsultationType, Consultee, Opinion
from phoihop.core.models import Agency
from phoihop.notify.services import notify_after_commit
from phoihop.people import services as person_services
from phoihop.people.models import Person
from phoihop.transactions import user_action

WORKERS = ("officer", "leader")


def on_open(*, case: Case, details: dict[str, Any], actor: Any) -> None:
    """The kind's on-open hook (inside case_open's transaction): candidates the actor may see in the registry,
    consulted bodies other than the asker, one opinion request to each with the type's period."""
    consultation = Consultation.objects.select_related("type").get(case=case)
    kind = consultation.type
    bodies: list[Agency] = list(details.get("consulted") or [])
    rows: list[dict[str, str]] = list(details.get("candidates") or [])
    errors: dict[str, list[str]] = {}
    if not bodies:
        errors["consulted"] = [_("Cần chọn ít nhất một cơ quan được hỏi ý kiến.")]
    if any(b.pk == case.owner_agency_id for b in bodies):
        errors.setdefault("consulted", []).append(
            _("Cơ quan hỏi ý kiến không thể tự hỏi ý kiến chính mình; hãy bỏ %(code)s khỏi danh sách.")
            % {"code": case.owner_agency.code}
        )
    if consultation.silence_is_consent and not kind.silence_is_consent:
        errors["silence_is_consent"] = [
            _("Loại “%(type)s” không coi việc không trả lời là nhất trí; không thể chọn điều này.")
            % {"type": kind.label}
        ]
    persons = _visible_persons(actor, [r["person"] for r in rows])
    if not rows:
        errors["candidates"] = [_("Cần chọn ít nhất một nhân sự trong sổ đăng ký.")]
    elif len(persons) != len(rows):
        errors["candidates"] = [str(NOT_REGISTERED)]
    if errors:
        raise ValidationError(errors)
    for position, row in enumerate(rows, 1):
        person = persons[row["person"]]
        Candidate.objects.create(
            case=case,
            person=person,
            current_position=row["current_position"],
            proposed_position=row["proposed_position"],
            position=position,
        )
        # linked as case_open links its subjects (a user action may not call case_subject_add)
        CaseSubject.objects.create(case=case, person=person)
        case_timeline.subject_added(case, actor, person)
        person_services.case_basis_keep(
            actor=actor, person=person, case=case, owner_agency_id=case.owner_agency_id, closed_on=None
        )
    if len(rows) == 1 and not case.subject_name:
        case.subject_name = persons[rows[0]["person"]].full_name
        case.save(update_fields=["subject_name"])
    body = _("Đề nghị %(agency)s cho ý kiến (%(type)s) về %(n)d nhân sự trong hồ sơ %(number)s.") % {
        "agency": "{agency}",
        "type": kind.label,
        "n": len(rows),
        "number": case.number,
    }
    for agency in sorted(bodies, key=lambda a: a.code):
        try:
            req = case_services.request_send_within(
                actor=actor,
                case=case,
                to_agency=agency,
                kind=RequestKind.OPINION,
                body=body.replace("{agency}", agency.code),
                days=kind.days,
                unit=kind.unit,
            )
        except ValidationError as exc:
            raise ValidationError({"consulted": [f"{agency.code}: {m}" for m in exc.messages]}) from None
        Consultee.objects.create(case=case, agency=agency, request=req)
    timeline.opened(case, actor, type_code=kind.code, candidates=len(rows), bodies=len(bodies))
    audit_record(
        action=audit_events.CONSULTATION_OPEN,
        actor=actor,
        obj=case,
        payload={
            "type": kind.code,
            "direction": consultation.direction,
            "persons": [str(persons[r["person"]].uuid) for r in rows],
            "bodies": sorted(b.code for b in bodies),
            "silence": consultation.silence_is_consent,
        },
    )


def _visible_persons(actor: Any, ids: Iterable[str]) -> dict[str, Person]:
    """The registry's persons by id that the actor may see (absent and invisible look the same)."""
    wanted: dict[uuid.UUID, str] = {}
    for raw in ids:
        try:
            wanted[uuid.UUID(str(raw))] = raw
        except (ValueError, AttributeError, TypeError):
            continue
    found = Person.objects.filter(uuid__in=list(wanted), merged_into__isnull=True, anonymised_at__isnull=True)
    return {wanted[p.uuid]: p for p in found if can(actor, Action.VIEW, p)}


def team_check(case: Case, user: Any) -> list[str]:
    """A candidate does not handle the consultation about themself (by the registry's name; names no one)."""
    name = (user.get_full_name() or "").strip()
    if name and Candidate.objects.filter(case=case, person__full_name=name).exists():
        return [_("Cán bộ này là nhân sự được hỏi ý kiến trong hồ sơ: không được giao xử lý.")]
    return []


# --- Answers
# ----------------------------------------------------------------------------------------------------


def _summary(opinions: list[Opinion]) -> str:
    answers = {o.answer for o in opinions}
    if Answer.DISAGREE in answers:
        return Answer.DISAGREE
    return Answer.AGREE if answers == {Answer.AGREE} else Answer.OTHER


def _close_request(req: CoordinationRequest, actor: Any, opinions: list[Opinion], note: str) -> None:
    req.status, req.answered_at, req.answered_by = RequestStatus.ANSWERED, timezone.now(), actor
    req.answer, req.response = _summary(opinions), note
    req.save(update_fields=["status", "answered_at", "answered_by", "answer", "response"])
    grants_revoke(actor=actor, obj=req, reason=_("Đã cho ý kiến"))


@user_action
def opinion_give(*, actor: Any, case: Case, answers: list[dict[str, Any]]) -> list[Opinion]:
    """The actor's agency answers about one or more candidates: agree, disagree or other, with reasons (needed
    unless it agrees). Only a consulted body, for itself, once per candidate, while the consultation and its
    request are open; all the answers or none."""
    locked = Case.objects.select_for_update().select_related("owner_agency").get(pk=case.pk)
    agency_id = getattr(actor, "agency_id", None)
    consultee = (
        Consultee.objects.select_related("agency", "request")
        .filter(case=locked, agency_id=str(agency_id))
        .first()
        if agency_id is not None
        else None
    )
    if consultee is None:
        raise ValidationError({"body": [_("Cơ quan của bạn không được hỏi ý kiến trong hồ sơ này.")]})
    req = CoordinationRequest.objects.select_for_update().get(pk=consultee.request_id)
    if locked.status != "open":
        raise ValidationError({"status": [_("Hồ sơ đã kết thúc hoặc đã rút: không nhận thêm ý kiến.")]})
    if not req.is_open:
        raise ValidationError(
            {"status": [_("Cơ quan của bạn đã cho ý kiến đầy đủ hoặc yêu cầu đã được rút.")]}
        )
    if not can(actor, Action.RESPOND, req):
        raise PermissionDenied(
            _(
                "Bạn không thể cho ý kiến (không phải đầu mối, chuyên viên hay lãnh đạo được tiếp cận, "
                "hoặc đã hết hạn trả lời)."
            )
        )
    candidates = {c.pk: c for c in Candidate.objects.filter(case=locked).select_related("person")}
    given = set(Opinion.objects.filter(consultee=consultee).values_list("candidate_id", flat=True))
    errors: dict[str, list[str]] = {}
    if not answers:
        errors["answers"] = [_("Cần cho ý kiến về ít nhất một nhân sự.")]
    made: list[Opinion] = []
    now, seen = timezone.now(), set()
    for item in answers:
        raw = item.get("candidate")
        pk = int(str(raw)) if str(raw).isdigit() else None
        answer, reasons = str(item.get("answer") or ""), str(item.get("reasons") or "").strip()
        if pk not in candidates:
            errors.setdefault("candidate", []).append(_("Nhân sự này không có trong hồ sơ hiệp y."))
            continue
        if pk in given or pk in seen:
            errors.setdefault("candidate", []).append(
                _("Cơ quan %(code)s đã cho ý kiến về nhân sự này; mỗi cơ quan cho ý kiến một lần.")
                % {"code": consultee.agency.code}
            )
            continue
        seen.add(pk)
        if answer not in Answer.values:
            errors.setdefault("answer", []).append(
                _("Cần chọn ý kiến: nhất trí, không nhất trí hoặc ý kiến khác.")
            )
            continue
        if answer != Answer.AGREE and not reasons:
            errors.setdefault("reasons", []).append(
                _("Cần nêu lý do khi không nhất trí hoặc có ý kiến khác (%(name)s).")
                % {"name": candidates[pk].person.full_name}
            )
        if len(reasons) > REASONS:
            errors.setdefault("reasons", []).append(_("Lý do dài quá %(n)d ký tự.") % {"n": REASONS})
        made.append(
            Opinion(
                case=locked,
                consultee=consultee,
                candidate=candidates[pk],
                answer=answer,
                reasons=reasons,
                answered_by=actor,
                answered_at=now,
            )
        )
    if errors:
        raise ValidationError(errors)
    Opinion.objects.bulk_create(made)
    complete = len(given) + len(made) == len(candidates)
    if complete:
        every = list(Opinion.objects.filter(consultee=consultee))
        _close_request(req, actor, every, _("Đã cho ý kiến về %(n)d nhân sự.") % {"n": len(every)})
    timeline.answered(locked, actor, req, candidates=len(made))
    told = {"agency": str(consultee.agency_id), "case": str(locked.pk)}
    notify_after_commit(
        users=[locked.lead_officer],
        kind="request",
        code="request_answered",
        params=told,
        link=reverse("cases:case_detail", args=[locked.pk]),
    )
    audit_record(
        action=audit_events.CONSULTATION_ANSWER,
        actor=actor,
        obj=req,
        related=locked,
        payload={
            "request": str(req.pk),
            "body": consultee.agency.code,
            "candidates": len(made),
            "complete": complete,
        },
    )
    return made


@user_action
def silence_record(*, consultee_id: Any, today: date) -> int:
    """The period of one consulted body ran out without all its answers, on a consultation whose type counts
    silence as consent: "agreed by silence" for each candidate it left unanswered, marked, with the rule."""
    consultee = Consultee.objects.select_related("agency", "case").get(pk=consultee_id)
    locked = Case.objects.select_for_update().get(pk=consultee.case_id)
    req = CoordinationRequest.objects.select_for_update().get(pk=consultee.request_id)
    consultation = Consultation.objects.select_related("type").get(case=locked)
    if (
        locked.status != "open"
        or not consultation.silence_is_consent
        or not req.is_open
        or req.paused_on is not None
        or req.due_on >= today
    ):
        return 0
    given = set(Opinion.objects.filter(consultee=consultee).values_list("candidate_id", flat=True))
    missing = [c for c in Candidate.objects.filter(case=locked) if c.pk not in given]
    kind = consultation.type
    rule = f"{kind.label}: {rules.rule_text(kind)} — {kind.basis}"[:300]
    now = timezone.now()
    made = [
        Opinion(
            case=locked,
            consultee=consultee,
            candidate=c,
            answer=Answer.AGREE,
            by_silence=True,
            rule=rule,
            answered_at=now,
        )
        for c in missing
    ]
    Opinion.objects.bulk_create(made)
    every = list(Opinion.objects.filter(consultee=consultee))
    _close_request(req, None, every, _("Không trả lời đúng hạn: nhất trí do im lặng theo quy định."))
    timeline.silence(locked, req, candidates=len(made), due=req.due_on)
    notify_after_commit(
        users=[locked.lead_officer],
        kind="reminder",
        code="consultation_silence",
        params={"case": str(locked.pk), "opinions": len(made)},
        link=reverse("cases:case_detail", args=[locked.pk]),
    )
    audit_record(
        action=audit_events.CONSULTATION_SILENCE,
        obj=req,
        related=locked,
        payload={
            "request": str(req.pk),
            "body": consultee.agency.code,
            "candidates": len(made),
            "type": kind.code,
        },
    )
    return len(made)


def silence_sweep(today: date | None = None) -> int:
    """Every consulted body whose period ran out on an open consultation where silence is consent: each
    recorded in its own transaction (the background task's body; tests call it directly)."""
    today = today or timezone.localdate()
    due = Consultee.objects.filter(
        case__status="open",
        case__consultation__silence_is_consent=True,
        request__status__in=(RequestStatus.SENT, RequestStatus.RECEIVED),
        request__paused_on__isnull=True,
        request__due_on__lt=today,
    ).values_list("pk", flat=True)
    return sum(silence_record(consultee_id=pk, today=today) for pk in list(due))


# --- Decision
# ---------------------------------------------------------------------------------------------------


@user_action
def consultation_decide(
    *, actor: Any, case: Case, decision: str, note: str = "", decided_on: date | None = None
) -> Consultation:
    """The asker records the final decision once every consulted body answered (or its silence was recorded,
    or its request was withdrawn); the consultation is then decided."""
    if not can(actor, Action.CHANGE, case) or not has_role(actor, *WORKERS):
        raise PermissionDenied(_("Chỉ chuyên viên, lãnh đạo cơ quan hỏi ý kiến ghi nhận quyết định."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    consultation = Consultation.objects.select_for_update().get(case=locked)
    errors: dict[str, list[str]] = {}
    if locked.status != "open":
        errors["status"] = [_("Hồ sơ không còn ở trạng thái đang hỏi ý kiến.")]
    if decision not in Decision.values:
        errors["decision"] = [_("Cần chọn quyết định.")]
    waiting = Consultee.objects.filter(
        case=locked, request__status__in=(RequestStatus.SENT, RequestStatus.RECEIVED)
    ).select_related("agency")
    if names := sorted(c.agency.code for c in waiting):
        errors["decision"] = [
            _("Còn cơ quan chưa cho ý kiến: %(codes)s (chờ trả lời, hết hạn hoặc rút yêu cầu trước).")
            % {"codes": ", ".join(names)}
        ]
    if not names and not Opinion.objects.filter(case=locked).exists():
        errors["decision"] = [
            _("Chưa có ý kiến nào (mọi yêu cầu đã rút): không ghi quyết định; hãy rút hồ sơ hiệp y.")
        ]
    day = decided_on or timezone.localdate()
    if day > timezone.localdate():
        errors["decided_on"] = [_("Ngày quyết định không thể sau hôm nay.")]
    if len(note) > REASONS:
        errors["note"] = [_("Nội dung dài quá %(n)d ký tự.") % {"n": REASONS}]
    if errors:
        raise ValidationError(errors)
    consultation.decision, consultation.decision_note = decision, note.strip()
    consultation.decided_on, consultation.decided_by = day, actor
    consultation.save(update_fields=["decision", "decision_note", "decided_on", "decided_by"])
    timeline.decided(locked, actor, decision=decision)
    case_services.transition_within(actor=actor, case=locked, name="decide")
    audit_record(
        action=audit_events.CONSULTATION_DECIDE,
        actor=actor,
        obj=locked,
        payload={"decision": decision, "decided_on": day.isoformat()},
    )
    return consultation


def clear_decision(case: Case, *, actor: Any, reason: str) -> set[str]:
    """Effect of reopening: the decision is withdrawn with the state (the case's fields are unchanged)."""
    Consultation.objects.filter(case=case).update(
        decision="", decision_note="", decided_on=None, decided_by=None
    )
    return set()


# --- Rules
# ----------------------------------------------------------------------------------------------------


@user_action
def type_set(
    *,
    actor: Any,
    code: str,
    label: str,
    days: int,
    unit: str,
    silence_is_consent: bool,
    basis: str = "",
    active: bool = True,
) -> ConsultationType:
    """An administrator creates or changes a type (its period and whether silence is consent)."""
    if not has_role(actor, "admin"):
        raise PermissionDenied(_("Chỉ quản trị viên sửa danh mục loại hiệp y, xin ý kiến."))
    errors: dict[str, list[str]] = {}
    if not 1 <= days <= 365:
        errors["days"] = [_("Thời hạn phải từ 1 đến 365 ngày.")]
    if not label.strip():
        errors["label"] = [_("Cần ghi tên loại.")]
    if errors:
        raise ValidationError(errors)
    row = ConsultationType.objects.select_for_update().filter(code=code).first()
    old = (
        {"days": row.days, "unit": row.unit, "silence": row.silence_is_consent, "active": row.active}
        if row
        else {}
    )
    if row is None:
        row = ConsultationType(code=code, position=ConsultationType.objects.count() + 1)
    row.label, row.days, row.unit = label.strip(), days, unit
    row.silence_is_consent, row.basis, row.active = silence_is_consent, basis.strip(), active
    row.save()
    new = {"days": days, "unit": unit, "silence": silence_is_consent, "active": active}
    audit_record(
        action=audit_events.TYPE_CHANGE,
        actor=actor,
        obj=row,
        payload={"what": "type", "key": code, "old": old, "new": new},
    )
    return row
