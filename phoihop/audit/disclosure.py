"""What an auditor is shown of each event: who did what to which object, when, from where, with what outcome —
and of the object only what the access policy lets this auditor see when the page is read.

Stored events are never rewritten (the chain would break), and older ones hold titles, names and snapshots. So
every page, API answer and export of the audit passes its events through `disclose()`, which decides per
event:
- the object: an auditor who may see it (access.policy.restrict, asked once per object type for a whole page)
  gets its identifiers and what it is (a case's title beside its number); one who may not gets its type, UUID,
  identifiers and classification level, read from the row now, never the stored `object_repr`;
- the payload: keys the event type declares as identifiers or administrative values are shown; search texts
  only to auditors of the top clearance; any other key (content written by older versions) only with the
  object;
- the reason: shown when the type declares it a justification auditors judge, otherwise only with the object.
What is held back is listed in `withheld` (field names, never values), so an auditor knows the event was not
cut.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from phoihop.access.policy import Action, restrict
from phoihop.audit import identity, registry
from phoihop.audit.chain import canonical_payload
from phoihop.audit.models import AuditEvent


@dataclass(frozen=True)
class Disclosed:
    """One event as a given auditor may see it."""

    event: AuditEvent
    object_label: str = ""  # identifiers, plus what the object is when the auditor may see it
    level: int | None = None
    object_visible: bool = False
    object_repr: str = ""  # the stored text, only when the auditor may see the object
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    withheld: tuple[str, ...] = ()

    @property
    def level_label(self) -> str:
        return str(_level_labels().get(self.level, "")) if self.level is not None else ""

    @property
    def payload_text(self) -> str:
        return canonical_payload(self.payload) if self.payload else ""


@dataclass(frozen=True)
class _Known:
    label: str
    level: int | None
    visible: bool


@cache
def _level_labels() -> dict[int, Any]:
    """Classification levels share one enumeration with clearances (core.choices.Clearance): read it from the
    user model, which the audit may know without importing core."""
    return dict(get_user_model()._meta.get_field("clearance").flatchoices)


def top_clearance() -> int:
    return max(_level_labels())


def reads_search_texts(viewer: Any) -> bool:
    """Search texts say what someone was looking for: only auditors of the top clearance read them."""
    return int(getattr(viewer, "clearance", 0) or 0) >= top_clearance()


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None  # "search", "page", "documents.template": nothing to resolve


def _resolve(label: str, ids: set[str], viewer: Any) -> dict[str, _Known]:
    """The objects of one type on the page: identifiers and level for all, content for those the viewer may
    see. Two queries whatever the number of events."""
    model = _model(label)
    if model is None:
        return {}
    key = identity.key_field(model)
    key_field = cast("models.Field[Any, Any]", model._meta.pk if key == "pk" else model._meta.get_field(key))
    # the identifier as the database returns it → as the events wrote it (a UUID with or without dashes)
    keys: dict[str, list[str]] = defaultdict(list)
    for raw in ids:
        try:
            keys[str(key_field.to_python(raw))].append(raw)
        except (ValidationError, ValueError, TypeError):
            continue  # not an identifier of this model: nothing to resolve
    if not keys:
        return {}
    known = identity.identity_of(label) or identity.Identity()
    base = model._default_manager.filter(**{f"{key}__in": list(keys)})
    seen = {
        str(row[key]): row
        for row in restrict(base, viewer, Action.VIEW).order_by().values(key, *known.content)
    }
    rows = base.order_by().values(key, *known.paths()) if known.paths() else []
    found: dict[str, _Known] = {}
    for row in rows:
        public = str(row[key])
        level = row[known.level] if known.level else None
        label_text = identity.join(row[p] for p in known.fields)
        if public in seen:
            label_text = " — ".join(
                t for t in (label_text, identity.join(seen[public][c] for c in known.content)) if t
            )
        for raw in keys[public]:
            found[raw] = _Known(label_text, level, visible=public in seen)
    for public, row in seen.items():  # visible objects of a type without declared identifiers
        for raw in keys[public]:
            found.setdefault(raw, _Known(identity.join(row[c] for c in known.content), None, visible=True))
    return found


def _one(event: AuditEvent, known: _Known | None, searches_ok: bool) -> Disclosed:
    event_type = registry.find(event.action)
    visible = known is not None and known.visible
    withheld: list[str] = []
    shown: dict[str, Any] = {}
    for key, value in event.payload_data.items():
        if event_type is not None and key in event_type.searches:
            ok = searches_ok
        else:
            ok = visible or (event_type is not None and event_type.shows(key))
        if ok:
            shown[key] = value
        else:
            withheld.append(f"payload.{key}")
    reason = event.reason if visible or (event_type is not None and event_type.justification) else ""
    if event.reason and not reason:
        withheld.append("reason")
    if event.object_repr and not visible:
        withheld.append("object_repr")
    level = known.level if known is not None and known.level is not None else _stored_level(shown)
    return Disclosed(
        event=event,
        object_label=known.label if known is not None else "",
        level=level,
        object_visible=visible,
        object_repr=event.object_repr if visible else "",
        reason=reason,
        payload=shown,
        withheld=tuple(withheld),
    )


def _stored_level(payload: dict[str, Any]) -> int | None:
    level = payload.get("level")
    return level if isinstance(level, int) and not isinstance(level, bool) else None


def disclose(events: Iterable[AuditEvent], viewer: Any) -> list[Disclosed]:
    """Every event as `viewer` may see it; the objects are resolved per type, not per event (no N+1)."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type and event.object_id:
            wanted[event.object_type].add(event.object_id)
    resolved = {label: _resolve(label, ids, viewer) for label, ids in wanted.items()}
    searches_ok = reads_search_texts(viewer)
    return [
        _one(event, resolved.get(event.object_type, {}).get(event.object_id), searches_ok) for event in events
    ]


def disclose_stream(events: Iterable[AuditEvent], viewer: Any, batch: int = 1000) -> Iterator[Disclosed]:
    """disclose() for exports: a batch at a time, so a long export stays in bounded memory and queries."""
    iterator = iter(events)
    while chunk := list(islice(iterator, batch)):
        yield from disclose(chunk, viewer)


def row(item: Disclosed) -> dict[str, Any]:
    """A flat row for the exports."""
    e = item.event
    return {
        "seq": e.seq,
        "occurred_at": e.occurred_at,
        "actor": e.actor_name,
        "agency": e.agency_code,
        "action": e.action,
        "outcome": e.outcome,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "object": item.object_label,
        "level": item.level_label,
        "related": f"{e.related_type}:{e.related_id}" if e.related_id else "",
        "ip": e.ip or "",
        "request_id": e.request_id,
        "reason": item.reason,
        "payload": item.payload_text,
        "withheld": ", ".join(item.withheld),
    }
