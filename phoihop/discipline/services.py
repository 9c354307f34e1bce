"""Writes of the discipline kind. A notice is opened by the engine's `case_open` (kind "discipline"; its
details form checks the sanction matrix and the dates) and `on_open` — inside that transaction — checks the
person against the registry (a Party member of that standing, a post they hold), keeps the person as they are
now (management level, post, Party unit) and links them to the case. The steps — record in the dossier (writes
the person's `DisciplineRecord`), each body's acknowledgement, the appeal and its outcome (an annulled or
changed decision is kept beside the new one), closing once the appeal window has passed — have their services
here, each writing its audit event (identifiers, codes and dates only) in its transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role
from phoihop.audit.services import audit_record
from phoihop.cases import services as case_services
from phoihop.cases import timeline as case_timeline
from phoihop.cases.models import Case, CaseSubject, Participant
from phoihop.core.models import Agency
from phoihop.discipline import audit_events, rules, timeline
from phoihop.discipline.choices import AppealOutcome, Origin, SubjectType
from phoihop.discipline.forms import NOT_REGISTERED
from phoihop.discipline.models import Acknowledgement, DisciplineNotice, NotifyBody, Sanction
from phoihop.people import services as person_services
from phoihop.people.choices import PersonStatus
from phoihop.people.models import DisciplineRecord
from phoihop.search.folding import fold_vi
from phoihop.transactions import user_action

KIND = "discipline"
RECEIVED, RECORDED, ACKNOWLEDGED, APPEALED, CLOSED = (
    "received",
    "recorded",
    "acknowledged",
    "appealed",
    "closed",
)
OPENING_ROLES = ("clerk", "officer", "leader")
WORKING_ROLES = ("clerk", "officer", "leader")


# --- Opening (inside case_open)
# -------------------------------------------------------------------------------


def on_open(*, case: Case, details: dict[str, Any], actor: Any) -> None:
    """The kind's on-open hook: the notice's person is checked against the registry and kept as they are now;
    a notice opened by another agency (the Inspection Commission, a State body) is shared with the hub, whose
    Board keeps the cadres' dossiers."""
    if not has_role(actor, *OPENING_ROLES):
        raise PermissionDenied(_("Chỉ văn thư, chuyên viên, lãnh đạo ghi nhận thông báo kỷ luật."))
    notice = DisciplineNotice.objects.select_related("person", "person__unit", "sanction").get(case=case)
    person = notice.person
    if notice.subject_type != SubjectType.ORGANISATION:
        if person is None or not can(actor, Action.VIEW, person):
            raise ValidationError({"person": [NOT_REGISTERED]})
        _check_person(notice)
        notice.management_level = person.management_level
        notice.post = person.position
        notice.unit = person.unit.name if person.unit is not None else ""
        notice.save(update_fields=["management_level", "post", "unit"])
        named = person.full_name
        CaseSubject.objects.create(case=case, person=person)
        case_timeline.subject_added(case, actor, person)
        person_services.case_basis_keep(
            actor=actor, person=person, case=case, owner_agency_id=case.owner_agency_id, closed_on=None
        )
    else:
        named = notice.organisation.strip()
    if case.subject_name != named:
        case.subject_name = named[:200]
        case.save(update_fields=["subject_name"])
    _refuse_duplicate(notice, actor)
    hub = Agency.objects.filter(is_hub=True, active=True).exclude(pk=case.owner_agency_id).first()
    if hub is not None:
        Participant.objects.get_or_create(case=case, agency=hub)
    timeline.opened(case, actor, origin=notice.origin, sanction=notice.sanction.code)
    audit_record(
        action=audit_events.NOTICE_OPEN,
        actor=actor,
        obj=case,
        payload={
            "person": str(person.uuid)
            if person is not None and notice.subject_type != "organisation"
            else None,
            "origin": notice.origin,
            "sanction": notice.sanction.code,
            "decided_on": notice.decided_on.isoformat(),
            "shared_with": hub.code if hub is not None else None,
        },
    )


def _refuse_duplicate(notice: DisciplineNotice, actor: Any) -> None:
    """The same decision (number and day) about the same person or organisation is recorded once."""
    same = DisciplineNotice.objects.filter(decided_on=notice.decided_on).exclude(case_id=notice.case_id)
    if notice.person_id is not None:
        same = same.filter(person_id=notice.person_id)
    else:
        same = same.filter(person__isnull=True)
    number, organisation = fold_vi(notice.decision_number), fold_vi(notice.organisation)
    other = next(
        (
            n
            for n in same.select_related("case")[:50]
            if fold_vi(n.decision_number) == number
            and (notice.person_id is not None or fold_vi(n.organisation) == organisation)
        ),
        None,
    )
    if other is None:
        return
    if can(actor, Action.VIEW, other.case):
        message = _("Quyết định này đã được ghi nhận trong hồ sơ %(number)s.") % {"number": other.case.number}
    else:
        message = _("Quyết định này đã được một cơ quan khác ghi nhận; không ghi nhận lần thứ hai.")
    raise ValidationError({"decision_number": [message]})


def _check_person(notice: DisciplineNotice) -> None:
    """The registry must agree with the notice: a Party member of the standing named (a probationary member is
    not disciplined as a full member), and, for a removal, a post the registry says they hold."""
    person, errors = notice.person, {}
    assert person is not None
    standing: dict[str, str] = {
        PersonStatus.MEMBER: SubjectType.MEMBER,
        PersonStatus.PROBATIONARY: SubjectType.PROBATIONARY,
    }
    if person.status not in standing:
        errors["person"] = [
            _(
                "Sổ đăng ký ghi người này là “%(s)s”, không phải "
                "đảng viên: không ghi thông báo kỷ luật đảng viên."
            )
            % {"s": person.get_status_display()}
        ]
    elif standing[person.status] != notice.subject_type:
        errors["subject_type"] = [
            _("Sổ đăng ký ghi người này là “%(s)s”; hãy chọn đúng đối tượng bị kỷ luật.")
            % {"s": person.get_status_display()}
        ]
    if notice.sanction.needs_post and "person" not in errors:
        held = fold_vi(person.position or "")
        wanted = fold_vi(notice.party_post or "")
        if not held:
            errors["party_post"] = [
                _(
                    "Sổ đăng ký không ghi chức vụ nào của người này: "
                    "không thể “%(s)s” khỏi chức vụ họ không giữ."
                )
                % {"s": notice.sanction.label}
            ]
        elif wanted not in held:
            errors["party_post"] = [
                _("Người này không giữ chức vụ “%(post)s” theo sổ đăng ký (chức vụ hiện nay: %(held)s).")
                % {"post": notice.party_post, "held": person.position}
            ]
    if errors:
        raise ValidationError(errors)


def team_check(case: Case, user: Any) -> list[str]:
    """Who may not handle a notice: the person disciplined (the message names no one)."""
    notice = DisciplineNotice.objects.filter(case=case).select_related("person").first()
    name = fold_vi(user.get_full_name() or "")
    if notice is None or notice.person is None or not name:
        return []
    if notice.person.name_folded == name:
        return [_("Cán bộ này là người bị kỷ luật: không được giao xử lý thông báo.")]
    return []


# --- The steps
# ------------------------------------------------------------------------------------------------


def _locked(actor: Any, case: Case, *states: str) -> tuple[Case, DisciplineNotice]:
    locked = Case.objects.select_for_update().select_related("owner_agency").get(pk=case.pk)
    if locked.kind != KIND:
        raise ValidationError({"case": [_("Hồ sơ này không phải thông báo kỷ luật.")]})
    if not can(actor, Action.CHANGE, locked) or not has_role(actor, *WORKING_ROLES):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan chủ trì xử lý thông báo kỷ luật."))
    if states and locked.status not in states:
        raise ValidationError(
            {
                "status": [
                    _("Không thực hiện được khi thông báo đang ở trạng thái “%(s)s”.")
                    % {"s": locked.state_label}
                ]
            }
        )
    notice = DisciplineNotice.objects.select_related("person", "sanction", "record").get(case=locked)
    if notice.person is not None and notice.person.name_folded == fold_vi(actor.get_full_name() or ""):
        raise PermissionDenied(_("Bạn là người bị kỷ luật: không được xử lý thông báo này."))
    return locked, notice


@user_action
def record(*, actor: Any, case: Case) -> DisciplineNotice:
    """The notice recorded in the person's dossier (their DisciplineRecord, which every later vetting and
    consultation shows) and the bodies that must know laid out, each to acknowledge."""
    locked, notice = _locked(actor, case, RECEIVED)
    if notice.person is not None:
        notice.record = DisciplineRecord.objects.create(
            person=notice.person,
            form=notice.sanction.label,
            decided_on=notice.decided_on,
            authority=notice.deciding_body,
        )
    notice.recorded_on = timezone.localdate()
    notice.save(update_fields=["record", "recorded_on"])
    bodies = list(NotifyBody.objects.filter(active=True))
    Acknowledgement.objects.bulk_create([Acknowledgement(case=locked, body=b) for b in bodies])
    case_services.transition_within(actor=actor, case=locked, name="record")
    if not bodies:
        case_services.transition_within(actor=actor, case=locked, name="acknowledge")
    audit_record(
        action=audit_events.NOTICE_RECORD,
        actor=actor,
        obj=locked,
        payload={"record": notice.record_id, "bodies": [b.code for b in bodies]},
    )
    return notice


@user_action
def acknowledge(
    *, actor: Any, ack: Acknowledgement, acknowledged_on: date, reference: str = ""
) -> Acknowledgement:
    """A body confirmed it knows of the discipline; when the last one has, the notice is acknowledged."""
    locked, notice = _locked(actor, ack.case, RECORDED)
    row = Acknowledgement.objects.select_for_update().select_related("body").get(pk=ack.pk, case=locked)
    if row.acknowledged_on is not None:
        raise ValidationError({"acknowledged_on": [_("Nơi này đã xác nhận nắm thông báo.")]})
    if acknowledged_on > timezone.localdate():
        raise ValidationError({"acknowledged_on": [_("Ngày xác nhận không thể sau hôm nay.")]})
    if acknowledged_on < notice.decided_on:
        raise ValidationError({"acknowledged_on": [_("Ngày xác nhận không thể trước ngày quyết định.")]})
    row.acknowledged_on, row.reference, row.by = acknowledged_on, reference.strip()[:200], actor
    row.save(update_fields=["acknowledged_on", "reference", "by"])
    timeline.acknowledged(locked, actor, body=row.body.code)
    if not Acknowledgement.objects.filter(case=locked, acknowledged_on__isnull=True).exists():
        case_services.transition_within(actor=actor, case=locked, name="acknowledge")
    audit_record(
        action=audit_events.NOTICE_ACK,
        actor=actor,
        obj=locked,
        payload={"notified": row.body.code, "on": acknowledged_on.isoformat()},
    )
    return row


@user_action
def appeal(*, actor: Any, case: Case, filed_on: date, late_reason: str = "") -> DisciplineNotice:
    """The disciplined person or organisation appealed. After the appeal window it is taken only with the
    reason it was accepted late (the competent body decides; the window is advice the notice shows)."""
    locked, notice = _locked(actor, case, RECORDED, ACKNOWLEDGED)
    today, until = timezone.localdate(), rules.appeal_until(notice, rules.policy())
    if filed_on > today:
        raise ValidationError({"filed_on": [_("Ngày khiếu nại không thể sau hôm nay.")]})
    if filed_on < notice.decided_on:
        raise ValidationError({"filed_on": [_("Ngày khiếu nại không thể trước ngày quyết định.")]})
    late = filed_on > until
    if late and not late_reason.strip():
        raise ValidationError(
            {
                "late_reason": [
                    _(
                        "Khiếu nại sau thời hạn (đến %(day)s): cần ghi "
                        "lý do cấp có thẩm quyền vẫn nhận giải quyết."
                    )
                    % {"day": until.strftime("%d/%m/%Y")}
                ]
            }
        )
    notice.appeal_filed_on, notice.appeal_late_reason = filed_on, late_reason.strip() if late else ""
    notice.save(update_fields=["appeal_filed_on", "appeal_late_reason"])
    name = "appeal" if locked.status == ACKNOWLEDGED else "appeal_early"
    case_services.transition_within(
        actor=actor,
        case=locked,
        name=name,
        reason=_("Khiếu nại ngày %(day)s") % {"day": filed_on.strftime("%d/%m/%Y")},
    )
    audit_record(
        action=audit_events.NOTICE_APPEAL,
        actor=actor,
        obj=locked,
        payload={"filed_on": filed_on.isoformat(), "late": late},
    )
    return notice


@user_action
def appeal_decide(
    *,
    actor: Any,
    case: Case,
    outcome: str,
    decided_on: date,
    body: str,
    reasons: str,
    sanction: Sanction | None = None,
) -> DisciplineNotice:
    """The appeal's outcome. Upheld: the discipline stands. Annulled: the person's record is marked annulled
    (kept, the dossier shows both). Changed: the record is annulled and replaced by one of the new sanction
    (which must fit the matrix as the first did)."""
    locked, notice = _locked(actor, case, APPEALED)
    errors: dict[str, list[str]] = {}
    if outcome not in AppealOutcome.values:
        errors["outcome"] = [_("Cần chọn kết quả giải quyết khiếu nại.")]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("Ngày giải quyết không thể sau hôm nay.")]
    elif notice.appeal_filed_on and decided_on < notice.appeal_filed_on:
        errors["decided_on"] = [_("Ngày giải quyết không thể trước ngày khiếu nại.")]
    if not body.strip():
        errors["body"] = [_("Cần ghi cơ quan giải quyết khiếu nại.")]
    if not reasons.strip():
        errors["reasons"] = [_("Cần ghi lý do, căn cứ giải quyết khiếu nại.")]
    if outcome == AppealOutcome.CHANGED:
        from phoihop.discipline.forms import check_matrix

        if sanction is None:
            errors["sanction"] = [_("Thay đổi hình thức kỷ luật: cần chọn hình thức mới.")]
        elif sanction.pk == notice.sanction_id:
            errors["sanction"] = [_("Hình thức mới trùng hình thức đã quyết định; chọn “Giữ nguyên”.")]
        else:
            found = check_matrix(
                {
                    "sanction": sanction,
                    "subject_type": notice.subject_type,
                    "origin": notice.origin,
                    "party_post": notice.party_post,
                    "organisation": notice.organisation,
                    "person": notice.person,
                }
            )
            if found:
                errors["sanction"] = [m for ms in found.values() for m in ms]
    elif sanction is not None:
        errors["sanction"] = [_("Chỉ chọn hình thức mới khi thay đổi hình thức kỷ luật.")]
    if errors:
        raise ValidationError(errors)
    notice.appeal_outcome, notice.appeal_decided_on = outcome, decided_on
    notice.appeal_body, notice.appeal_reasons = body.strip()[:200], reasons.strip()
    notice.appeal_sanction = sanction if outcome == AppealOutcome.CHANGED else None
    old = notice.record
    if old is not None and outcome != AppealOutcome.UPHELD:
        old.annulled_on = decided_on
        if outcome == AppealOutcome.CHANGED:
            assert sanction is not None
            old.replaced_by = DisciplineRecord.objects.create(
                person=old.person, form=sanction.label, decided_on=decided_on, authority=body.strip()[:200]
            )
        old.save(update_fields=["annulled_on", "replaced_by"])
    notice.save(
        update_fields=[
            "appeal_outcome",
            "appeal_decided_on",
            "appeal_body",
            "appeal_reasons",
            "appeal_sanction",
        ]
    )
    said = str(AppealOutcome(outcome).label)
    if sanction is not None and outcome == AppealOutcome.CHANGED:
        said = f"{said}: {notice.sanction.label} → {sanction.label}"
    case_services.transition_within(actor=actor, case=locked, name="appeal_decide", reason=said)
    audit_record(
        action=audit_events.NOTICE_APPEAL_DECIDE,
        actor=actor,
        obj=locked,
        payload={
            "outcome": outcome,
            "sanction": sanction.code if sanction is not None else None,
            "record": old.pk if old is not None else None,
            "decided_on": decided_on.isoformat(),
        },
    )
    return notice


@user_action
def close(*, actor: Any, case: Case) -> DisciplineNotice:
    """Closed once every body acknowledged and the appeal window has passed with no appeal."""
    locked, notice = _locked(actor, case, ACKNOWLEDGED)
    until = rules.appeal_until(notice, rules.policy())
    if timezone.localdate() <= until:
        raise ValidationError(
            {
                "status": [
                    _("Còn trong thời hạn khiếu nại (đến %(day)s): chưa kết thúc thông báo.")
                    % {"day": until.strftime("%d/%m/%Y")}
                ]
            }
        )
    case_services.transition_within(actor=actor, case=locked, name="close")
    audit_record(
        action=audit_events.NOTICE_CLOSE, actor=actor, obj=locked, payload={"appeal_until": until.isoformat()}
    )
    return notice


# --- Rules (administrators)
# --------------------------------------------------------------------------------------


def _admin(actor: Any) -> None:
    if not has_role(actor, "admin"):
        raise PermissionDenied(_("Chỉ quản trị viên sửa quy định thông báo kỷ luật."))


@user_action
def sanction_set(*, actor: Any, code: str, **fields: Any) -> Sanction:
    """Create or change one sanction of the matrix."""
    _admin(actor)
    if fields.get("regime") not in Origin.values:
        raise ValidationError({"regime": [_("Loại kỷ luật không hợp lệ.")]})
    if not (fields.get("for_member") or fields.get("for_probationary") or fields.get("for_organisation")):
        raise ValidationError({"for_member": [_("Hình thức phải áp dụng với ít nhất một đối tượng.")]})
    row = Sanction.objects.select_for_update().filter(code=code).first()
    old = {k: getattr(row, k) for k in fields} if row is not None else {}
    if row is None:
        row = Sanction.objects.create(code=code, position=Sanction.objects.count() + 1, **fields)
    else:
        for k, v in fields.items():
            setattr(row, k, v)
        row.save()
    changed = sorted(k for k in fields if old.get(k) != fields[k] and k not in ("label", "basis"))
    audit_record(
        action=audit_events.RULE_CHANGE,
        actor=actor,
        obj=row,
        payload={"what": "sanction", "key": code, "fields": changed, "new": row.limitation_years},
    )
    return row


@user_action
def policy_set(*, actor: Any, **fields: Any) -> Any:
    _admin(actor)
    policy = rules.policy()
    changed = sorted(k for k, v in fields.items() if getattr(policy, k) != v and k != "basis")
    for k, v in fields.items():
        setattr(policy, k, v)
    policy.save()
    audit_record(
        action=audit_events.RULE_CHANGE,
        actor=actor,
        obj=policy,
        payload={"what": "policy", "key": "policy", "fields": changed, "new": policy.appeal_days},
    )
    return policy
