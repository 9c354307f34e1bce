"""Building blocks of access rules, each one SQL condition: clearance, participation, grants, break-glass.

A model's rule combines them, e.g. for a case:
    clearance_q(user) & (participation_q(user, "participants__agency") | grant_q(user, Case, action))
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from phoihop.access.policy import Action, scope


def clearance_q(user: Any, field: str = "classification") -> Q:
    """Objects classified at or below the user's clearance; above it they do not exist for the user."""
    return Q(**{f"{field}__lte": int(user.clearance)})


def agency_q(user: Any, path: str) -> Q:
    """Objects whose `path` (an agency foreign key, possibly across relations) is the user's agency."""
    return Q(**{path: user.agency_id})


def grant_q(user: Any, model: type[models.Model], action: Action | str, pk: str = "pk") -> Q:
    """Objects for which the user's agency holds an active time-boxed grant for `action`."""
    from phoihop.access.models import AccessGrant

    grants = AccessGrant.objects.active().filter(
        agency_id=user.agency_id, content_type=ContentType.objects.get_for_model(model), action=str(action)
    )
    return Q(**{f"{pk}__in": grants.values("object_id")})


def break_glass_q(user: Any, model: type[models.Model], pk: str = "pk") -> Q:
    """Objects the user opened by break-glass that has not yet expired (administrators only)."""
    from phoihop.access.models import BreakGlass

    if not user.has_role("admin"):
        return Q(pk__in=[])
    opened = BreakGlass.objects.filter(
        user_id=user.pk, content_type=ContentType.objects.get_for_model(model), expires_at__gt=timezone.now()
    )
    return Q(**{f"{pk}__in": opened.values("object_id")})


# Roles that work on case content. Auditors and administrators do not see content by their role alone.
CONTENT_ROLES = ("clerk", "officer", "leader", "liaison")


def membership_q(user: Any, through: Any, object_field: str, agency_field: str = "agency_id") -> Q:
    """Objects whose membership rows (e.g. a case's participants) include the user's agency, as a subquery:
    no join, so no duplicate rows and no DISTINCT."""
    return Q(pk__in=through.filter(**{agency_field: user.agency_id}).values(object_field))


def rows_q(queryset: QuerySet[Any], field: str) -> Q:
    """Rows whose `field` (a foreign key) points at one of `queryset`'s rows, as a correlated EXISTS: the
    database looks up each row's parent by its key instead of first listing every row of `queryset`."""
    return Q(Exists(queryset.filter(pk=OuterRef(field))))


def through_q(
    user: Any,
    model: type[models.Model],
    relation: str,
    action: Action | str = Action.VIEW,
    *,
    exists: bool = False,
) -> Q:
    """Rows whose `relation` (a forward foreign key) points at a `model` row the user may `action` (the lines
    of a visible case). The parent's rule is re-rooted on the relation (`case__owner_agency=…`), so the
    database joins the parent and reads its columns row by row, with the real row counts in its estimates,
    instead of first listing every row the user may see of the parent (12,000 cases at a province's size,
    growing with the table). A rule holding an expression that cannot be re-rooted, or a caller asking for
    `exists` (a rule whose parent branch is the rare one: the database then tries it last, after the cheap
    branches, instead of joining every parent first), is asked as a correlated EXISTS."""
    rule = scope(model, user, action)
    if exists:
        return rows_q(model._default_manager.filter(rule), f"{relation}_id")
    try:
        return _rerooted(rule, f"{relation}__")
    except _NotRerootable:
        return rows_q(model._default_manager.filter(rule), f"{relation}_id")


class _NotRerootable(Exception):
    pass


def _rerootable_value(value: Any) -> bool:
    """A constant or a subquery of its own (rules never put an outer reference in one); not a reference to the
    model's own columns (F("…")), which would name the other model's columns once re-rooted."""
    return isinstance(value, QuerySet | Subquery) or not hasattr(value, "resolve_expression")


def _rerooted(node: Q, prefix: str) -> Q:
    out = Q()
    out.connector, out.negated = node.connector, node.negated
    for child in node.children:
        if isinstance(child, Q):
            out.children.append(_rerooted(child, prefix))
        elif isinstance(child, tuple) and len(child) == 2 and _rerootable_value(child[1]):
            out.children.append((prefix + child[0], child[1]))
        else:  # an expression (EXISTS with an outer reference, say) is about its own model's row
            raise _NotRerootable
    return out
