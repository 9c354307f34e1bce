"""Writes of the people registry: persons, dossiers, Party units, merges. Each writes its audit event in the
same transaction and keeps the folded search columns and the name vocabulary in step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, can_administer, has_role
from phoihop.access.shortcuts import write_within_scope
from phoihop.audit import registry
from phoihop.audit.services import audit_record, changed_fields, diff
from phoihop.people.choices import Relation, UnitEventKind, UnitKind
from phoihop.people.models import (
    DossierEntry,
    ForeignRelation,
    NameToken,
    PartyUnit,
    PartyUnitEvent,
    Person,
    PersonMerge,
    Relative,
)
from phoihop.people.selectors import Match, forget_vocabulary, person_matches
from phoihop.people.validation import (
    cccd_problem,
    date_problems,
    normalise_party_card,
    party_card_problem,
    person_name_problem,
)
from phoihop.search.folding import clean_text, fold_vi, name_key, name_pairs, name_problem, vi_sort_key

EDITABLE = ("full_name", "other_names", "birth_date", "birth_year", "sex", "national_id", "party_card", "ethnicity",
            "religion", "home_town", "residence", "unit", "position", "management_level", "party_joined_on",
            "party_official_on", "status", "classification")  # fmt: skip


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
        "name_folded": folded, "name_key": name_key(full_name), "sort_key": vi_sort_key(full_name),
        "search_text": " ".join(filter(None, [folded, fold_vi(other_names)]))[:500],
        "name_pairs": name_pairs(full_name, other_names),
        "name_reversed": " ".join(reversed(folded.split())),
        "home_town_folded": fold_vi(home_town)[:200],
    }  # fmt: skip


def remember_words(texts: Iterable[str]) -> None:
    words = {w for text in texts for w in fold_vi(text).split() if len(w) <= 60}
    if words:
        NameToken.objects.bulk_create([NameToken(token=w) for w in words], ignore_conflicts=True)
        forget_vocabulary()


def _clean(data: Mapping[str, Any], *, person: Person | None = None) -> dict[str, Any]:
    """Normalise and check a person's particulars; raises one ValidationError with every problem."""
    out = dict(data)
    errors: dict[str, list[str]] = {}
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
        birth_date=merged.get("birth_date"), birth_year=merged.get("birth_year"), joined=merged.get("party_joined_on"),
        official=merged.get("party_official_on"), today=timezone.localdate(),
    ).items():  # fmt: skip
        errors[key] = [why]
    if out.get("national_id"):
        out["national_id"] = "".join(out["national_id"].split())
        if why := cccd_problem(
            out["national_id"], birth_year=merged.get("birth_year"), sex=merged.get("sex") or ""
        ):
            errors["national_id"] = [why]
        elif (
            Person.objects.filter(national_id=out["national_id"])
            .exclude(pk=person.pk if person else 0)
            .exists()
        ):
            # A citizen ID is one person by law: its existence is told even if the record is out of sight.
            errors["national_id"] = [
                _("Số CCCD này đã có trong sổ đăng ký; liên hệ Ban Tổ chức để đối chiếu.")
            ]
    elif "national_id" in out:
        out["national_id"] = None
    if out.get("party_card"):
        out["party_card"] = normalise_party_card(out["party_card"])
        if why := party_card_problem(out["party_card"]):
            errors["party_card"] = [why]
        elif (
            Person.objects.filter(party_card=out["party_card"])
            .exclude(pk=person.pk if person else 0)
            .exists()
        ):
            errors["party_card"] = [_("Số thẻ đảng viên này đã có trong sổ đăng ký.")]
    elif "party_card" in out:
        out["party_card"] = None
    if errors:
        raise ValidationError(errors)
    return out


def validated(data: Mapping[str, Any]) -> dict[str, Any]:
    """A new person's particulars normalised and checked (raises ValidationError listing every problem)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {"__all__": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    return _clean({"full_name": "", **data})


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


@transaction.atomic
def person_create(
    *, actor: Any, confirm_distinct: bool = False, father_name: str = "", **data: Any
) -> Person:
    """Register a person. Likely duplicates stop the save (DuplicateSuspected carries them) until the user
    confirms this is someone else."""
    _content_worker(actor)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {"__all__": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    data.setdefault("full_name", "")
    if int(data.get("classification") or 0) > actor.clearance:
        raise ValidationError({"classification": [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]})
    clean = _clean(data)
    if not confirm_distinct:
        matches = person_matches(actor, full_name=clean["full_name"], birth_date=clean.get("birth_date"),
                                 birth_year=clean.get("birth_year"), party_card=clean.get("party_card") or "",
                                 home_town=clean.get("home_town", ""), father_name=father_name)  # fmt: skip
        if matches:
            raise DuplicateSuspected(matches)

    def write() -> Person:
        person = Person(**clean, owner_agency_id=actor.agency_id,
                        **derived_columns(clean["full_name"], clean.get("other_names", ""), clean.get("home_town", "")))  # fmt: skip
        person.save()
        remember_words([person.full_name, person.other_names])
        # which fields were filled in, never their values (names, identity numbers, places)
        audit_record(action=registry.PERSON_CREATE, actor=actor, obj=person,
                     payload={"confirmed_distinct": confirm_distinct, "fields": _filled(clean)})  # fmt: skip
        return person

    return write_within_scope(actor, write)


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, expected_version: int | None = None, **changes: Any
) -> Person:
    _content_worker(actor)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError({"__all__": [_("Hồ sơ vừa được người khác sửa (phiên bản %(now)d, bạn đang xem %(seen)d). Hãy tải lại trang.")
                                           % {"now": locked.version, "seen": expected_version}]})  # fmt: skip
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {"__all__": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    if int(changes.get("classification", locked.classification) or 0) > actor.clearance:
        raise ValidationError({"classification": [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]})
    clean = _clean(changes, person=locked)
    before = _snapshot(locked)
    sensitive = [f for f in ("ethnicity", "religion") if f in clean and clean[f] != getattr(locked, f)]
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
        audit_record(action=registry.PERSON_UPDATE, actor=actor, obj=locked, payload=payload)
        return locked

    return write_within_scope(actor, write)


def _dossier_write(actor: Any, person: Person) -> Person:
    _content_worker(actor)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    return locked


@transaction.atomic
def relative_add(
    *, actor: Any, person: Person, relation: str, full_name: str, birth_year: int | None = None,
    nationality: str = "Việt Nam", residence: str = "", occupation: str = "", political_history: str = "",
    linked_person: Person | None = None,
) -> Relative:  # fmt: skip
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
        person=locked, relation=relation, full_name=full_name, name_folded=fold_vi(full_name), birth_year=birth_year,
        nationality=clean_text(nationality) or "Việt Nam", residence=clean_text(residence),
        occupation=clean_text(occupation), political_history=political_history.strip(), linked_person=linked_person,
    )  # fmt: skip
    audit_record(action=registry.DOSSIER_CHANGE, actor=actor, obj=locked,
                 payload={"added": "relative", "relation": relation, "entry": str(relative.pk)})  # fmt: skip
    return relative


@transaction.atomic
def dossier_entry_add(*, actor: Any, person: Person, period: str, description: str, place: str = "",
                      source: str = "") -> DossierEntry:  # fmt: skip
    locked = _dossier_write(actor, person)
    if not clean_text(period) or not clean_text(description):
        raise ValidationError({"description": [_("Cần ghi thời gian và nội dung công tác.")]})
    entry = DossierEntry.objects.create(person=locked, period=clean_text(period)[:50],
                                        description=clean_text(description)[:500], place=clean_text(place)[:200],
                                        source=clean_text(source)[:200])  # fmt: skip
    audit_record(
        action=registry.DOSSIER_CHANGE,
        actor=actor,
        obj=locked,
        payload={"added": "history", "entry": str(entry.pk)},
    )
    return entry


@transaction.atomic
def foreign_relation_add(*, actor: Any, person: Person, kind: str, description: str, country: str = "",
                         since: str = "") -> ForeignRelation:  # fmt: skip
    from phoihop.people.choices import ForeignRelationKind

    locked = _dossier_write(actor, person)
    errors: dict[str, list[str]] = {}
    if kind not in ForeignRelationKind.values:
        errors["kind"] = [_("Loại quan hệ nước ngoài không hợp lệ.")]
    if not clean_text(description):
        errors["description"] = [_("Cần ghi nội dung.")]
    if errors:
        raise ValidationError(errors)
    item = ForeignRelation.objects.create(person=locked, kind=kind, description=clean_text(description)[:500],
                                          country=clean_text(country)[:100], since=clean_text(since)[:30])  # fmt: skip
    audit_record(
        action=registry.DOSSIER_CHANGE,
        actor=actor,
        obj=locked,
        payload={"added": "foreign", "kind": kind, "entry": str(item.pk)},
    )
    return item


# --- merging duplicate persons --------------------------------------------------------------------------------
def _references() -> list[tuple[type[models.Model], str]]:
    """Every foreign key that points at Person, except the merge records themselves."""
    refs = []
    for rel in Person._meta.related_objects:
        if rel.one_to_many and rel.related_model is not PersonMerge:
            refs.append((rel.related_model, rel.field.name))
    return refs


@transaction.atomic
def person_merge(*, actor: Any, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Record that `merged` is the same person as `survivor`: every reference moves to the survivor (except one
    that would break a uniqueness rule, which keeps pointing at the merged record — itself pointing at the
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
    audit_record(action=registry.PERSON_MERGE, actor=actor, obj=keep, related=gone, reason=reason.strip(),
                 payload={"merge": str(record.pk), "moved": {k: len(v) for k, v in moved.items()}})  # fmt: skip
    return record


@transaction.atomic
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
    audit_record(action=registry.PERSON_UNMERGE, actor=actor, obj=record.survivor, related=record.merged,
                 reason=reason.strip(), payload={"merge": str(record.pk)})  # fmt: skip
    return record


# --- Party units ----------------------------------------------------------------------------------------------
def _unit_admin(actor: Any) -> None:
    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống cập nhật cây tổ chức đảng."))


@transaction.atomic
def unit_create(*, actor: Any, code: str, name: str, kind: str, parent: PartyUnit | None = None,
                valid_from: date | None = None) -> PartyUnit:  # fmt: skip
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
    unit = PartyUnit.objects.create(code=code, name=name, name_folded=fold_vi(name), kind=kind, parent=parent,
                                    valid_from=valid_from)  # fmt: skip
    PartyUnitEvent.objects.create(unit=unit, kind=UnitEventKind.CREATED, on=valid_from or timezone.localdate(),
                                  new_name=name)  # fmt: skip
    audit_record(
        action=registry.UNIT_CHANGE, actor=actor, obj=unit, payload={"event": "created", "unit": unit.code}
    )
    return unit


@transaction.atomic
def unit_rename(*, actor: Any, unit: PartyUnit, name: str, on: date, note: str = "") -> PartyUnit:
    _unit_admin(actor)
    name = clean_text(name)
    if not fold_vi(name):
        raise ValidationError({"name": [_("Cần ghi tên tổ chức đảng.")]})
    locked = PartyUnit.objects.select_for_update().get(pk=unit.pk)
    PartyUnitEvent.objects.create(unit=locked, kind=UnitEventKind.RENAMED, on=on, old_name=locked.name,
                                  new_name=name, note=clean_text(note))  # fmt: skip
    audit_record(action=registry.UNIT_CHANGE, actor=actor, obj=locked,
                 payload={"event": "renamed", "changed": changed_fields({"name": {}})})  # fmt: skip
    locked.name, locked.name_folded = name, fold_vi(name)
    locked.save(update_fields=["name", "name_folded"])
    return locked


@transaction.atomic
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
    PartyUnitEvent.objects.create(unit=locked, kind=UnitEventKind.MOVED, on=on, other=parent,
                                  note=_("Trước đây trực thuộc: %(old)s") % {"old": old.name if old else "—"})  # fmt: skip
    audit_record(action=registry.UNIT_CHANGE, actor=actor, obj=locked,
                 payload={"event": "moved", "from": str(old.pk) if old else None, "to": str(parent.pk) if parent else None})  # fmt: skip
    return locked


@transaction.atomic
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
    PartyUnitEvent.objects.create(unit=into, kind=UnitEventKind.MERGED, on=on, other=locked,
                                  note=_("Tiếp nhận %(name)s") % {"name": locked.name})  # fmt: skip
    audit_record(action=registry.UNIT_CHANGE, actor=actor, obj=locked,
                 payload={"event": "merged", "into": str(into.pk), "persons_moved": moved})  # fmt: skip
    return locked
