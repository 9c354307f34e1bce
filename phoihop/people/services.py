"""Writes of the people registry: persons and their registration bases, dossiers, Party units, merges, the
list of bases, retention jobs and identifier holds. Each writes its audit event in the same transaction and
keeps the folded search columns and the name vocabulary in step."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, can_administer, has_role
from phoihop.access.shortcuts import write_within_scope
from phoihop.audit.background import after_commit
from phoihop.audit.models import Outcome
from phoihop.audit.services import audit_record, changed_fields, diff
from phoihop.notify.services import notify_after_commit
from phoihop.people import audit_events
from phoihop.people.bases import LEGACY, case_basis, case_source, is_registry_keeper
from phoihop.people.choices import (
    MEMBER_STATUSES,
    ErasureMode,
    HoldCause,
    HoldOutcome,
    IdentifierField,
    JobState,
    PersonStatus,
    Relation,
    UnitEventKind,
    UnitKind,
)
from phoihop.people.models import (
    DossierEntry,
    ForeignRelation,
    IdentifierHold,
    NameToken,
    PartyUnit,
    PartyUnitEvent,
    Person,
    PersonBasis,
    PersonMerge,
    RegistrationBasis,
    Relative,
    RetentionJob,
)
from phoihop.people.selectors import Match, due_persons, forget_vocabulary, person_matches
from phoihop.people.validation import (
    cccd_problem,
    date_problems,
    normalise_party_card,
    party_card_problem,
    person_name_problem,
)
from phoihop.search.folding import clean_text, fold_vi, name_key, name_pairs, name_problem, vi_sort_key
from phoihop.transactions import user_action

T = TypeVar("T")

EDITABLE = (
    "full_name",
    "other_names",
    "birth_date",
    "birth_year",
    "sex",
    "national_id",
    "party_card",
    "ethnicity",
    "religion",
    "home_town",
    "residence",
    "unit",
    "position",
    "management_level",
    "party_joined_on",
    "party_official_on",
    "status",
    "classification",
)


class DuplicateSuspected(ValidationError):
    """The new person looks like someone already in the registry; the user must look and confirm."""

    def __init__(self, matches: list[Match]) -> None:
        super().__init__(
            {"full_name": [_("Có thể đã có người này trong sổ đăng ký; hãy kiểm tra trước khi lưu.")]}
        )
        self.matches = matches


def derived_columns(full_name: str, other_names: str = "", home_town: str = "") -> dict[str, str]:
    """The stored folded columns of a person (also used by the bulk generator)."""
    folded = fold_vi(full_name)
    return {
        "name_folded": folded,
        "name_key": name_key(full_name),
        "sort_key": vi_sort_key(full_name),
        "search_text": " ".join(filter(None, [folded, fold_vi(other_names)]))[:500],
        "name_pairs": name_pairs(full_name, other_names),
        "name_reversed": " ".join(reversed(folded.split())),
        "home_town_folded": fold_vi(home_town)[:200],
    }


def remember_words(texts: Iterable[str]) -> None:
    words = {w for text in texts for w in fold_vi(text).split() if len(w) <= 60}
    if words:
        NameToken.objects.bulk_create([NameToken(token=w) for w in words], ignore_conflicts=True)
        forget_vocabulary()


@dataclass(frozen=True)
class _Probe:
    """Someone entered a number held by a person they may not see, or a number under reconciliation."""

    field: str
    number: str
    holder_id: int | None


class _IdentifierHeld(ValidationError):
    """The refusal carries probes to record once the failed write has rolled back (callers never see this
    class: the public services record the probes and raise a plain ValidationError with the same messages)."""

    def __init__(self, errors: dict[str, list[str]], probes: list[_Probe]) -> None:
        super().__init__(errors)
        self.probes = probes


def _duplicate_message(field: str) -> str:
    if field == IdentifierField.NATIONAL_ID:
        return _("Số CCCD này đã ghi cho một người khác trong sổ đăng ký; tìm theo số để mở hồ sơ đó.")
    return _("Số thẻ đảng viên này đã ghi cho một người khác trong sổ đăng ký; tìm theo số để mở hồ sơ đó.")


def held_message(field: str) -> str:
    """The one refusal for a number under reconciliation — whether a keeper holds it or it belongs to someone
    the user may not see (decision 73): the words are true in both cases and do not say which."""
    if field == IdentifierField.NATIONAL_ID:
        return _(
            "Số CCCD này đang được Ban Tổ chức đối chiếu nên chưa ghi được. Hãy lưu hồ sơ không kèm số "
            "này; Ban Tổ chức sẽ liên hệ với cơ quan bạn."
        )
    return _(
        "Số thẻ đảng viên này đang được Ban Tổ chức đối chiếu nên chưa ghi được. Hãy lưu hồ sơ không kèm "
        "số này; Ban Tổ chức sẽ liên hệ với cơ quan bạn."
    )


def _identifier_problem(
    field: str, number: str, *, actor: Any, exclude: int
) -> tuple[str | None, _Probe | None]:
    """A number already held: told plainly when the holder is someone the user sees; otherwise the
    reconciliation refusal, and a probe to record (audit + the keeper told), exactly as for a number a keeper
    holds."""
    holder = Person.objects.filter(**{field: number}).exclude(pk=exclude).only("pk").first()
    if holder is not None and actor is not None and can(actor, Action.VIEW, holder):
        return _duplicate_message(field), None
    held = IdentifierHold.objects.filter(field=field, number=number, resolved_at__isnull=True).exists()
    if holder is None and not held:
        return None, None
    return held_message(field), _Probe(field, number, holder.pk if holder is not None else None)


def _check(
    data: Mapping[str, Any], *, person: Person | None = None, actor: Any = None
) -> tuple[dict[str, Any], dict[str, list[str]], list[_Probe]]:
    """Normalise and check a person's particulars: (values, every problem by field, identifier probes)."""
    out = dict(data)
    errors: dict[str, list[str]] = {}
    probes: list[_Probe] = []
    for key in ("full_name", "other_names", "home_town", "residence", "position", "ethnicity", "religion"):
        if key in out:
            out[key] = clean_text(out[key])
    if "full_name" in out and (why := person_name_problem(out["full_name"])):
        errors["full_name"] = [why]
    for other in filter(None, (out.get("other_names") or "").split(",")):
        if why := person_name_problem(other):
            errors["other_names"] = [why]
    merged = {f: getattr(person, f) for f in EDITABLE} if person else {}
    merged.update(out)
    if merged.get("birth_date"):
        out["birth_year"] = merged["birth_year"] = (
            merged["birth_date"].year if not out.get("birth_year") else out["birth_year"]
        )
    for key, why in date_problems(
        birth_date=merged.get("birth_date"),
        birth_year=merged.get("birth_year"),
        joined=merged.get("party_joined_on"),
        official=merged.get("party_official_on"),
        today=timezone.localdate(),
    ).items():
        errors[key] = [why]
    exclude = person.pk if person else 0
    if out.get("national_id"):
        out["national_id"] = "".join(out["national_id"].split())
        if why := cccd_problem(
            out["national_id"], birth_year=merged.get("birth_year"), sex=merged.get("sex") or ""
        ):
            errors["national_id"] = [why]
        else:
            why, probe = _identifier_problem("national_id", out["national_id"], actor=actor, exclude=exclude)
            if why:
                errors["national_id"] = [why]
            if probe:
                probes.append(probe)
    elif "national_id" in out:
        out["national_id"] = None
    if out.get("party_card"):
        out["party_card"] = normalise_party_card(out["party_card"])
        if why := party_card_problem(out["party_card"]):
            errors["party_card"] = [why]
        else:
            why, probe = _identifier_problem("party_card", out["party_card"], actor=actor, exclude=exclude)
            if why:
                errors["party_card"] = [why]
            if probe:
                probes.append(probe)
    elif "party_card" in out:
        out["party_card"] = None
    return out, errors, probes


def _refuse(errors: dict[str, list[str]], probes: list[_Probe]) -> None:
    if probes:
        raise _IdentifierHeld(errors, probes)
    if errors:
        raise ValidationError(errors)


def _clean(data: Mapping[str, Any], *, person: Person | None = None, actor: Any = None) -> dict[str, Any]:
    """Normalise and check a person's particulars; raises one ValidationError with every problem."""
    out, errors, probes = _check(data, person=person, actor=actor)
    _refuse(errors, probes)
    return out


def _recording_probes(service: Callable[..., T]) -> Callable[..., T]:
    """Run a service; if it refused a number under reconciliation, record the attempt once the service's own
    transaction has rolled back (audited, the keeper told), then refuse exactly as any validation refusal."""

    @functools.wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return service(*args, **kwargs)
        except _IdentifierHeld as exc:
            _record_probes(kwargs.get("actor"), exc.probes)
            raise ValidationError(exc.message_dict) from None

    return wrapper


def _record_probes(actor: Any, probes: list[_Probe]) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    now = timezone.now()
    with transaction.atomic():
        for probe in probes:
            opened = False
            hold = (
                IdentifierHold.objects.select_for_update()
                .filter(field=probe.field, number=probe.number, resolved_at__isnull=True)
                .first()
            )
            if hold is None:
                try:
                    with transaction.atomic():
                        hold = IdentifierHold.objects.create(
                            field=probe.field,
                            number=probe.number,
                            cause=HoldCause.ENTERED,
                            holder_id=probe.holder_id,
                            agency_id=actor.agency_id,
                            opened_by=actor,
                        )
                    opened = True
                except IntegrityError:  # another attempt opened it a moment ago
                    hold = IdentifierHold.objects.select_for_update().get(
                        field=probe.field, number=probe.number, resolved_at__isnull=True
                    )
            IdentifierHold.objects.filter(pk=hold.pk).update(attempts=F("attempts") + 1, last_attempt_at=now)
            audit_record(
                action=audit_events.IDENTIFIER_HELD,
                actor=actor,
                obj=hold,
                outcome=Outcome.DENIED,
                payload={"field": probe.field, "hold": str(hold.pk), "opened": opened},
            )
            notify_after_commit(
                users=registry_keepers(),
                kind="registry",
                link=reverse("people:identifier_holds"),
                code="identifier_hold",
                params={"agency": str(actor.agency_id) if actor.agency_id else None},
                dedupe=f"hold:{hold.pk}:{timezone.localdate().isoformat()}",
            )


def registry_keepers() -> list[Any]:
    """Every active leader of the hub (see bases.is_registry_keeper)."""
    from phoihop.core.models import User

    return list(
        User.objects.filter(
            is_active=True, is_api_only=False, agency__is_hub=True, roles__code="leader"
        ).distinct()
    )


@_recording_probes
def validated(data: Mapping[str, Any], *, actor: Any = None) -> dict[str, Any]:
    """A new person's particulars normalised and checked (raises ValidationError listing every problem). With
    `actor`, a number held by someone the actor may not see is refused as under reconciliation and
    recorded."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {"__all__": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    return _clean({"full_name": "", **data}, actor=actor)


def can_register(actor: Any) -> bool:
    return has_role(actor, "clerk", "officer", "leader")


def _content_worker(actor: Any) -> None:
    if not can_register(actor):
        raise PermissionDenied(_("Vai trò của bạn không cập nhật sổ đăng ký cán bộ, đảng viên."))


def _filled(data: Mapping[str, Any]) -> list[str]:
    return sorted(key for key, value in data.items() if value not in (None, ""))


def _snapshot(person: Person) -> dict[str, Any]:
    values = {f: getattr(person, f) for f in EDITABLE if f not in ("ethnicity", "religion")}
    values["unit"] = str(person.unit_id) if person.unit_id else None
    values["sensitive_changed"] = ""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


# --- registration bases
# ---------------------------------------------------------------------------------------
def _find_case(actor: Any, case: Any) -> Any:
    """A case given as an object, or as its number or id (imports,
    the API): only an open case the actor may see."""
    source = case_source()
    if case is None or case == "" or source is None:
        return None
    if isinstance(case, str | uuid.UUID):
        return source.find(actor, str(case).strip())
    return case


def basis_problems(
    actor: Any, *, basis: Any, case: Any, status: str
) -> tuple[RegistrationBasis | None, Any, dict[str, list[str]]]:
    """The basis a registration states — a case the actor may see, or a basis from the list — checked: a
    person outside the Party is registered only for a case (unless the administrator's basis says it covers
    them)."""
    errors: dict[str, list[str]] = {}
    given_case = case
    case = _find_case(actor, case)
    if isinstance(basis, str) and basis.strip():
        code = basis.strip()
        found = RegistrationBasis.objects.filter(code=code.lower()).first()
        if found is None:
            errors["basis"] = [_("Không có căn cứ đăng ký mã “%(code)s”.") % {"code": code[:40]}]
        basis = found
    elif not isinstance(basis, RegistrationBasis):
        basis = None
    if basis is None and not errors and given_case not in (None, ""):
        basis = case_basis()
    if basis is None:
        errors.setdefault(
            "basis", [_("Cần ghi căn cứ đăng ký: một hồ sơ vụ việc, hoặc một căn cứ trong danh mục.")]
        )
        return None, case, errors
    if not basis.active:
        errors["basis"] = [
            _("Căn cứ “%(label)s” không còn áp dụng cho đăng ký mới.") % {"label": basis.label}
        ]
    if basis.for_case:
        source = case_source()
        if case is None or source is None:
            errors["case"] = [
                _("Cần chọn hồ sơ vụ việc đang xử lý mà bạn được xem.")
                if given_case in (None, "")
                else _("Không tìm thấy hồ sơ vụ việc đang xử lý mà bạn được xem.")
            ]
        elif not source.choosable(actor).filter(pk=case.pk).exists():
            errors["case"] = [_("Không tìm thấy hồ sơ vụ việc đang xử lý mà bạn được xem.")]
    else:
        if given_case not in (None, ""):
            errors["case"] = [_("Chỉ căn cứ “người liên quan của hồ sơ vụ việc” mới ghi kèm hồ sơ.")]
        if status not in MEMBER_STATUSES and not basis.allows_non_members:
            errors["basis"] = [
                _(
                    "Người ngoài Đảng chỉ được đăng ký theo một hồ sơ vụ việc (căn cứ “%(label)s” "
                    "chỉ dành cho đảng viên)."
                )
                % {"label": basis.label}
            ]
    return basis, case if basis.for_case else None, errors


def _replace_legacy(person: Person, agency_id: Any, today: date) -> int:
    """A basis stated now replaces the agency's "registered before bases were recorded" placeholder."""
    return PersonBasis.objects.filter(
        person=person, agency_id=agency_id, basis__code=LEGACY, lapsed_on__isnull=True
    ).update(lapsed_on=today)


def _basis_payload(row: PersonBasis, agency_code: str) -> dict[str, Any]:
    return {"basis": row.basis.code, "agency": agency_code, "case": str(row.case_id) if row.case_id else None}


@_recording_probes
@user_action
def person_create(
    *,
    actor: Any,
    confirm_distinct: bool = False,
    father_name: str = "",
    basis: Any = None,
    case: Any = None,
    **data: Any,
) -> Person:
    """Register a person for a stated basis (`basis`: a RegistrationBasis or its code; `case`: a case —
    object, number or id — the actor may see, which alone means the case basis). Likely duplicates stop the
    save (DuplicateSuspected carries them) until the user confirms this is someone else."""
    _content_worker(actor)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {"__all__": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    data.setdefault("full_name", "")
    if int(data.get("classification") or 0) > actor.clearance:
        raise ValidationError({"classification": [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]})
    clean, errors, probes = _check(data, actor=actor)
    status = clean.get("status") or PersonStatus.MEMBER
    chosen, case, basis_errors = basis_problems(actor, basis=basis, case=case, status=status)
    for key, messages in basis_errors.items():
        errors.setdefault(key, []).extend(messages)
    _refuse(errors, probes)
    assert chosen is not None  # no errors: a basis was found
    if not confirm_distinct:
        matches = person_matches(
            actor,
            full_name=clean["full_name"],
            birth_date=clean.get("birth_date"),
            birth_year=clean.get("birth_year"),
            party_card=clean.get("party_card") or "",
            home_town=clean.get("home_town", ""),
            father_name=father_name,
        )
        if matches:
            raise DuplicateSuspected(matches)

    def write() -> Person:
        person = Person(
            **clean,
            owner_agency_id=actor.agency_id,
            **derived_columns(clean["full_name"], clean.get("other_names", ""), clean.get("home_town", "")),
        )
        person.save()
        row = PersonBasis.objects.create(
            person=person,
            basis=chosen,
            agency_id=actor.agency_id,
            case=case,
            since=timezone.localdate(),
            recorded_by=actor,
        )
        remember_words([person.full_name, person.other_names])
        # which fields were filled in, never their values (names, identity numbers, places)
        audit_record(
            action=audit_events.PERSON_CREATE,
            actor=actor,
            obj=person,
            payload={
                "confirmed_distinct": confirm_distinct,
                "fields": _filled(clean),
                **_basis_payload(row, actor.agency.code),
            },
        )
        return person

    return write_within_scope(actor, write)


@_recording_probes
@user_action
def person_update(
    *, actor: Any, person: Person, expected_version: int | None = None, **changes: Any
) -> Person:
    _content_worker(actor)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "Hồ sơ vừa được người khác sửa (phiên bản %(now)d, "
                        "bạn đang xem %(seen)d). Hãy tải lại trang."
                    )
                    % {"now": locked.version, "seen": expected_version}
                ]
            }
        )
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {"__all__": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    if int(changes.get("classification", locked.classification) or 0) > actor.clearance:
        raise ValidationError({"classification": [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]})
    clean = _clean(changes, person=locked, actor=actor)
    before = _snapshot(locked)
    sensitive = [f for f in ("ethnicity", "religion") if f in clean and clean[f] != getattr(locked, f)]
    left_party = (
        locked.status in MEMBER_STATUSES and clean.get("status", locked.status) not in MEMBER_STATUSES
    )
    for key, value in clean.items():
        setattr(locked, key, value)
    for key, value in derived_columns(locked.full_name, locked.other_names, locked.home_town).items():
        setattr(locked, key, value)
    locked.version += 1

    def write() -> Person:
        locked.save()
        remember_words([locked.full_name, locked.other_names])
        # which fields changed (masked ones too), never their values; the classification is administrative
        changed: dict[str, dict[str, Any]] = {**diff(before, _snapshot(locked)), **{f: {} for f in sensitive}}
        payload = {"changed": changed_fields(changed, values=("classification",)), "version": locked.version}
        audit_record(action=audit_events.PERSON_UPDATE, actor=actor, obj=locked, payload=payload)
        if left_party:
            # Out of the Party (expelled, removed from the roll, deceased…): the bases meant for members lapse
            # today and their retention clock starts; a case basis keeps the person as long as the case does.
            lapsed = PersonBasis.objects.filter(
                person=locked, lapsed_on__isnull=True, basis__for_case=False, basis__allows_non_members=False
            ).update(lapsed_on=timezone.localdate())
            if lapsed:
                audit_record(
                    action=audit_events.PERSON_BASIS,
                    actor=actor,
                    obj=locked,
                    payload={"lapsed": lapsed, "why": "left_party"},
                )
        return locked

    return write_within_scope(actor, write)


@user_action
def person_basis_add(*, actor: Any, person: Person, basis: Any = None, case: Any = None) -> PersonBasis:
    """State one more basis of the actor's agency for a person it may edit (a case, or a basis from the list);
    it replaces the agency's placeholder "registered before bases were recorded"."""
    _content_worker(actor)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    chosen, case, errors = basis_problems(actor, basis=basis, case=case, status=locked.status)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    current = PersonBasis.objects.filter(person=locked, lapsed_on__isnull=True)
    if (case is not None and PersonBasis.objects.filter(person=locked, case=case).exists()) or (
        case is None and current.filter(basis=chosen, agency_id=actor.agency_id, case__isnull=True).exists()
    ):
        raise ValidationError({"basis": [_("Người này đã có căn cứ này của cơ quan bạn.")]})
    today = timezone.localdate()
    row = PersonBasis.objects.create(
        person=locked, basis=chosen, agency_id=actor.agency_id, case=case, since=today, recorded_by=actor
    )
    replaced = _replace_legacy(locked, actor.agency_id, today) if chosen.code != LEGACY else 0
    audit_record(
        action=audit_events.PERSON_BASIS,
        actor=actor,
        obj=locked,
        payload={"added": row.pk, **_basis_payload(row, actor.agency.code), "replaced_legacy": replaced},
    )
    return row


@user_action
def person_basis_end(*, actor: Any, basis: PersonBasis, on: date | None = None) -> PersonBasis:
    """End a basis of the actor's agency (the unit is no longer managed, the cadre left the agency's
    management): its retention clock starts on `on`. A case basis ends only when its case closes."""
    _content_worker(actor)
    row = PersonBasis.objects.select_for_update().select_related("basis").get(pk=basis.pk)
    if not can(actor, Action.CHANGE, row):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    today = timezone.localdate()
    on = on or today
    if row.case_id is not None:
        raise ValidationError({"basis": [_("Căn cứ theo hồ sơ vụ việc tự kết thúc khi hồ sơ kết thúc.")]})
    if row.lapsed_on is not None:
        raise ValidationError({"basis": [_("Căn cứ này đã kết thúc từ trước.")]})
    if on > today or on < row.since:
        raise ValidationError({"on": [_("Ngày kết thúc phải từ ngày ghi căn cứ đến hôm nay.")]})
    row.lapsed_on = on
    row.save(update_fields=["lapsed_on"])
    audit_record(
        action=audit_events.PERSON_BASIS,
        actor=actor,
        obj=row.person,
        payload={"ended": row.pk, "basis": row.basis.code, "on": on.isoformat()},
    )
    return row


@transaction.atomic
def case_basis_keep(
    *, actor: Any, person: Person, case: Any, owner_agency_id: Any, closed_on: date | None
) -> PersonBasis:
    """Called by the cases app when a person becomes a subject of a case: the person's case basis (of the
    case's agency) is added, or kept — and current again if the case was reopened."""
    today = timezone.localdate()
    row = PersonBasis.objects.select_for_update().filter(person=person, case=case).first()
    if row is None:
        row = PersonBasis.objects.create(
            person=person,
            basis=case_basis(),
            agency_id=owner_agency_id,
            case=case,
            since=today,
            lapsed_on=closed_on,
            recorded_by=actor,
        )
        _replace_legacy(person, owner_agency_id, today)
        audit_record(
            action=audit_events.PERSON_BASIS,
            actor=actor,
            obj=person,
            payload={"added": row.pk, "basis": row.basis.code, "case": str(case.pk)},
        )
    elif closed_on is None and row.lapsed_on is not None:
        row.lapsed_on = None
        row.save(update_fields=["lapsed_on"])
    return row


@transaction.atomic
def case_bases_follow(*, actor: Any, case: Any, closed_on: date | None) -> int:
    """Called by the cases app when a case closes (`closed_on`: the retention clock of its bases starts) or is
    reopened (None: the bases are current again)."""
    rows = PersonBasis.objects.filter(case=case)
    changed = (
        rows.filter(lapsed_on__isnull=True).update(lapsed_on=closed_on)
        if closed_on is not None
        else rows.filter(lapsed_on__isnull=False).update(lapsed_on=None)
    )
    if changed:
        # The bases of a case's subjects, filed under the case: found with its events, its number and level.
        audit_record(
            action=audit_events.PERSON_BASIS,
            actor=actor,
            obj=case,
            payload={
                "case": str(case.pk),
                "bases": changed,
                "lapsed_on": closed_on.isoformat() if closed_on else None,
            },
        )
    return changed


def _dossier_write(actor: Any, person: Person) -> Person:
    _content_worker(actor)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    return locked


@user_action
def relative_add(
    *,
    actor: Any,
    person: Person,
    relation: str,
    full_name: str,
    birth_year: int | None = None,
    nationality: str = "Việt Nam",
    residence: str = "",
    occupation: str = "",
    political_history: str = "",
    linked_person: Person | None = None,
) -> Relative:
    locked = _dossier_write(actor, person)
    errors: dict[str, list[str]] = {}
    full_name = clean_text(full_name)
    if relation not in Relation.values:
        errors["relation"] = [_("Quan hệ không hợp lệ.")]
    if why := person_name_problem(full_name):
        errors["full_name"] = [why]
    if birth_year is not None and not 1850 <= birth_year <= timezone.localdate().year:
        errors["birth_year"] = [_("Năm sinh của thân nhân không hợp lệ.")]
    if (linked_person is not None and linked_person.pk == locked.pk) or (
        name_key(full_name) == locked.name_key and birth_year is not None and birth_year == locked.birth_year
    ):
        errors["full_name"] = [_("Thân nhân không thể là chính người này.")]
    if errors:
        raise ValidationError(errors)
    relative = Relative.objects.create(
        person=locked,
        relation=relation,
        full_name=full_name,
        name_folded=fold_vi(full_name),
        birth_year=birth_year,
        nationality=clean_text(nationality) or "Việt Nam",
        residence=clean_text(residence),
        occupation=clean_text(occupation),
        political_history=political_history.strip(),
        linked_person=linked_person,
    )
    audit_record(
        action=audit_events.DOSSIER_CHANGE,
        actor=actor,
        obj=locked,
        payload={"added": "relative", "relation": relation, "entry": str(relative.pk)},
    )
    return relative


@user_action
def dossier_entry_add(
    *, actor: Any, person: Person, period: str, description: str, place: str = "", source: str = ""
) -> DossierEntry:
    locked = _dossier_write(actor, person)
    if not clean_text(period) or not clean_text(description):
        raise ValidationError({"description": [_("Cần ghi thời gian và nội dung công tác.")]})
    entry = DossierEntry.objects.create(
        person=locked,
        period=clean_text(period)[:50],
        description=clean_text(description)[:500],
        place=clean_text(place)[:200],
        source=clean_text(source)[:200],
    )
    audit_record(
        action=audit_events.DOSSIER_CHANGE,
        actor=actor,
        obj=locked,
        payload={"added": "history", "entry": str(entry.pk)},
    )
    return entry


@user_action
def foreign_relation_add(
    *, actor: Any, person: Person, kind: str, description: str, country: str = "", since: str = ""
) -> ForeignRelation:
    from phoihop.people.choices import ForeignRelationKind

    locked = _dossier_write(actor, person)
    errors: dict[str, list[str]] = {}
    if kind not in ForeignRelationKind.values:
        errors["kind"] = [_("Loại quan hệ nước ngoài không hợp lệ.")]
    if not clean_text(description):
        errors["description"] = [_("Cần ghi nội dung.")]
    if errors:
        raise ValidationError(errors)
    item = ForeignRelation.objects.create(
        person=locked,
        kind=kind,
        description=clean_text(description)[:500],
        country=clean_text(country)[:100],
        since=clean_text(since)[:30],
    )
    audit_record(
        action=audit_events.DOSSIER_CHANGE,
        actor=actor,
        obj=locked,
        payload={"added": "foreign", "kind": kind, "entry": str(item.pk)},
    )
    return item


# --- merging duplicate persons
# --------------------------------------------------------------------------------
def _references() -> list[tuple[type[models.Model], str]]:
    """Every foreign key that points at Person, except the merge records themselves."""
    refs = []
    for rel in Person._meta.related_objects:
        if rel.one_to_many and rel.related_model is not PersonMerge:
            refs.append((rel.related_model, rel.field.name))
    return refs


@user_action
def person_merge(*, actor: Any, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Record that `merged` is the same person as `survivor`: every reference moves to the survivor (except
    one that would break a uniqueness rule, which keeps pointing at the merged record — itself pointing at the
    survivor), the merged record leaves search, and the exact moves are kept for `person_unmerge`."""
    _content_worker(actor)
    if survivor.pk == merged.pk:
        raise ValidationError({"merged": [_("Không thể hợp nhất một hồ sơ vào chính nó.")]})
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": [_("Cần nêu căn cứ hợp nhất (ít nhất 10 ký tự).")]})
    a, b = sorted([survivor.pk, merged.pk])
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[a, b])}
    keep, gone = locked[survivor.pk], locked[merged.pk]
    if keep.merged_into_id or gone.merged_into_id:
        raise ValidationError({"merged": [_("Một trong hai hồ sơ đã được hợp nhất trước đó.")]})
    if not (can(actor, Action.CHANGE, keep) and can(actor, Action.CHANGE, gone)):
        raise PermissionDenied(_("Bạn cần quyền sửa cả hai hồ sơ để hợp nhất."))
    moved: dict[str, list[Any]] = {}
    for model, field in _references():
        if model is Person:
            continue  # persons merged into `gone` earlier are moved below
        label = f"{model._meta.label_lower}.{field}"
        for pk in list(model._default_manager.filter(**{field: gone.pk}).values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(**{field: keep.pk})
            except IntegrityError:
                continue
            moved.setdefault(label, []).append(pk if isinstance(pk, int) else str(pk))
    gone.merged_into = keep
    gone.version += 1
    gone.save(update_fields=["merged_into", "version", "updated_at"])
    record = PersonMerge.objects.create(
        survivor=keep, merged=gone, moved=moved, reason=reason.strip(), by=actor
    )
    audit_record(
        action=audit_events.PERSON_MERGE,
        actor=actor,
        obj=keep,
        related=gone,
        reason=reason.strip(),
        payload={"merge": str(record.pk), "moved": {k: len(v) for k, v in moved.items()}},
    )
    return record


@user_action
def person_unmerge(*, actor: Any, merge: PersonMerge, reason: str) -> PersonMerge:
    _content_worker(actor)
    record = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if record.undone_at:
        raise ValidationError({"merge": [_("Lần hợp nhất này đã được hủy.")]})
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": [_("Cần nêu lý do hủy hợp nhất (ít nhất 10 ký tự).")]})
    if not can(actor, Action.CHANGE, record.survivor):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    models_by_label = {f"{m._meta.label_lower}.{f}": (m, f) for m, f in _references()}
    for label, pks in record.moved.items():
        model, field = models_by_label[label]
        model._default_manager.filter(pk__in=pks, **{field: record.survivor_id}).update(
            **{field: record.merged_id}
        )
    Person.objects.filter(pk=record.merged_id).update(merged_into=None, updated_at=timezone.now())
    record.undone_at, record.undone_by = timezone.now(), actor
    record.save(update_fields=["undone_at", "undone_by"])
    audit_record(
        action=audit_events.PERSON_UNMERGE,
        actor=actor,
        obj=record.survivor,
        related=record.merged,
        reason=reason.strip(),
        payload={"merge": str(record.pk)},
    )
    return record


# --- Party units
# ----------------------------------------------------------------------------------------------
def _unit_admin(actor: Any) -> None:
    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống cập nhật cây tổ chức đảng."))


@user_action
def unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: PartyUnit | None = None,
    valid_from: date | None = None,
) -> PartyUnit:
    _unit_admin(actor)
    errors: dict[str, list[str]] = {}
    code, name = clean_text(code).upper(), clean_text(name)
    if not code or PartyUnit.objects.filter(code=code).exists():
        errors["code"] = [_("Mã tổ chức đảng trống hoặc đã có.")]
    if not fold_vi(name) or name_problem(name) in ("control", "markup"):
        errors["name"] = [_("Cần ghi tên tổ chức đảng.")]
    if kind not in UnitKind.values:
        errors["kind"] = [_("Loại tổ chức đảng không hợp lệ.")]
    if parent is not None and parent.valid_to is not None:
        errors["parent"] = [_("Tổ chức cấp trên đã hết hiệu lực.")]
    if errors:
        raise ValidationError(errors)
    unit = PartyUnit.objects.create(
        code=code, name=name, name_folded=fold_vi(name), kind=kind, parent=parent, valid_from=valid_from
    )
    PartyUnitEvent.objects.create(
        unit=unit, kind=UnitEventKind.CREATED, on=valid_from or timezone.localdate(), new_name=name
    )
    audit_record(
        action=audit_events.UNIT_CHANGE,
        actor=actor,
        obj=unit,
        payload={"event": "created", "unit": unit.code},
    )
    return unit


@user_action
def unit_rename(*, actor: Any, unit: PartyUnit, name: str, on: date, note: str = "") -> PartyUnit:
    _unit_admin(actor)
    name = clean_text(name)
    if not fold_vi(name):
        raise ValidationError({"name": [_("Cần ghi tên tổ chức đảng.")]})
    locked = PartyUnit.objects.select_for_update().get(pk=unit.pk)
    PartyUnitEvent.objects.create(
        unit=locked,
        kind=UnitEventKind.RENAMED,
        on=on,
        old_name=locked.name,
        new_name=name,
        note=clean_text(note),
    )
    audit_record(
        action=audit_events.UNIT_CHANGE,
        actor=actor,
        obj=locked,
        payload={"event": "renamed", "changed": changed_fields({"name": {}})},
    )
    locked.name, locked.name_folded = name, fold_vi(name)
    locked.save(update_fields=["name", "name_folded"])
    return locked


@user_action
def unit_move(*, actor: Any, unit: PartyUnit, parent: PartyUnit | None, on: date) -> PartyUnit:
    _unit_admin(actor)
    locked = PartyUnit.objects.select_for_update().get(pk=unit.pk)
    ancestor, depth = parent, 0
    while ancestor is not None and depth < 50:
        if ancestor.pk == locked.pk:
            raise ValidationError(
                {"parent": [_("Không thể đặt một tổ chức làm cấp dưới của chính nó (tạo vòng lặp).")]}
            )
        ancestor, depth = ancestor.parent, depth + 1
    old = locked.parent
    locked.parent = parent
    locked.save(update_fields=["parent"])
    PartyUnitEvent.objects.create(
        unit=locked,
        kind=UnitEventKind.MOVED,
        on=on,
        other=parent,
        note=_("Trước đây trực thuộc: %(old)s") % {"old": old.name if old else "—"},
    )
    audit_record(
        action=audit_events.UNIT_CHANGE,
        actor=actor,
        obj=locked,
        payload={
            "event": "moved",
            "from": str(old.pk) if old else None,
            "to": str(parent.pk) if parent else None,
        },
    )
    return locked


@user_action
def unit_merge(*, actor: Any, unit: PartyUnit, into: PartyUnit, on: date, note: str = "") -> PartyUnit:
    """The unit ceases on `on` and its current members move to `into`; old cases still name the old unit."""
    _unit_admin(actor)
    if unit.pk == into.pk:
        raise ValidationError({"into": [_("Không thể hợp nhất một tổ chức vào chính nó.")]})
    locked = PartyUnit.objects.select_for_update().get(pk=unit.pk)
    if locked.valid_to is not None or into.valid_to is not None:
        raise ValidationError({"into": [_("Tổ chức đã hết hiệu lực, không hợp nhất được.")]})
    if PartyUnit.objects.filter(parent=locked, valid_to__isnull=True).exists():
        raise ValidationError(
            {"unit": [_("Còn tổ chức trực thuộc đang hoạt động; hãy chuyển hoặc hợp nhất chúng trước.")]}
        )
    locked.valid_to, locked.merged_into = on, into
    locked.save(update_fields=["valid_to", "merged_into"])
    moved = Person.objects.filter(unit=locked).update(unit=into)
    PartyUnitEvent.objects.create(
        unit=locked, kind=UnitEventKind.MERGED, on=on, other=into, note=clean_text(note)
    )
    PartyUnitEvent.objects.create(
        unit=into,
        kind=UnitEventKind.MERGED,
        on=on,
        other=locked,
        note=_("Tiếp nhận %(name)s") % {"name": locked.name},
    )
    audit_record(
        action=audit_events.UNIT_CHANGE,
        actor=actor,
        obj=locked,
        payload={"event": "merged", "into": str(into.pk), "persons_moved": moved},
    )
    return locked


# --- the list of registration bases (administrators)
# ----------------------------------------------------------
_BASIS_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


@user_action
def registration_basis_save(
    *,
    actor: Any,
    basis: RegistrationBasis | None = None,
    code: str = "",
    label: str,
    retention_months: int,
    allows_non_members: bool = False,
    active: bool = True,
    source: str = "",
) -> RegistrationBasis:
    """Add a basis to the list or change one. The code is fixed once created (imports and the API name bases
    by it); the built-in case basis always covers persons outside the Party and cannot be switched off. A
    changed retention period applies at once to the review list (it is read when the list is computed)."""
    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống sửa được danh mục căn cứ đăng ký."))
    errors: dict[str, list[str]] = {}
    label, source = clean_text(label), clean_text(source)
    if basis is None:
        code = clean_text(code).lower()
        if not _BASIS_CODE.match(code):
            errors["code"] = [
                _("Mã gồm 2–40 chữ thường không dấu, chữ số hoặc dấu gạch ngang, ví dụ: can-bo-dien-quan-ly.")
            ]
        elif RegistrationBasis.objects.filter(code=code).exists():
            errors["code"] = [_("Đã có căn cứ mã này.")]
    if not fold_vi(label) or name_problem(label) in ("control", "markup"):
        errors["label"] = [_("Cần ghi tên căn cứ.")]
    if not 0 <= retention_months <= 1200:
        errors["retention_months"] = [_("Thời hạn lưu phải từ 0 đến 1.200 tháng (100 năm).")]
    if basis is not None and basis.for_case and not active:
        errors["active"] = [_("Căn cứ theo hồ sơ vụ việc luôn áp dụng: các hồ sơ vụ việc dùng nó.")]
    if errors:
        raise ValidationError(errors)
    if basis is None:
        row = RegistrationBasis.objects.create(
            code=code,
            label=label,
            retention_months=retention_months,
            allows_non_members=allows_non_members,
            active=active,
            source=source,
        )
        before: dict[str, Any] = {}
    else:
        row = RegistrationBasis.objects.select_for_update().get(pk=basis.pk)
        before = {
            "retention_months": row.retention_months,
            "allows_non_members": row.allows_non_members,
            "active": row.active,
            "label": row.label,
            "source": row.source,
        }
        row.label, row.retention_months, row.active, row.source = label, retention_months, active, source
        row.allows_non_members = True if row.for_case else allows_non_members
        row.save()
    after = {
        "retention_months": row.retention_months,
        "allows_non_members": row.allows_non_members,
        "active": row.active,
        "label": row.label,
        "source": row.source,
    }
    # which texts changed (label, legal source), not the texts; periods and flags are administrative values
    changed = changed_fields(diff(before, after), values=("retention_months", "allows_non_members", "active"))
    audit_record(
        action=audit_events.REGISTRATION_BASIS_CHANGE,
        actor=actor,
        obj=row,
        payload={"basis": row.code, "created": basis is None, "changed": changed},
    )
    return row


# --- retention: deleting or anonymising persons whose
# every basis lapsed long enough ago ----------------------
MAX_JOB_PERSONS = 5000


def _keeper(actor: Any) -> None:
    if not is_registry_keeper(actor):
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Tổ chức (người giữ sổ đăng ký) làm được việc này."))


@user_action
def retention_job_start(*, actor: Any, persons: Iterable[Any], mode: str) -> RetentionJob:
    """The keeper decides: these persons (each on the keeper's review list now) are deleted or anonymised. The
    job runs in the background, checks every person again, then erases all of them in one transaction or
    none."""
    _keeper(actor)
    wanted = sorted({str(p) for p in persons})
    errors: dict[str, list[str]] = {}
    if mode not in ErasureMode.values:
        errors["mode"] = [_("Cách xử lý không hợp lệ.")]
    if not wanted:
        errors["persons"] = [_("Chưa chọn người nào.")]
    elif len(wanted) > MAX_JOB_PERSONS:
        errors["persons"] = [
            _("Mỗi lượt xử lý tối đa %(n)s người.") % {"n": f"{MAX_JOB_PERSONS:,}".replace(",", ".")}
        ]
    if errors:
        raise ValidationError(errors)
    try:
        found = {str(u) for u in due_persons(actor).filter(uuid__in=wanted).values_list("uuid", flat=True)}
    except ValidationError:  # a malformed id
        found = set()
    busy = {
        p
        for job in RetentionJob.objects.filter(
            state__in=[JobState.QUEUED, JobState.CHECKING, JobState.APPLYING]
        )
        for p in job.persons
    }
    if found != set(wanted) or busy & set(wanted):
        raise ValidationError(
            {
                "persons": [
                    _(
                        "Có người không còn trong danh sách hết thời hạn lưu hoặc đang được "
                        "xử lý ở lượt khác; hãy tải lại trang."
                    )
                ]
            }
        )
    job = RetentionJob.objects.create(mode=mode, persons=wanted, total=len(wanted), requested_by=actor)
    audit_record(
        action=audit_events.RETENTION_JOB,
        actor=actor,
        obj=job,
        payload={"job": str(job.pk), "mode": mode, "persons": len(wanted), "state": JobState.QUEUED},
    )
    from phoihop.people.tasks import run_retention_job

    after_commit(run_retention_job, job.pk)
    return job


# --- identifier holds (the registry keeper reconciles)
# --------------------------------------------------------
@user_action
def identifier_hold_open(*, actor: Any, field: str, number: str) -> IdentifierHold:
    """The keeper holds a number (reported as misused, disputed…): entering it is refused, with the same words
    as a number held by someone the user may not see, until the keeper resolves the hold."""
    _keeper(actor)
    if field not in IdentifierField.values:
        raise ValidationError({"field": [_("Loại số không hợp lệ.")]})
    number = "".join(number.split()) if field == IdentifierField.NATIONAL_ID else normalise_party_card(number)
    why = cccd_problem(number) if field == IdentifierField.NATIONAL_ID else party_card_problem(number)
    if why:
        raise ValidationError({"number": [why]})
    if IdentifierHold.objects.filter(field=field, number=number, resolved_at__isnull=True).exists():
        raise ValidationError({"number": [_("Số này đang được đối chiếu.")]})
    holder = Person.objects.filter(**{field: number}).only("pk").first()
    hold = IdentifierHold.objects.create(
        field=field, number=number, cause=HoldCause.KEEPER, holder=holder, opened_by=actor
    )
    audit_record(
        action=audit_events.IDENTIFIER_HOLD,
        actor=actor,
        obj=hold,
        payload={"hold": str(hold.pk), "field": field, "event": "opened"},
    )
    return hold


@user_action
def identifier_hold_resolve(*, actor: Any, hold: IdentifierHold, outcome: str) -> IdentifierHold:
    """The keeper settles a hold: the same person (the records merged), a wrong number, agreed with the
    agency, or simply released. Entering the number is then judged as usual again."""
    _keeper(actor)
    locked = IdentifierHold.objects.select_for_update().get(pk=hold.pk)
    if locked.resolved_at is not None:
        raise ValidationError({"outcome": [_("Số này đã được xử lý.")]})
    if outcome not in HoldOutcome.values:
        raise ValidationError({"outcome": [_("Cần chọn kết quả đối chiếu.")]})
    locked.resolved_at, locked.resolved_by, locked.outcome = timezone.now(), actor, outcome
    locked.save(update_fields=["resolved_at", "resolved_by", "outcome"])
    audit_record(
        action=audit_events.IDENTIFIER_HOLD,
        actor=actor,
        obj=locked,
        payload={"hold": str(locked.pk), "field": locked.field, "event": "resolved", "outcome": outcome},
    )
    return locked
