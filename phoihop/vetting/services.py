"""Writes of the vetting kind. A vetting is opened by the engine's `case_open` (kind "vetting"; its details
form checks the fields) and `on_open` — inside that transaction — writes the rest: the subject linked to the
case, the management level and who concludes, the dossier checklist. The steps of the flow — dossier, findings
with their sources, the subject's explanations, verifiers, appraisal, the leader's approval, the Standing
Committee's decision, reuse of a recent conclusion — have their services here; batches and their dispatches
are in `vetting.batches`. Each writes its audit event and timeline line in its transaction (identifiers and
codes only: docs/vetting.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role
from phoihop.audit.services import audit_record
from phoihop.cases import services as case_services
from phoihop.cases import timeline as case_timeline
from phoihop.cases.choices import RequestStatus
from phoihop.cases.models import Case, CaseSubject, CoordinationRequest
from phoihop.documents.models import Document
from phoihop.people import services as person_services
from phoihop.people.bases import add_months
from phoihop.people.models import Person, Relative
from phoihop.transactions import user_action
from phoihop.vetting import audit_events, rules, timeline
from phoihop.vetting.choices import (
    Concluder,
    DossierStatus,
    FindingGroup,
    Flag,
    SourceKind,
    Verdict,
    VerifierPlace,
)
from phoihop.vetting.forms import NOT_REGISTERED
from phoihop.vetting.models import ChecklistItem, DossierItem, Finding, FindingExplanation, Verifier, Vetting

KIND = "vetting"
OPEN, APPRAISED, SUBMITTED, CONCLUDED = "open", "appraised", "submitted", "concluded"
OPENING_ROLES = ("clerk", "officer", "leader")
WORKING_ROLES = ("officer", "leader")


# --- Opening (inside case_open)
# -------------------------------------------------------------------------------


def on_open(*, case: Case, details: dict[str, Any], actor: Any) -> None:
    """The kind's on-open hook: the hub opens a vetting of a person it may see in the registry; the subject is
    linked, their management level kept (it decides who concludes), the purpose's checklist laid out."""
    if not has_role(actor, *OPENING_ROLES):
        raise PermissionDenied(_("Chỉ văn thư, chuyên viên, lãnh đạo Ban Tổ chức mở hồ sơ thẩm định."))
    if not case.owner_agency.is_hub:
        raise PermissionDenied(_("Hồ sơ thẩm định tiêu chuẩn chính trị do Ban Tổ chức (cơ quan đầu mối) mở."))
    vetting = Vetting.objects.select_related("person", "purpose").get(case=case)
    person = vetting.person
    if not can(actor, Action.VIEW, person):
        raise ValidationError({"person": [NOT_REGISTERED]})
    vetting.management_level = person.management_level
    vetting.concluder = rules.concluder_for(person.management_level)
    vetting.save(update_fields=["management_level", "concluder"])
    if case.subject_name != person.full_name:  # the person vetted is named as the registry names them
        case.subject_name = person.full_name
        case.save(update_fields=["subject_name"])
    # the subject linked as case_open links its subjects (a user action may not call case_subject_add)
    CaseSubject.objects.create(case=case, person=person)
    case_timeline.subject_added(case, actor, person)
    person_services.case_basis_keep(
        actor=actor, person=person, case=case, owner_agency_id=case.owner_agency_id, closed_on=None
    )
    items = list(ChecklistItem.objects.filter(purpose=vetting.purpose))
    DossierItem.objects.bulk_create([DossierItem(case=case, item=i) for i in items])
    timeline.opened(case, actor, purpose=vetting.purpose.code, concluder=vetting.concluder, items=len(items))
    audit_record(
        action=audit_events.VETTING_OPEN,
        actor=actor,
        obj=case,
        payload={
            "person": str(person.uuid),
            "purpose": vetting.purpose.code,
            "concluder": vetting.concluder,
            "level": vetting.management_level,
        },
    )


def team_check(case: Case, user: Any) -> list[str]:
    """Who may not handle a vetting: the subject, or a relative of the subject (by the registry's relatives,
    linked or by name). The message names no one."""
    vetting = Vetting.objects.filter(case=case).select_related("person").first()
    name = user.get_full_name()
    if vetting is None or not name:
        return []
    if _related(vetting.person, name_folded=_fold(name)):
        return [_("Cán bộ này là người được thẩm định hoặc người thân của họ: không được giao xử lý.")]
    return []


def _fold(text: str) -> str:
    from phoihop.search.folding import fold_vi

    return fold_vi(text)


def _related(subject: Person, *, other: Person | None = None, name_folded: str = "") -> bool:
    """Whether `other` (a registry person) or someone named `name_folded` is the subject or a close relative
    of the subject (either record naming the other as a relative)."""
    if other is not None:
        if other.pk == subject.pk:
            return True
        named = Q(linked_person=other) | Q(name_folded=other.name_folded, birth_year=other.birth_year)
        if other.birth_year is None:
            named |= Q(name_folded=other.name_folded)
        mirrored = Q(person=other) & (
            Q(linked_person=subject) | Q(name_folded=subject.name_folded, birth_year=subject.birth_year)
        )
        return Relative.objects.filter((Q(person=subject) & named) | mirrored).exists()
    if name_folded and subject.name_folded == name_folded:
        return True
    return bool(name_folded) and Relative.objects.filter(person=subject, name_folded=name_folded).exists()


# --- The steps
# ------------------------------------------------------------------------------------------------


def _locked(actor: Any, case: Case, *states: str) -> tuple[Case, Vetting]:
    locked = Case.objects.select_for_update().select_related("owner_agency").get(pk=case.pk)
    if locked.kind != KIND:
        raise ValidationError({"case": [_("Hồ sơ này không phải hồ sơ thẩm định.")]})
    if not can(actor, Action.CHANGE, locked) or not has_role(actor, *WORKING_ROLES):
        raise PermissionDenied(_("Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì xử lý hồ sơ thẩm định."))
    if states and locked.status not in states:
        raise ValidationError(
            {
                "status": [
                    _("Không thực hiện được khi hồ sơ đang ở trạng thái “%(s)s”.") % {"s": locked.state_label}
                ]
            }
        )
    vetting = Vetting.objects.select_related("purpose", "person").get(case=locked)
    if _related(vetting.person, name_folded=_fold(actor.get_full_name() or "")):
        raise PermissionDenied(
            _("Bạn là người được thẩm định hoặc người thân của họ: không được xử lý hồ sơ thẩm định này.")
        )
    return locked, vetting


@user_action
def dossier_set(
    *, actor: Any, item: DossierItem, status: str, received_on: Any = None, expires_on: Any = None
) -> DossierItem:
    """A paper of the checklist received (its date; its expiry when the paper expires), missing or expired."""
    locked, _v = _locked(actor, item.case, OPEN)
    row = DossierItem.objects.select_related("item").select_for_update().get(pk=item.pk, case=locked)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if status not in DossierStatus.values:
        errors["status"] = [_("Tình trạng tài liệu không hợp lệ.")]
    if status == DossierStatus.RECEIVED:
        if received_on is None:
            errors["received_on"] = [_("Cần ghi ngày nhận tài liệu.")]
        elif received_on > today:
            errors["received_on"] = [_("Ngày nhận không thể sau hôm nay.")]
        if expires_on is None and received_on is not None and row.item.valid_months:
            expires_on = add_months(received_on, row.item.valid_months)
        if expires_on is not None and received_on is not None and expires_on < received_on:
            errors["expires_on"] = [_("Ngày hết hiệu lực không thể trước ngày nhận.")]
    if errors:
        raise ValidationError(errors)
    if status == DossierStatus.RECEIVED and expires_on is not None and expires_on < today:
        status = DossierStatus.EXPIRED
    row.status = status
    row.received_on = received_on if status != DossierStatus.MISSING else None
    row.expires_on = expires_on if status != DossierStatus.MISSING else None
    row.save(update_fields=["status", "received_on", "expires_on"])
    timeline.dossier(locked, actor, item=str(row.item_id), status=status)
    audit_record(
        action=audit_events.VETTING_DOSSIER,
        actor=actor,
        obj=locked,
        payload={"item": row.item.code, "status": status},
    )
    return row


def dossier_gaps(case: Case) -> list[str]:
    """The checklist's papers missing or expired today (labels)."""
    today = timezone.localdate()
    rows = DossierItem.objects.filter(case=case).select_related("item")
    return [
        r.item.label
        for r in rows
        if r.status != DossierStatus.RECEIVED or (r.expires_on is not None and r.expires_on < today)
    ]


@user_action
def finding_add(
    *,
    actor: Any,
    case: Case,
    group: str,
    text: str,
    flags: list[str] | None = None,
    source_kind: str = "",
    source_request: Any = None,
    source_document: Any = None,
    source_note: str = "",
) -> Finding:
    """A finding in one of the two groups, citing its source: an answered request of this case, a document of
    this case, or a dossier paper / verifier's report described in `source_note`."""
    locked, _v = _locked(actor, case, OPEN)
    flags = list(flags or [])
    errors: dict[str, list[str]] = {}
    if group not in FindingGroup.values:
        errors["group"] = [_("Cần chọn nhóm: lịch sử chính trị hoặc chính trị hiện nay.")]
    if bad := [f for f in flags if f not in Flag.values]:
        errors["flags"] = [_("Đánh dấu không hợp lệ: %(f)s.") % {"f": ", ".join(bad)}]
    if not text.strip():
        errors["text"] = [_("Cần ghi nội dung kết quả thẩm tra.")]
    request = document = None
    if source_kind == SourceKind.REPLY:
        request = (
            CoordinationRequest.objects.filter(
                pk=source_request, case=locked, status=RequestStatus.ANSWERED
            ).first()
            if source_request
            else None
        )
        if request is None:
            errors["source_request"] = [
                _("Cần chọn một trả lời đã nhận của cơ quan phối hợp trong hồ sơ này.")
            ]
    elif source_kind == SourceKind.DOCUMENT:
        document = (
            Document.objects.filter(pk=source_document, case=locked).first() if source_document else None
        )
        if document is None or not can(actor, Action.VIEW, document):
            errors["source_document"] = [_("Cần chọn một văn bản của hồ sơ này.")]
    elif source_kind in (SourceKind.DOSSIER, SourceKind.VERIFIER):
        if not source_note.strip():
            errors["source_note"] = [_("Cần ghi rõ tài liệu hoặc báo cáo được trích dẫn.")]
    else:
        errors["source_kind"] = [
            _(
                "Kết quả thẩm tra phải nêu nguồn: trả lời của cơ quan phối hợp, văn bản trong hồ sơ, tài "
                "liệu hồ sơ nhân sự hoặc báo cáo của người đi xác minh."
            )
        ]
    if errors:
        raise ValidationError(errors)
    row = Finding.objects.create(
        case=locked,
        group=group,
        flags=flags,
        text=text.strip(),
        source_kind=source_kind,
        source_request=request,
        source_document=document,
        source_note=source_note.strip(),
        recorded_by=actor,
    )
    timeline.finding(locked, actor, group=group, flags=flags, source=source_kind)
    audit_record(
        action=audit_events.VETTING_FINDING,
        actor=actor,
        obj=locked,
        payload={
            "finding": str(row.pk),
            "group": group,
            "flags": flags,
            "source": source_kind,
            "request": str(request.pk) if request else None,
            "document": str(document.pk) if document else None,
        },
    )
    return row


@user_action
def explanation_add(*, actor: Any, finding: Finding, text: str, given_on: Any) -> FindingExplanation:
    """The subject's explanation (giải trình) of a finding, with its day."""
    locked, _v = _locked(actor, finding.case, OPEN, APPRAISED)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Cần ghi nội dung giải trình.")]
    if given_on is None or given_on > timezone.localdate():
        errors["given_on"] = [_("Ngày giải trình không thể sau hôm nay.")]
    if errors:
        raise ValidationError(errors)
    row = FindingExplanation.objects.create(
        finding=finding, case=locked, text=text.strip(), given_on=given_on, recorded_by=actor
    )
    timeline.explanation(locked, actor, given_on=given_on)
    audit_record(
        action=audit_events.VETTING_EXPLANATION,
        actor=actor,
        obj=locked,
        payload={"finding": str(finding.pk), "given_on": given_on.isoformat()},
    )
    return row


@user_action
def verifier_add(*, actor: Any, case: Case, person: Person, place: str) -> Verifier:
    """Send a registry person to verify at the residence or workplace: never the subject nor a close relative
    of the subject."""
    locked, vetting = _locked(actor, case, OPEN)
    if not can(actor, Action.VIEW, person):
        raise ValidationError({"person": [NOT_REGISTERED]})
    errors: dict[str, list[str]] = {}
    if place not in VerifierPlace.values:
        errors["place"] = [_("Nơi xác minh không hợp lệ.")]
    if _related(vetting.person, other=person):
        errors["person"] = [
            _(
                "Người đi xác minh không được là người được thẩm định hoặc "
                "người thân của người được thẩm định."
            )
        ]
    elif Verifier.objects.filter(case=locked, person=person).exists():
        errors["person"] = [_("Người này đã được giao xác minh trong hồ sơ.")]
    if errors:
        raise ValidationError(errors)
    row = Verifier.objects.create(
        case=locked, person=person, place=place, assigned_on=timezone.localdate(), assigned_by=actor
    )
    timeline.verifier(locked, actor, place=place)
    audit_record(
        action=audit_events.VETTING_VERIFIER,
        actor=actor,
        obj=locked,
        payload={"person": str(person.uuid), "place": place},
    )
    return row


def _appraisal_errors(
    case: Case, history_issue: Any, current_issue: Any, verdict: str, reasons: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if history_issue is None:
        errors["history_issue"] = [_("Cần kết luận có hay không có vấn đề về lịch sử chính trị.")]
    if current_issue is None:
        errors["current_issue"] = [_("Cần kết luận có hay không có vấn đề về chính trị hiện nay.")]
    if verdict not in Verdict.values:
        errors["verdict"] = [_("Cần chọn: đủ, không đủ hoặc chưa đủ cơ sở kết luận tiêu chuẩn chính trị.")]
    if not reasons.strip():
        errors["reasons"] = [_("Cần ghi lý do của kết luận.")]
    for group, flagged in ((FindingGroup.HISTORY, history_issue), (FindingGroup.CURRENT, current_issue)):
        if flagged and not Finding.objects.filter(case=case, group=group).exists():
            errors.setdefault(f"{group}_issue", []).append(
                _("Kết luận có vấn đề về %(g)s cần ít nhất một kết quả thẩm tra có nguồn trong nhóm này.")
                % {"g": FindingGroup(group).label.lower()}
            )
    if verdict and verdict != Verdict.INSUFFICIENT and (gaps := dossier_gaps(case)):
        errors["verdict"] = [
            _("Hồ sơ còn thiếu hoặc hết hiệu lực: %(items)s. Chỉ có thể đề xuất “chưa đủ cơ sở kết luận”.")
            % {"items": "; ".join(gaps)}
        ]
    return errors


@user_action
def appraise(
    *, actor: Any, case: Case, history_issue: Any, current_issue: Any, verdict: str, reasons: str
) -> Vetting:
    """The Board's appraisal: its proposed conclusion in both groups and on the standard, with reasons; the
    case waits for the leader. Every request must have been answered or withdrawn (the workflow's guard)."""
    locked, vetting = _locked(actor, case, OPEN)
    if errors := _appraisal_errors(locked, history_issue, current_issue, verdict, reasons):
        raise ValidationError(errors)
    vetting.history_issue, vetting.current_issue = history_issue, current_issue
    vetting.verdict, vetting.reasons = verdict, reasons.strip()
    vetting.appraised_on, vetting.appraised_by = timezone.localdate(), actor
    vetting.save(
        update_fields=["history_issue", "current_issue", "verdict", "reasons", "appraised_on", "appraised_by"]
    )
    case_services.transition_within(
        actor=actor, case=locked, name="appraise", reason=str(Verdict(verdict).label)
    )
    _tell_leaders(locked, actor)
    audit_record(
        action=audit_events.VETTING_APPRAISE,
        actor=actor,
        obj=locked,
        payload={"history": history_issue, "current": current_issue, "verdict": verdict},
    )
    return vetting


def _tell_leaders(case: Case, actor: Any) -> None:
    """After commit: the owner agency's leaders who may see the case (other than the actor) are told an
    appraisal awaits their approval."""
    from django.db import transaction
    from django.urls import reverse

    from phoihop.core.models import User
    from phoihop.notify.services import notify

    def tell() -> None:
        leaders = User.objects.filter(
            agency_id=case.owner_agency_id, is_active=True, roles__code="leader"
        ).distinct()
        notify(
            users=[u for u in leaders if u.pk != actor.pk and can(u, Action.VIEW, case)],
            kind="case",
            code="vetting_to_approve",
            params={"case": str(case.pk)},
            link=reverse("cases:case_detail", args=[case.pk]),
        )

    transaction.on_commit(tell)


def _conclude(vetting: Vetting, locked: Case, actor: Any, on: Any) -> None:
    vetting.concluded_on = on
    vetting.valid_until = rules.valid_until(vetting.purpose, on)
    vetting.save(update_fields=["concluded_on", "valid_until"])


@user_action
def approve(*, actor: Any, case: Case, comment: str = "") -> Vetting:
    """The leader approves the appraisal. A subject the Board's leader concludes for is concluded now; one the
    Standing Committee concludes for is submitted to it (the Board then records its decision)."""
    locked, vetting = _locked(actor, case, APPRAISED)
    if not has_role(actor, "leader"):
        raise PermissionDenied(_("Chỉ lãnh đạo duyệt kết luận thẩm định."))
    if vetting.appraised_by_id == actor.pk:
        raise PermissionDenied(_("Người thẩm định không tự duyệt đề xuất của mình; lãnh đạo khác duyệt."))
    if vetting.verdict != Verdict.INSUFFICIENT and (gaps := dossier_gaps(locked)):
        raise ValidationError(
            {
                "verdict": [
                    _("Hồ sơ còn thiếu hoặc hết hiệu lực: %(items)s. Hãy trả lại để thẩm tra thêm.")
                    % {"items": "; ".join(gaps)}
                ]
            }
        )
    today = timezone.localdate()
    vetting.approved_on, vetting.approved_by = today, actor
    vetting.approval_comment = comment.strip()
    vetting.save(update_fields=["approved_on", "approved_by", "approval_comment"])
    verdict = str(Verdict(vetting.verdict).label)
    if vetting.concluder == Concluder.STANDING:
        case_services.transition_within(actor=actor, case=locked, name="submit", reason=verdict)
    else:
        _conclude(vetting, locked, actor, today)
        case_services.transition_within(
            actor=actor,
            case=locked,
            name="approve",
            reason=verdict,
        )
    audit_record(
        action=audit_events.VETTING_APPROVE,
        actor=actor,
        obj=locked,
        payload={"concluder": vetting.concluder, "verdict": vetting.verdict},
    )
    return vetting


@user_action
def decision_record(
    *, actor: Any, case: Case, decision_number: str, decision_on: Any, verdict: str
) -> Vetting:
    """The Standing Committee decided on the Board's submission: its document's number and day, and its
    conclusion (which may differ from the Board's proposal)."""
    locked, vetting = _locked(actor, case, SUBMITTED)
    errors: dict[str, list[str]] = {}
    if not decision_number.strip():
        errors["decision_number"] = [_("Cần ghi số văn bản của Ban Thường vụ.")]
    if decision_on is None or decision_on > timezone.localdate():
        errors["decision_on"] = [_("Ngày quyết định không thể sau hôm nay.")]
    elif vetting.approved_on and decision_on < vetting.approved_on:
        errors["decision_on"] = [_("Ngày quyết định không thể trước ngày Ban Tổ chức trình.")]
    if verdict not in Verdict.values:
        errors["verdict"] = [_("Cần chọn kết luận của Ban Thường vụ.")]
    if errors:
        raise ValidationError(errors)
    proposed = vetting.verdict
    vetting.decision_number, vetting.decision_on, vetting.verdict = (
        decision_number.strip(),
        decision_on,
        verdict,
    )
    vetting.save(update_fields=["decision_number", "decision_on", "verdict"])
    _conclude(vetting, locked, actor, decision_on)
    case_services.transition_within(
        actor=actor, case=locked, name="decide", reason=str(Verdict(verdict).label)
    )
    audit_record(
        action=audit_events.VETTING_DECISION,
        actor=actor,
        obj=locked,
        payload={"decision_on": decision_on.isoformat(), "verdict": verdict, "proposed": proposed},
    )
    return vetting


def reusable(case: Case, user: Any) -> list[Vetting]:
    """Earlier conclusions for the same person still valid today, the user may see (newest first)."""
    from phoihop.access.policy import restrict

    vetting = Vetting.objects.filter(case=case).first()
    if vetting is None:
        return []
    return list(
        restrict(Vetting.objects.all(), user)
        .filter(person_id=vetting.person_id, case__status=CONCLUDED, valid_until__gte=timezone.localdate())
        .exclude(case=case)
        .select_related("case", "purpose")
        .order_by("-concluded_on")[:5]
    )


@user_action
def reuse(*, actor: Any, case: Case, source: Any, justification: str) -> Vetting:
    """Reuse a recent conclusion for the same person (reciprocity): its appraisal is copied with the recorded
    justification and the case waits for the leader as after an appraisal. An expired conclusion is not
    reused."""
    locked, vetting = _locked(actor, case, OPEN)
    found = next((v for v in reusable(locked, actor) if str(v.case_id) == str(source)), None)
    errors: dict[str, list[str]] = {}
    if found is None:
        errors["source"] = [
            _("Chỉ dùng lại kết luận đã có của chính người này, còn thời hạn sử dụng và bạn được xem.")
        ]
    if not justification.strip():
        errors["justification"] = [_("Cần ghi lý do dùng lại kết luận.")]
    if errors:
        raise ValidationError(errors)
    assert found is not None
    vetting.history_issue, vetting.current_issue = found.history_issue, found.current_issue
    vetting.verdict, vetting.reasons = found.verdict, found.reasons
    vetting.reused_from, vetting.reuse_justification = found, justification.strip()
    vetting.appraised_on, vetting.appraised_by = timezone.localdate(), actor
    vetting.save(
        update_fields=[
            "history_issue",
            "current_issue",
            "verdict",
            "reasons",
            "reused_from",
            "reuse_justification",
            "appraised_on",
            "appraised_by",
        ]
    )
    case_services.transition_within(actor=actor, case=locked, name="appraise", reason="")
    audit_record(
        action=audit_events.VETTING_REUSE,
        actor=actor,
        obj=locked,
        payload={"source": found.case.number, "verdict": found.verdict},
    )
    return vetting


def clear_appraisal(case: Any, *, actor: Any, reason: str) -> list[str]:
    """Effect of "return" and "reopen": the proposal no longer stands (lists and reports stop counting it); it
    stays in the timeline and the state changes, and the reasons stay as the officer's draft."""
    Vetting.objects.filter(case_id=case.pk).update(
        verdict="", history_issue=None, current_issue=None, appraised_on=None, appraised_by=None
    )
    return []


def clear_conclusion(case: Any, *, actor: Any, reason: str) -> list[str]:
    """Effect of "reopen": the vetting has no conclusion any more (the earlier one stays in the timeline and
    the state changes); it is appraised and approved again."""
    Vetting.objects.filter(case_id=case.pk).update(
        concluded_on=None,
        valid_until=None,
        approved_on=None,
        approved_by=None,
        decision_number="",
        decision_on=None,
    )
    case.outcome = ""
    return ["outcome"]


# --- Rules
# ----------------------------------------------------------------------------------------------------


def _admin(actor: Any) -> None:
    if not has_role(actor, "admin"):
        raise PermissionDenied(_("Chỉ quản trị viên sửa quy định thẩm định."))


@user_action
def purpose_set(
    *,
    actor: Any,
    code: str,
    label: str,
    validity_months: int,
    checklist: list[tuple[str, str, int]],
    active: bool,
    basis: str,
) -> Any:
    """An administrator adds or changes a purpose and its checklist (papers already laid out in open vettings
    stay; a paper removed from the list is kept where it was used)."""
    from phoihop.vetting.models import Purpose

    _admin(actor)
    purpose, created = Purpose.objects.get_or_create(
        code=code,
        defaults={"label": label, "validity_months": validity_months, "basis": basis, "active": active},
    )
    old = "" if created else f"{purpose.validity_months}m {purpose.checklist.count()} items"
    purpose.label, purpose.validity_months, purpose.basis, purpose.active = (
        label,
        validity_months,
        basis,
        active,
    )
    purpose.save()
    used = set(DossierItem.objects.filter(item__purpose=purpose).values_list("item__code", flat=True))
    keep = {c for c, _l, _m in checklist}
    ChecklistItem.objects.filter(purpose=purpose).exclude(code__in=keep | used).delete()
    for position, (item_code, item_label, months) in enumerate(checklist, 1):
        ChecklistItem.objects.update_or_create(
            purpose=purpose,
            code=item_code,
            defaults={"label": item_label, "valid_months": months, "position": position},
        )
    audit_record(
        action=audit_events.RULE_CHANGE,
        actor=actor,
        obj=purpose,
        payload={
            "what": "purpose",
            "key": code,
            "old": old,
            "new": f"{validity_months}m {len(checklist)} items",
        },
    )
    return purpose


@user_action
def concluder_set(*, actor: Any, management_level: str, concluder: str) -> Any:
    from phoihop.people.choices import ManagementLevel
    from phoihop.vetting.models import ConcluderRule

    _admin(actor)
    if management_level not in ManagementLevel.values:
        raise ValidationError({"management_level": [_("Diện quản lý không hợp lệ.")]})
    old = rules.concluder_for(management_level)
    row, _created = ConcluderRule.objects.update_or_create(
        management_level=management_level, defaults={"concluder": concluder}
    )
    audit_record(
        action=audit_events.RULE_CHANGE,
        actor=actor,
        obj=row,
        payload={"what": "concluder", "key": management_level, "old": old, "new": concluder},
    )
    return row


def _policy_code(p: Any) -> str:
    numbers = (
        p.default_classification,
        p.at_risk_days,
        p.reprimand_months,
        p.warning_months,
        p.removal_months,
    )
    return "/".join(str(n) for n in numbers)


@user_action
def policy_set(*, actor: Any, **values: Any) -> Any:
    _admin(actor)
    policy = rules.policy()
    old = _policy_code(policy)
    for key, value in values.items():
        setattr(policy, key, value)
    policy.save()
    audit_record(
        action=audit_events.RULE_CHANGE,
        actor=actor,
        obj=policy,
        payload={
            "what": "policy",
            "key": "",
            "old": old,
            "new": _policy_code(policy),
        },
    )
    return policy
