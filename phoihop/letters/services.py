"""Writes of the letters kind. A letter is opened by the engine's `case_open` (kind "letter"; its details form
checks the fields), and `on_open` — the kind's hook, inside that transaction — writes the rest: allegations,
persons and organisations concerned with their management level at receipt, the writers sealed in the
receiving agency's vault, a taken-in transfer, the fingerprint and the related letters found. The
classification steps, the conclusion and the vault have their own services here; each writes its audit event
and timeline line in its transaction (identifiers and codes only: docs/letters.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.audit.services import audit_record
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.core.models import Agency, User
from phoihop.documents.uploads import UploadRefused, check_upload
from phoihop.letters import audit_events, matching, rules, timeline, vault
from phoihop.letters.access_rules import is_vault_keeper
from phoihop.letters.choices import (
    Channel,
    CountsFrom,
    FileReason,
    Finding,
    IdentityStatus,
    LetterType,
    MatchKind,
    Missing,
    Outcome,
    Step,
)
from phoihop.letters.models import (
    Allegation,
    Concerned,
    Explanation,
    Letter,
    LetterRule,
    Match,
    Transfer,
    VaultFile,
    VaultRead,
    Writer,
)
from phoihop.people.models import PartyUnit, Person, Relative
from phoihop.search.folding import fold_vi
from phoihop.transactions import user_action

NOT_RESOLVED = (IdentityStatus.ANONYMOUS, IdentityStatus.FALSE_NAME, IdentityStatus.UNIDENTIFIABLE)
HANDLING = "handling"
INTAKE_ROLES = ("clerk", "officer", "leader")


# --- Intake (inside case_open)
# -------------------------------------------------------------------------------


def on_open(*, case: Case, details: dict[str, Any], actor: Any) -> None:
    """The kind's on-open hook: everything of a letter beyond its details row, in case_open's transaction. A
    problem raises ValidationError keyed by the intake form's field, and nothing of the letter stays."""
    if not has_role(actor, *INTAKE_ROLES):
        raise PermissionDenied(_("Chỉ văn thư, chuyên viên, lãnh đạo tiếp nhận đơn."))
    letter = Letter.objects.get(case=case)
    if letter.transferred_from_id is not None and letter.transferred_from_id == case.owner_agency_id:
        raise ValidationError(
            {"transferred_from": [_("Cơ quan chuyển đến không thể là chính cơ quan mình.")]}
        )
    texts: list[str] = details.get("allegations") or []
    writers: list[dict[str, Any]] = details.get("writers") or []
    transfer = _transfer_taken_in(actor, letter, details.get("transfer"))
    units = _units(actor, details.get("concerned_units") or [])
    _working_copy_is_redacted(case, texts, writers, transfer)
    persons = list(Person.objects.filter(case_links__case=case))
    if _conflicted(actor, persons, [w["name"] for w in writers]):
        raise ValidationError(
            {
                "subjects": [
                    _(
                        "Bạn là người bị phản ánh, người viết đơn hoặc người thân của họ: "
                        "không được tiếp nhận, xử lý đơn này; hãy chuyển cho cán bộ khác."
                    )
                ]
            }
        )
    rule = rules.rule(letter.regime, letter.letter_type, Step.CLASSIFY)
    letter.classify_due = rules.due(rule, letter.received_on, case.owner_agency_id)
    letter.save(update_fields=["classify_due"])
    Allegation.objects.bulk_create(
        [Allegation(case=case, position=i, text=text) for i, text in enumerate(texts, 1)]
    )
    Concerned.objects.bulk_create(
        [Concerned(case=case, person=p, management_level=p.management_level) for p in persons]
        + [Concerned(case=case, party_unit=u) for u in units]
    )
    Writer.objects.bulk_create(
        [
            Writer(
                case=case,
                agency_id=case.owner_agency_id,
                position=i,
                representative=w.get("representative", False),
                sealed=vault.seal({k: w.get(k, "") for k in ("name", "address", "contact")}),
                key=vault.key(w.get("name", "")),
            )
            for i, w in enumerate(writers, 1)
        ]
    )
    scan = details.get("scan")
    if scan is not None:
        _seal_scan(case, scan)
    if transfer is not None:
        _receive(actor, case, transfer)
    matching.index(
        case.pk,
        agency_id=case.owner_agency_id,
        number=case.number,
        received_on=letter.received_on,
        texts=texts,
        person_ids=[p.pk for p in persons],
    )
    exclude = [case.pk] + ([transfer.source_id] if transfer is not None else [])
    found = matching.related(texts, [p.pk for p in persons], exclude_case_ids=exclude)
    matches = []
    for rel in found:
        kind = (
            MatchKind.REDENUNCIATION
            if rel.concluded
            else MatchKind.SAME_CONTENT
            if rel.agency_id == case.owner_agency_id
            else MatchKind.ELSEWHERE
        )
        matches.append(Match(case=case, other_id=rel.case_id, kind=kind, score=round(rel.score, 3)))
    Match.objects.bulk_create(matches)
    timeline.letter_received(case, actor, allegations=len(texts), related=len(matches))
    audit_record(
        action=audit_events.LETTER_INTAKE,
        actor=actor,
        obj=case,
        payload={
            "number": case.number,
            "channel": letter.channel,
            "type": letter.letter_type,
            "regime": letter.regime,
            "identity": letter.identity_status,
            "allegations": len(texts),
            "writers": len(writers),
            "transfer": str(transfer.pk) if transfer is not None else None,
            "matches": len(matches),
        },
    )


def _transfer_taken_in(actor: Any, letter: Letter, transfer_id: Any) -> Transfer | None:
    if not transfer_id:
        return None
    transfer = (
        restrict(Transfer.objects.select_for_update(), actor)
        .filter(pk=transfer_id, to_agency_id=actor.agency_id)
        .select_related("from_agency")
        .first()
    )
    if transfer is None:
        raise ValidationError({"transfer": [_("Không tìm thấy đơn được chuyển đến cơ quan bạn.")]})
    if transfer.received_id is not None:
        raise ValidationError({"transfer": [_("Đơn chuyển đến này đã được tiếp nhận (hồ sơ đã lập).")]})
    errors = {}
    if letter.channel != Channel.TRANSFERRED:
        errors["channel"] = [_("Đơn do cơ quan khác chuyển: nguồn đơn phải là “Cơ quan khác chuyển đến”.")]
    if letter.transferred_from_id != transfer.from_agency_id:
        errors["transferred_from"] = [
            _("Cơ quan chuyển phải là %(code)s (theo phiếu chuyển).") % {"code": transfer.from_agency.code}
        ]
    if errors:
        raise ValidationError(errors)
    return transfer


def _units(actor: Any, codes: list[str]) -> list[PartyUnit]:
    if not codes:
        return []
    found = {u.code: u for u in restrict(PartyUnit.objects.filter(code__in=codes), actor)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            {"concerned_units": [_("Không có tổ chức đảng mã: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    return [found[c] for c in dict.fromkeys(codes)]


def _working_copy_is_redacted(
    case: Case, texts: list[str], writers: list[dict[str, Any]], transfer: Any
) -> None:
    """The working copy (title, summary, allegations) must not name a writer: their identity is the vault's.
    The error goes to the field that names them."""
    parts = {
        "title": case.title,
        "summary": f"{case.summary} {case.subject_name}",
        "allegations": " ".join(texts),
    }
    errors: dict[str, list[str]] = {}
    for field, text in parts.items():
        shown = f" {fold_vi(text)} "
        for w in writers:
            values = [fold_vi(w.get(key, "")) for key in ("name", "contact")]
            if any(len(v) >= 5 and f" {v} " in shown for v in values):
                errors[field] = [
                    _(
                        "Bản làm việc còn ghi họ tên hoặc liên hệ của người viết đơn; hãy xóa "
                        "trước khi lưu — danh tính người viết chỉ lưu trong kho danh tính."
                    )
                ]
    if errors:
        raise ValidationError(errors)


def _seal_scan(case: Case, upload: Any) -> None:
    data = upload.read()
    try:
        checked = check_upload(getattr(upload, "name", "ban-goc"), data, strip_metadata=False)
    except UploadRefused as exc:
        raise ValidationError({"scan": [str(exc)]}) from None
    VaultFile.objects.create(
        case=case,
        agency_id=case.owner_agency_id,
        sealed_name=vault.seal_bytes(checked.filename.encode()),
        sealed=vault.seal_bytes(checked.data),
        mime=checked.kind.content_type,
        size=len(checked.data),
    )


def _receive(actor: Any, case: Case, transfer: Transfer) -> None:
    """A transferred letter taken in: the sender's writers and scans are sealed again into this agency's vault
    (the sender keeps its own), the transfer points at the new letter, and the sender's timeline says so."""
    for w in Writer.objects.filter(case_id=transfer.source_id).order_by("position"):
        Writer.objects.create(
            case=case,
            agency_id=case.owner_agency_id,
            position=w.position,
            representative=w.representative,
            sealed=vault.seal(vault.unseal(w.sealed)),
            key=w.key,
        )
    for f in VaultFile.objects.filter(case_id=transfer.source_id):
        VaultFile.objects.create(
            case=case,
            agency_id=case.owner_agency_id,
            sealed_name=vault.seal_bytes(vault.unseal_bytes(f.sealed_name)),
            sealed=vault.seal_bytes(vault.unseal_bytes(f.sealed)),
            mime=f.mime,
            size=f.size,
        )
    transfer.received = case
    transfer.received_on = timezone.localdate()
    transfer.save(update_fields=["received", "received_on"])
    timeline.transfer_received(transfer.source, actor, agency=case.owner_agency_id)
    audit_record(
        action=audit_events.LETTER_TRANSFER_RECEIVE,
        actor=actor,
        obj=case,
        payload={
            "transfer": str(transfer.pk),
            "source_agency": transfer.from_agency.code,
            "slip": transfer.slip,
        },
    )


def transfer_prefill(actor: Any, transfer: Transfer) -> dict[str, Any]:
    """What the receiving agency's intake starts with: the sender's redacted working copy and allegations
    (read by the transfer's grant: the receiver may see the transfer), never the writer."""
    source = transfer.source
    letter = Letter.objects.get(case=source)
    return {
        "title": source.title,
        "summary": source.summary,
        "subject_name": source.subject_name,
        "classification": source.classification,
        "subjects": list(Person.objects.filter(case_links__case=source)),
        "details": {
            "channel": Channel.TRANSFERRED,
            "received_on": timezone.localdate(),
            "letter_type": letter.letter_type,
            "regime": letter.regime,
            "identity_status": letter.identity_status,
            "signatories": letter.signatories,
            "subject_flags": letter.subject_flags,
            "transferred_from": transfer.from_agency.code,
            "transfer_slip": transfer.slip,
            "allegations": [a.text for a in Allegation.objects.filter(case=source).order_by("position")],
            "transfer": transfer.pk,
            "writers_count": Writer.objects.filter(case=source).count(),
        },
    }


def on_subject_added(*, case: Case, person: Any, actor: Any) -> None:
    """The kind's hook when a person concerned is added to a letter after intake: the person at their
    management level today, and the fingerprint's persons (related letters are matched by them too)."""
    Concerned.objects.create(case=case, person=person, management_level=person.management_level)
    letter = Letter.objects.get(case=case)
    matching.index(
        case.pk,
        agency_id=case.owner_agency_id,
        number=case.number,
        received_on=letter.received_on,
        texts=list(Allegation.objects.filter(case=case).order_by("position").values_list("text", flat=True)),
        person_ids=list(
            Concerned.objects.filter(case=case, person__isnull=False).values_list("person_id", flat=True)
        ),
        concluded=case.status == "concluded",
    )


# --- Conflicts of interest
# ------------------------------------------------------------------------------------


def _conflicted(user: Any, persons: list[Person], writer_names: list[str]) -> bool:
    name = fold_vi(user.get_full_name())
    if not name:
        return False
    if any(p.name_folded == name for p in persons):
        return True
    if Relative.objects.filter(person__in=persons, name_folded=name).exists():
        return True
    return any(fold_vi(n) == name for n in writer_names)


def team_check(case: Case, user: Any) -> list[str]:
    """The kind's team check (KindSpec.team_check): the person concerned, a writer, or a relative of the
    person concerned never handles the letter. The message names no one."""
    persons = list(Person.objects.filter(case_links__case=case))
    key = vault.key(user.get_full_name())
    writer = bool(key) and Writer.objects.filter(case=case, key=key).exists()
    if writer or _conflicted(user, persons, []):
        return [
            _(
                "Cán bộ này có xung đột lợi ích với đơn (là người bị phản ánh, "
                "người viết đơn hoặc người thân của họ): không được giao xử lý."
            )
        ]
    return []


# --- Classification
# -------------------------------------------------------------------------------------------


def _locked_letter(actor: Any, case: Case) -> tuple[Case, Letter]:
    locked = Case.objects.select_for_update().select_related("owner_agency").get(pk=case.pk)
    if locked.kind != "letter":
        raise ValidationError({"case": [_("Hồ sơ này không phải đơn thư.")]})
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Bạn không có quyền xử lý đơn này."))
    return locked, Letter.objects.select_for_update().get(case=locked)


def _first_transfer(case: Case) -> Transfer | None:
    """The transfer this content already had: this letter came by one, or it (or a letter linked to it as the
    same content) was transferred."""
    came = Transfer.objects.filter(received=case).select_related("from_agency", "to_agency").first()
    if came is not None:
        return came
    linked = Match.objects.filter(case=case, linked=True).values_list("other_id", flat=True)
    return (
        Transfer.objects.filter(source_id__in=[case.pk, *linked])
        .select_related("from_agency", "to_agency")
        .order_by("sent_on")
        .first()
    )


@user_action
def letter_classify(
    *,
    actor: Any,
    case: Case,
    processable: bool,
    outcome: str,
    missing: str = "",
    to_agency: Agency | None = None,
    slip: str = "",
    file_reason: str = "",
    new_evidence: bool | None = None,
    reason: str = "",
) -> Case:
    """Classify a received letter: processable or not (the missing element) and how it is handled. Accepting
    starts its resolution deadline (the regime's rule, from receipt or from acceptance); a transfer goes once
    per content to another agency, which takes it in."""
    locked, letter = _locked_letter(actor, case)
    errors: dict[str, list[str]] = {}
    if locked.status != "received":
        raise ValidationError({"outcome": [_("Đơn đã được phân loại; hãy đưa về phân loại lại trước.")]})
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Hướng xử lý không hợp lệ.")]
    if missing and missing not in Missing.values:
        errors["missing"] = [_("Yếu tố còn thiếu không hợp lệ.")]
    if not processable and not missing:
        errors["missing"] = [_("Đơn không đủ điều kiện xử lý: cần ghi yếu tố còn thiếu.")]
    if processable and missing:
        errors["missing"] = [_("Đơn đủ điều kiện xử lý thì không ghi yếu tố còn thiếu.")]
    if outcome == Outcome.ACCEPT:
        if not has_role(actor, "leader"):
            raise PermissionDenied(_("Chỉ lãnh đạo cơ quan quyết định thụ lý đơn."))
        if letter.identity_status in NOT_RESOLVED:
            errors["outcome"] = [
                _(
                    "Đơn nặc danh, mạo danh hoặc không xác định người viết "
                    "không được thụ lý; chỉ sử dụng làm thông tin hoặc lưu đơn."
                )
            ]
        elif not processable:
            errors["outcome"] = [
                _("Đơn không đủ điều kiện xử lý không được thụ lý; hãy hướng dẫn người viết hoặc lưu đơn.")
            ]
        elif letter.signatories > 1 and not rules.policy(letter.regime).several_signatories:
            errors["outcome"] = [
                _(
                    "Theo quy định của Đảng, đơn có từ hai người trở lên cùng ký "
                    "không được giải quyết; hãy hướng dẫn người viết hoặc lưu đơn."
                )
            ]
        elif letter.signatories > 1 and not Writer.objects.filter(case=locked, representative=True).exists():
            errors["outcome"] = [
                _("Đơn nhiều người cùng tố cáo: cần ghi người đại diện trong kho danh tính trước khi thụ lý.")
            ]
    if outcome == Outcome.TRANSFER:
        first = _first_transfer(locked)
        if to_agency is None:
            errors["to_agency"] = [_("Cần chọn cơ quan có thẩm quyền để chuyển đơn.")]
        elif to_agency.pk == locked.owner_agency_id:
            errors["to_agency"] = [_("Không chuyển đơn cho chính cơ quan mình.")]
        elif not to_agency.active:
            errors["to_agency"] = [_("Cơ quan %(code)s đã ngừng hoạt động.") % {"code": to_agency.code}]
        elif letter.transferred_from_id == to_agency.pk:
            errors["to_agency"] = [
                _("Không chuyển trả đơn về cơ quan đã chuyển đến (%(code)s); đơn chỉ được chuyển một lần.")
                % {"code": to_agency.code}
            ]
        if first is not None and "to_agency" not in errors:
            errors["to_agency"] = [
                _(
                    "Nội dung này đã được chuyển một lần: %(src)s chuyển đến %(dst)s "
                    "theo phiếu số %(slip)s ngày %(day)s; không chuyển lần thứ hai."
                )
                % {
                    "src": first.from_agency.code,
                    "dst": first.to_agency.code,
                    "slip": first.slip,
                    "day": first.sent_on.strftime("%d/%m/%Y"),
                }
            ]
        if not slip.strip():
            errors["slip"] = [_("Cần ghi số phiếu chuyển.")]
        elif len(slip.strip()) > 50:
            errors["slip"] = [_("Số phiếu chuyển dài tối đa 50 ký tự.")]
    elif to_agency is not None or slip.strip():
        errors["to_agency"] = [_("Chỉ chọn cơ quan nhận và số phiếu khi chuyển đơn.")]
    if outcome == Outcome.FILE:
        if file_reason not in FileReason.values:
            errors["file_reason"] = [_("Cần chọn lý do lưu đơn.")]
        elif file_reason == FileReason.NO_NEW_EVIDENCE and new_evidence is not False:
            errors["new_evidence"] = [
                _("Lưu vì không có tình tiết mới: cần ghi nhận đơn không có tình tiết mới.")
            ]
    elif file_reason:
        errors["file_reason"] = [_("Chỉ ghi lý do lưu khi lưu đơn.")]
    redenounced = Match.objects.filter(case=locked, linked=True, kind=MatchKind.REDENUNCIATION).exists()
    if redenounced and new_evidence is None:
        errors["new_evidence"] = [
            _("Đơn tố cáo lại vụ việc đã kết luận: cần ghi có hay không có tình tiết mới.")
        ]
    if redenounced and outcome == Outcome.ACCEPT and new_evidence is False:
        errors["outcome"] = [_("Tố cáo lại không có tình tiết mới thì không thụ lý lại; hãy lưu đơn.")]
    if Match.objects.filter(case=locked, linked__isnull=True).exists():
        errors["outcome"] = [
            *errors.get("outcome", []),
            _("Còn đơn liên quan chưa quyết định liên kết hay bỏ qua."),
        ]
    if len(reason) > 4000:
        errors["reason"] = [_("Ghi chú dài tối đa 4000 ký tự.")]
    if errors:
        raise ValidationError(errors)

    today = timezone.localdate()
    letter.processable, letter.missing, letter.outcome = processable, missing, outcome
    letter.file_reason, letter.new_evidence = file_reason, new_evidence
    letter.classified_on, letter.classified_by = today, actor
    fields = [
        "processable",
        "missing",
        "outcome",
        "file_reason",
        "new_evidence",
        "classified_on",
        "classified_by",
    ]
    transfer = None
    if outcome == Outcome.TRANSFER:
        assert to_agency is not None
        transfer = Transfer.objects.create(
            source=locked,
            from_agency_id=locked.owner_agency_id,
            to_agency=to_agency,
            slip=slip.strip(),
            sent_on=today,
        )
        letter.transferred_to, letter.transfer_slip_out, letter.transferred_on = (
            to_agency,
            slip.strip(),
            today,
        )
        fields += ["transferred_to", "transfer_slip_out", "transferred_on"]
    letter.save(update_fields=fields)
    name = outcome
    case_services.transition_within(actor=actor, case=locked, name=name, reason=reason.strip())
    due = None
    if outcome == Outcome.ACCEPT:
        rule = rules.rule(letter.regime, letter.letter_type, Step.RESOLVE)
        start = letter.received_on if rule.counts_from == CountsFrom.RECEIPT else today
        due = case_services.case_clock_start(actor=actor, case=locked, start=start).due_on
    if transfer is not None:
        receivers = _receiving_clerks(transfer)
        link = reverse("letters:transfer_take", args=[transfer.pk])
        transaction.on_commit(
            lambda: _tell(receivers, "letter_transfer_in", {"agency": str(transfer.from_agency_id)}, link)
        )
    audit_record(
        action=audit_events.LETTER_CLASSIFY,
        actor=actor,
        obj=locked,
        payload={
            "outcome": outcome,
            "processable": processable,
            "missing": missing,
            "file_reason": file_reason,
            "to": to_agency.code if to_agency is not None else None,
            "slip": slip.strip() or None,
            "due": due.isoformat() if due else None,
        },
    )
    return Case.objects.get(pk=locked.pk)


def _receiving_clerks(transfer: Transfer) -> list[Any]:
    users = User.objects.filter(
        agency_id=transfer.to_agency_id, is_active=True, roles__code__in=["clerk", "leader"]
    ).distinct()
    return [u for u in users if can(u, Action.VIEW, transfer)]


def _tell(users: list[Any], code: str, params: dict[str, Any], link: str) -> None:
    from phoihop.notify.services import notify

    notify(users=users, kind="case", code=code, params=params, link=link)


# --- Related letters
# ------------------------------------------------------------------------------------------


@user_action
def match_decide(*, actor: Any, match: Match, linked: bool, new_evidence: bool | None = None) -> Match:
    """The clerk links a related letter found at intake or overrides it; a re-denunciation records whether it
    brings new evidence. Linking to a letter of the same agency also links the two cases."""
    locked, letter = _locked_letter(actor, match.case)
    row = Match.objects.select_for_update().select_related("other").get(pk=match.pk, case=locked)
    if row.kind == MatchKind.REDENUNCIATION and linked and new_evidence is None:
        raise ValidationError(
            {
                "new_evidence": [
                    _("Đơn tố cáo lại vụ việc đã kết luận: cần ghi có hay không có tình tiết mới.")
                ]
            }
        )
    row.linked, row.new_evidence = linked, new_evidence if row.kind == MatchKind.REDENUNCIATION else None
    row.decided_by, row.decided_at = actor, timezone.now()
    row.save(update_fields=["linked", "new_evidence", "decided_by", "decided_at"])
    if row.kind == MatchKind.REDENUNCIATION and linked:
        letter.new_evidence = new_evidence
        letter.save(update_fields=["new_evidence"])
    if linked and row.other.owner_agency_id == locked.owner_agency_id and can(actor, Action.VIEW, row.other):
        locked.related.add(row.other)
    timeline.match_decided(locked, actor, kind=row.kind, linked=linked)
    audit_record(
        action=audit_events.LETTER_MATCH,
        actor=actor,
        obj=locked,
        payload={
            "other": row.other.number,
            "kind": row.kind,
            "linked": linked,
            "new_evidence": row.new_evidence,
        },
    )
    return row


# --- Verification and conclusion
# ------------------------------------------------------------------------------


def _handling(actor: Any, case: Case) -> tuple[Case, Letter]:
    locked, letter = _locked_letter(actor, case)
    if locked.status != HANDLING:
        raise ValidationError({"status": [_("Chỉ ghi nhận khi đơn đang được giải quyết (đã thụ lý).")]})
    return locked, letter


@user_action
def explanation_record(*, actor: Any, case: Case, explanation: str, given_on: Any) -> Explanation:
    """The explanation (giải trình) of the person concerned, recorded with its day."""
    locked, _letter = _handling(actor, case)
    errors = {}
    if not explanation.strip():
        errors["explanation"] = [_("Cần ghi nội dung giải trình.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("Ngày giải trình không thể sau hôm nay.")]
    if errors:
        raise ValidationError(errors)
    row = Explanation.objects.create(
        case=locked, text=explanation.strip(), given_on=given_on, recorded_by=actor
    )
    timeline.explanation_recorded(locked, actor, given_on=given_on)
    audit_record(
        action=audit_events.LETTER_EXPLANATION,
        actor=actor,
        obj=locked,
        payload={"given_on": given_on.isoformat()},
    )
    return row


@user_action
def allegation_conclude(
    *, actor: Any, allegation: Allegation, finding: str, findings: str, sources: str
) -> Allegation:
    """Conclude one allegation — founded, partly founded, unfounded or withdrawn — citing what was found and
    its source (a partner's answer, a document, the explanation)."""
    locked, _letter = _handling(actor, allegation.case)
    errors = {}
    if finding not in Finding.values or not finding:
        errors["finding"] = [_("Cần chọn kết luận: đúng, đúng một phần, sai hoặc rút nội dung.")]
    if not findings.strip():
        errors["findings"] = [_("Cần ghi kết quả xác minh của nội dung này.")]
    if not sources.strip():
        errors["sources"] = [
            _("Cần ghi nguồn, căn cứ của kết luận (tài liệu, trả lời của cơ quan phối hợp, giải trình).")
        ]
    if errors:
        raise ValidationError(errors)
    row = Allegation.objects.select_for_update().get(pk=allegation.pk, case=locked)
    previous = row.finding
    row.finding, row.findings, row.sources = finding, findings.strip(), sources.strip()
    row.concluded_on, row.concluded_by = timezone.localdate(), actor
    row.save(update_fields=["finding", "findings", "sources", "concluded_on", "concluded_by"])
    timeline.allegation_concluded(locked, actor, position=row.position, finding=finding)
    audit_record(
        action=audit_events.LETTER_ALLEGATION,
        actor=actor,
        obj=locked,
        payload={"position": row.position, "finding": finding, "previous": previous or None},
    )
    return row


@user_action
def letter_conclude(
    *, actor: Any, case: Case, conclusion: str, measures: str = "", discipline: bool = False
) -> Case:
    """Conclude an accepted letter once every allegation is concluded (and, for a founded denunciation, the
    explanation of the person concerned is recorded). A letter taken in from another agency reports the result
    back to it."""
    locked, letter = _handling(actor, case)
    open_items = list(Allegation.objects.filter(case=locked, finding="").values_list("position", flat=True))
    errors: dict[str, list[str]] = {}
    if open_items:
        errors["allegations"] = [
            _("Còn nội dung chưa kết luận: %(items)s.") % {"items": ", ".join(str(p) for p in open_items)}
        ]
    founded = Allegation.objects.filter(case=locked, finding__in=[Finding.FOUNDED, Finding.PARTLY]).exists()
    if (
        founded
        and letter.letter_type in (LetterType.DENUNCIATION, LetterType.MIXED)
        and not Explanation.objects.filter(case=locked).exists()
    ):
        errors["explanation"] = [
            _("Kết luận tố cáo đúng: cần ghi nhận giải trình của người bị tố cáo trước.")
        ]
    if not conclusion.strip():
        errors["conclusion"] = [_("Cần ghi kết luận chung.")]
    if errors:
        raise ValidationError(errors)
    letter.measures, letter.discipline = measures.strip(), discipline
    letter.save(update_fields=["measures", "discipline"])
    case_services.transition_within(actor=actor, case=locked, name="conclude", reason=conclusion.strip())
    matching.mark_concluded(locked.pk, concluded=True)
    transfer = Transfer.objects.filter(received=locked).select_related("source").first()
    if transfer is not None:
        transfer.concluded_on = timezone.localdate()
        transfer.save(update_fields=["concluded_on"])
        Letter.objects.filter(case_id=transfer.source_id).update(result_on=transfer.concluded_on)
        timeline.result_received(transfer.source, actor, agency=locked.owner_agency_id)
        audit_record(
            action=audit_events.LETTER_RESULT,
            actor=actor,
            obj=transfer.source,
            payload={"transfer": str(transfer.pk), "from": locked.owner_agency.code},
        )
        lead = transfer.source.lead_officer
        if lead is not None:
            link = reverse("cases:case_detail", args=[transfer.source_id])
            transaction.on_commit(
                lambda: _tell([lead], "letter_result", {"agency": str(locked.owner_agency_id)}, link)
            )
    findings = dict(Allegation.objects.filter(case=locked).values_list("position", "finding"))
    audit_record(
        action=audit_events.LETTER_CONCLUDE,
        actor=actor,
        obj=locked,
        payload={"findings": {str(k): v for k, v in findings.items()}},
    )
    return Case.objects.get(pk=locked.pk)


def transfer_results(actor: Any, case: Case) -> list[tuple[int, str]]:
    """What the sender learns of a letter it transferred, once the receiver concluded: each allegation's
    result (position and finding), nothing else of the receiver's file."""
    transfer = Transfer.objects.filter(source=case, concluded_on__isnull=False).first()
    if transfer is None or transfer.received_id is None or not can(actor, Action.VIEW, case):
        return []
    return list(
        Allegation.objects.filter(case_id=transfer.received_id)
        .order_by("position")
        .values_list("position", "finding")
    )


# --- The vault
# ------------------------------------------------------------------------------------------------


def vault_open(
    *, actor: Any, case: Case | None, reason: str
) -> tuple[list[vault.WriterIdentity], list[VaultFile]]:
    """The writers of a letter (and its sealed scans), for a vault keeper of the agency that holds them, with
    a reason kept in the vault's read log; the audit names the log row, never the writer. A refusal is audited
    in its own transaction (the read's would be rolled back with the refusal)."""
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": [_("Lý do mở kho danh tính cần cụ thể (ít nhất 10 ký tự).")]})
    refused = (
        "not_keeper"
        if not is_vault_keeper(actor)
        else "other_agency"
        if case is None or case.owner_agency_id != actor.agency_id
        else ""
    )
    if refused:
        _vault_denied(actor=actor, case=case, code=refused)  # committed on its own
        raise PermissionDenied(_("Chỉ cán bộ giữ kho danh tính của cơ quan nhận đơn mới được mở."))
    assert case is not None
    return _vault_read(actor=actor, case=case, reason=reason)


@user_action
def _vault_denied(*, actor: Any, case: Case | None, code: str) -> None:
    audit_record(
        action=audit_events.VAULT_DENIED,
        actor=actor,
        obj=case,
        object_type="cases.Case",
        outcome="denied",
        payload={"refusal": code},
    )


@user_action
def _vault_read(*, actor: Any, case: Case, reason: str) -> tuple[list[vault.WriterIdentity], list[VaultFile]]:
    writers = list(restrict(Writer.objects.filter(case=case), actor).order_by("position"))
    files = list(restrict(VaultFile.objects.filter(case=case), actor))
    read = VaultRead.objects.create(case=case, reader=actor, reason=reason.strip())
    audit_record(
        action=audit_events.VAULT_OPEN,
        actor=actor,
        obj=case,
        payload={"vault_read": str(read.pk), "purpose": "read", "writers": len(writers), "files": len(files)},
    )
    return [vault.identity(w) for w in writers], files


VAULT_FILE_MINUTES = 15  # a keeper downloads an original within this time of opening the vault with a reason


@user_action
def vault_file_open(*, actor: Any, file: VaultFile) -> tuple[str, bytes]:
    """The original of a letter (its name and bytes), for a keeper who opened this letter's vault with a
    reason in the last minutes; the download is audited with that opening's log row."""
    if not is_vault_keeper(actor) or file.agency_id != actor.agency_id:
        raise PermissionDenied(_("Chỉ cán bộ giữ kho danh tính của cơ quan nhận đơn mới được mở."))
    since = timezone.now() - timedelta(minutes=VAULT_FILE_MINUTES)
    read = VaultRead.objects.filter(case_id=file.case_id, reader=actor, purpose="read", at__gte=since).first()
    if read is None:
        raise PermissionDenied(
            _("Hãy mở kho danh tính với lý do trước khi tải bản gốc (trong %(n)d phút).")
            % {"n": VAULT_FILE_MINUTES}
        )
    audit_record(
        action=audit_events.VAULT_OPEN,
        actor=actor,
        obj=file.case,
        payload={"vault_read": str(read.pk), "purpose": "file", "writers": 0, "files": 1},
    )
    return vault.unseal_bytes(file.sealed_name).decode(), vault.unseal_bytes(file.sealed)


@user_action
def vault_same_writer(*, actor: Any, case: Case, reason: str) -> list[Case]:
    """Other letters of this agency's vault with a writer of the same name (the vault keeper's match)."""
    if not is_vault_keeper(actor):
        raise PermissionDenied(
            _("Chỉ cán bộ giữ kho danh tính của cơ quan nhận đơn mới được đối chiếu người viết.")
        )
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": [_("Lý do đối chiếu cần cụ thể (ít nhất 10 ký tự).")]})
    keys = [k for k in restrict(Writer.objects.filter(case=case), actor).values_list("key", flat=True) if k]
    ids = (
        restrict(Writer.objects.filter(key__in=keys), actor)
        .exclude(case=case)
        .values_list("case_id", flat=True)
        if keys
        else []
    )
    found = list(Case.objects.filter(pk__in=list(ids)[:200]).order_by("-opened_on"))
    read = VaultRead.objects.create(case=case, reader=actor, reason=reason.strip(), purpose="match")
    audit_record(
        action=audit_events.VAULT_OPEN,
        actor=actor,
        obj=case,
        payload={"vault_read": str(read.pk), "purpose": "match", "writers": len(keys), "files": 0},
    )
    return found


# --- Rules
# ----------------------------------------------------------------------------------------------------


@user_action
def rule_set(
    *,
    actor: Any,
    regime: str,
    letter_type: str,
    step: str,
    days: int,
    unit: str,
    counts_from: str,
    max_extensions: int,
    extension_days: int,
    basis: str,
    verified: bool,
) -> LetterRule:
    """An administrator sets a letter rule (the defaults stay in code; the row overrides them)."""
    if not has_role(actor, "admin"):
        raise PermissionDenied(_("Chỉ quản trị viên sửa quy định đơn thư."))
    errors = {}
    if not basis.strip():
        errors["basis"] = [_("Cần ghi căn cứ của quy định.")]
    if max_extensions and not extension_days:
        errors["extension_days"] = [_("Có gia hạn thì cần ghi số ngày mỗi lần gia hạn.")]
    if step != Step.RESOLVE and (max_extensions or counts_from != CountsFrom.RECEIPT):
        errors["max_extensions"] = [_("Chỉ thời hạn giải quyết mới có gia hạn và tính từ ngày thụ lý.")]
    if errors:
        raise ValidationError(errors)
    old = rules.rule(regime, letter_type, step)
    row, _created = LetterRule.objects.update_or_create(
        regime=regime,
        letter_type=letter_type,
        step=step,
        defaults={
            "days": days,
            "unit": unit,
            "counts_from": counts_from,
            "max_extensions": max_extensions,
            "extension_days": extension_days,
            "basis": basis.strip(),
            "verified": verified,
        },
    )
    audit_record(
        action=audit_events.LETTER_RULE_CHANGE,
        actor=actor,
        obj=row,
        payload={
            "regime": regime,
            "type": letter_type,
            "step": step,
            "old": f"{old.days} {old.unit} +{old.max_extensions}x{old.extension_days}",
            "new": f"{days} {unit} +{max_extensions}x{extension_days}",
        },
    )
    return row
