"""Field masking: sensitive fields are hidden unless the viewer may see them, and revealing one is audited.

Each app registers its sensitive fields once with a rule `visibility(user, obj)`:
  SHOWN      the viewer may always see it (e.g. their own e-mail) — no audit needed;
  ON_REQUEST the viewer may see it when they ask for it — shown masked, and revealing it is audited;
  HIDDEN     the viewer may never see it.
Lists always show masked values; a detail view reveals a field only when asked (`reveal=`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

MASK = "•••"


class Visibility(Enum):
    HIDDEN = "hidden"
    ON_REQUEST = "on_request"
    SHOWN = "shown"


_SENSITIVE: dict[type[models.Model], dict[str, Callable[[Any, Any], Visibility]]] = {}


def register_sensitive(
    model: type[models.Model], field: str, visibility: Callable[[Any, Any], Visibility]
) -> None:
    fields = _SENSITIVE.setdefault(model, {})
    if field in fields:
        raise ValueError(f"{model.__name__}.{field} is registered as sensitive twice")
    fields[field] = visibility


def sensitive_fields(model: type[models.Model]) -> list[str]:
    return list(_SENSITIVE.get(model, {}))


def visibility(user: Any, obj: models.Model, field: str) -> Visibility:
    rule = _SENSITIVE.get(type(obj), {}).get(field)
    if rule is None:
        return Visibility.SHOWN
    if user is None or not getattr(user, "is_authenticated", False):
        return Visibility.HIDDEN
    return rule(user, obj)


def mask_dict(
    user: Any, obj: models.Model, data: Mapping[str, Any], *, reveal: Iterable[str] = ()
) -> dict[str, Any]:
    """`data` (a serialised `obj`) with every sensitive field masked, except those the user may see
    outright and those in `reveal` that the user may see on request (each reveal is audited)."""
    result = dict(data)
    wanted = set(reveal)
    for field in sensitive_fields(type(obj)):
        if field not in result:
            continue
        seen = visibility(user, obj, field)
        if seen is Visibility.SHOWN:
            continue
        if seen is Visibility.ON_REQUEST and field in wanted:
            _audit_reveal(user, obj, field)
            continue
        result[field] = MASK if result[field] not in (None, "") else result[field]
    return result


def reveal(user: Any, obj: models.Model, field: str, *, reason: str = "") -> Any:
    """The value of one sensitive field, if the user may see it; the reveal is audited."""
    seen = visibility(user, obj, field)
    if seen is Visibility.HIDDEN:
        raise PermissionDenied(field)
    if seen is Visibility.ON_REQUEST:
        _audit_reveal(user, obj, field, reason=reason)
    return getattr(obj, field)


def _audit_reveal(user: Any, obj: models.Model, field: str, *, reason: str = "") -> None:
    from phoihop.access import audit_events
    from phoihop.audit.services import audit_record

    audit_record(
        action=audit_events.RECORD_UNMASK, actor=user, obj=obj, reason=reason, payload={"field": field}
    )
