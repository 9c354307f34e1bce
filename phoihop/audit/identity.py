"""What the audit may say about an object: its identifiers and classification, never what it says.

An event names its object by type and public identifier (UUID); `object_repr` adds the identifiers a person
uses (a case or document number, an agency code, a username), and the payload gets the object's classification
as `level`. Titles, names, identity numbers and free text are never written (decision 64).

Declared here per model label, as ORM paths, as each event type declares its payload keys: audit_record
writes them, and the auditor's pages read them for a whole page in one query per object type. `content` names
the fields that say what an object is (a title, a person's name): never written to the audit, shown beside an
event only to an auditor whom the access policy lets see the object when the page is read
(audit/disclosure.py). A model without an entry is written with its type and UUID only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

SEPARATOR = " · "


@dataclass(frozen=True)
class Identity:
    fields: tuple[
        str, ...
    ] = ()  # identifiers, e.g. ("number",) or ("case__number", "kind", "to_agency__code")
    level: str | None = None  # the classification field, if the object has one
    content: tuple[str, ...] = ()  # what the object says about itself: shown at read time, through the policy

    def paths(self) -> tuple[str, ...]:
        return (*self.fields, *((self.level,) if self.level else ()))


IDENTITIES: dict[str, Identity] = {
    "core.agency": Identity(("code",), content=("name",)),
    "core.user": Identity(("username",), content=("full_name",)),
    "core.apitoken": Identity(("prefix", "user__username")),
    "core.calendarday": Identity(("date", "kind", "agency__code"), content=("name",)),
    "cases.case": Identity(("number",), level="classification", content=("title",)),
    "cases.coordinationrequest": Identity(
        ("case__number", "kind", "to_agency__code"), level="classification"
    ),
    "cases.deadlinerule": Identity(("kind", "step")),
    "documents.document": Identity(("number_symbol",), level="classification", content=("title",)),
    "documents.issuednumber": Identity(("number_symbol",), content=("subject",)),
    "documents.formatregime": Identity(("code",)),
    "documents.term": Identity(("name", "starts_on", "issuer__code")),
    "people.person": Identity(level="classification", content=("full_name",)),
    "people.partyunit": Identity(("code",), content=("name",)),
    "people.registrationbasis": Identity(("code",), content=("label",)),
    "people.identifierhold": Identity(("field",)),  # the kind of number; the number itself is never written
    "people.retentionjob": Identity(("mode",)),
}


def identity_of(label: str) -> Identity | None:
    return IDENTITIES.get(label)


def key_field(model: type[models.Model]) -> str:
    """The field an event's object_id refers to: a `uuid` field
    for models keyed by integers (persons), else pk."""
    return "uuid" if any(f.name == "uuid" for f in model._meta.concrete_fields) else "pk"


def public_id(obj: models.Model) -> str:
    return str(getattr(obj, "uuid", None) or obj.pk)


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def join(values: Iterable[Any]) -> str:
    return SEPARATOR.join(t for t in (text(v) for v in values) if t)


def _follow(obj: Any, path: str) -> Any:
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def describe(obj: models.Model) -> tuple[str, int | None]:
    """(identifiers, classification level) of an object about
    to be audited; ("", None) for an undeclared model."""
    identity = identity_of(obj._meta.label_lower)
    if identity is None:
        return "", None
    level = _follow(obj, identity.level) if identity.level else None
    return join(_follow(obj, path) for path in identity.fields), (int(level) if level is not None else None)
