"""The body of a retention job (run by `people.tasks`): check every person, then delete or anonymise all of
them in one transaction — or none, naming why each blocked person could not be erased.

Checking runs in small autocommitted steps so the keeper's page shows progress; erasing runs in one
transaction that checks again under row locks (a basis added or a case linked meanwhile stops the job: nothing
changes).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.db import models, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from phoihop.audit import context
from phoihop.audit.models import Outcome
from phoihop.audit.services import audit_record
from phoihop.people import audit_events
from phoihop.people.bases import case_source, live_bases_q
from phoihop.people.choices import BlockReason, ErasureMode, JobState, ManagementLevel
from phoihop.people.models import Person, PersonBasis, RetentionJob

log = logging.getLogger(__name__)
CHUNK = 100
ANONYMOUS_NAME = "•••"  # the mask of every masked value: language-neutral, and no one's name

# Cleared on anonymisation: every identifying particular and every search column. Kept: the keys (integer and
# UUID, so links from cases still resolve), status, management level, classification and the owner agency
# (counts by category stay true), and the bases (codes and dates: why the person was kept, and until when).
_CLEARED: dict[str, Any] = {
    "full_name": ANONYMOUS_NAME,
    "other_names": "",
    "name_folded": "",
    "name_key": "",
    "search_text": "",
    "name_pairs": "",
    "name_reversed": "",
    "sort_key": "",
    "birth_date": None,
    "birth_year": None,
    "sex": "",
    "national_id": None,
    "party_card": None,
    "ethnicity": "",
    "religion": "",
    "home_town": "",
    "home_town_folded": "",
    "residence": "",
    "unit": None,
    "position": "",
    "party_joined_on": None,
    "party_official_on": None,
}


def _set(job: RetentionJob, **values: Any) -> None:
    RetentionJob.objects.filter(pk=job.pk).update(**values)
    for key, value in values.items():
        setattr(job, key, value)


def _still_due(pks: list[int]) -> set[int]:
    today = timezone.localdate()
    live = PersonBasis.objects.filter(live_bases_q(today)).values("person_id")
    return set(
        Person.objects.filter(pk__in=pks, merged_into__isnull=True, anonymised_at__isnull=True)
        .filter(pk__in=PersonBasis.objects.values("person_id"))
        .exclude(pk__in=live)
        .values_list("pk", flat=True)
    )


def _in_open_cases(pks: list[int]) -> set[int]:
    source = case_source()
    if source is None:
        return set()
    return set(source.open_subjects().filter(person_id__in=pks).values_list("person_id", flat=True))


def _referenced(person: Person) -> bool:
    """Whether deleting would break a protected reference (a
    closed case naming the person, a merge record)."""
    try:
        Collector(using=Person.objects.db).collect([person])
    except (ProtectedError, RestrictedError):
        return True
    return False


def _blockers(job: RetentionJob, persons: list[Person]) -> list[dict[str, str]]:
    pks = [p.pk for p in persons]
    due, held = _still_due(pks), _in_open_cases(pks)
    blocked = []
    for person in persons:
        if person.pk in held:
            reason = BlockReason.OPEN_CASE
        elif person.pk not in due:
            reason = BlockReason.NOT_DUE
        elif job.mode == ErasureMode.DELETE and _referenced(person):
            reason = BlockReason.REFERENCED
        else:
            continue
        blocked.append({"person": str(person.uuid), "reason": str(reason)})
    return blocked


def _anonymise(person: Person) -> None:
    """Clear one record and its dossier; records merged into it are the same person and go the same way."""
    # Every reverse relation, hidden ones too (relatives link a person with related_name="+").
    for rel in Person._meta.get_fields(include_hidden=True):
        if not isinstance(rel, models.ForeignObjectRel) or not rel.one_to_many:
            continue
        if rel.related_model in (Person, PersonBasis):
            continue
        manager, field = cast(Any, rel.related_model)._default_manager, rel.field.name
        if rel.on_delete is models.CASCADE:
            # the dossier: history, relatives, foreign relations, attachments (their own cascades run too)
            for obj in manager.filter(**{field: person.pk}):
                obj.delete()
        elif rel.on_delete is models.SET_NULL:  # others' relatives linked to this person, holds naming it
            manager.filter(**{field: person.pk}).update(**{field: None})
        # PROTECT (cases naming the person, merge records) keep pointing at the anonymous record.
    Person.objects.filter(pk=person.pk).update(
        **_CLEARED,
        management_level=ManagementLevel.NONE,
        anonymised_at=timezone.now(),
        version=models.F("version") + 1,
        updated_at=timezone.now(),
    )
    for merged in Person.objects.filter(merged_into=person, anonymised_at__isnull=True):
        _anonymise(merged)


def _erase(job: RetentionJob, persons: list[Person]) -> None:
    actor = job.requested_by
    for person in persons:
        # Recorded before the row goes, from the row: the event names the person by UUID and keeps its level,
        # which an auditor is shown for every person event (a deleted person can no longer be read for it).
        audit_record(
            action=audit_events.PERSON_ERASE,
            actor=actor,
            obj=person,
            payload={"job": str(job.pk), "mode": job.mode},
        )
        if job.mode == ErasureMode.DELETE:
            person.delete()
        else:
            _anonymise(person)


def _finish(job: RetentionJob, state: str, blocked: list[dict[str, str]] | None = None) -> None:
    _set(job, state=state, blocked=blocked or [], finished_at=timezone.now())
    audit_record(
        action=audit_events.RETENTION_JOB,
        actor=job.requested_by,
        obj=job,
        outcome=Outcome.ALLOWED if state == JobState.DONE else Outcome.DENIED,
        payload={
            "job": str(job.pk),
            "mode": job.mode,
            "persons": job.total,
            "state": state,
            "blocked": sorted({b["reason"] for b in blocked or []}),
        },
    )


def run(job_id: Any) -> str:
    """Run a queued job to its end; returns the final state."""
    job = RetentionJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.state != JobState.QUEUED:
        return job.state if job else "gone"
    _set(job, state=JobState.CHECKING, started_at=timezone.now())
    found = {str(p.uuid): p for p in Person.objects.filter(uuid__in=job.persons)}
    blocked = [{"person": u, "reason": str(BlockReason.GONE)} for u in job.persons if u not in found]
    persons = [found[u] for u in job.persons if u in found]
    for start in range(0, len(persons), CHUNK):
        blocked += _blockers(job, persons[start : start + CHUNK])
        _set(job, checked=min(start + CHUNK, len(persons)))
    _set(job, checked=job.total)
    if blocked:
        _finish(job, JobState.FAILED, blocked)
        return job.state
    _set(job, state=JobState.APPLYING)
    try:
        with transaction.atomic():
            locked = list(
                Person.objects.select_for_update().filter(pk__in=[p.pk for p in persons]).order_by("pk")
            )
            again = _blockers(job, locked)  # under the row locks: nothing slipped in since the check
            gone = {str(p.uuid) for p in persons} - {str(p.uuid) for p in locked}
            again += [{"person": u, "reason": str(BlockReason.GONE)} for u in sorted(gone)]
            if again:
                raise _Changed(again)
            _erase(job, locked)
            _finish(job, JobState.DONE)
    except _Changed as changed:
        _finish(job, JobState.FAILED, changed.blocked)
    except Exception:
        rid = context.current().request_id
        log.exception("retention job %s failed while erasing (request %s); nothing was changed", job.pk, rid)
        _finish(job, JobState.FAILED, [{"person": "", "reason": str(BlockReason.ERROR)}])
    return job.state


class _Changed(Exception):
    def __init__(self, blocked: list[dict[str, str]]) -> None:
        super().__init__("persons changed between the check and the erasure")
        self.blocked = blocked
