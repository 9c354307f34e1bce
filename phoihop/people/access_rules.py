"""Need-to-know for the people registry.

The Organization Board (the hub) keeps the registry: its content workers see every person within their
clearance. A partner agency sees the persons it registered itself, the persons for whom it holds a current
registration basis (a record the keeper merged into an existing one keeps its agency's sight through the moved
basis), and the persons who are subjects of a case it may see — nothing else, not even in search counts or
suggestions. Bases are seen with their person: the hub sees every agency's, a partner only its own. The review
list, retention jobs and identifier holds belong to the hub's registry keeper (a hub leader). Other apps add
such reaches with `add_person_reach()` (the cases app adds "subject of a case I may see"), so this app imports
none of them. Ethnicity, religion and relatives' political history are masked; revealing them is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from phoihop.access.masking import Visibility, register_sensitive
from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register
from phoihop.access.scopes import CONTENT_ROLES, agency_q, break_glass_q, clearance_q, through_q
from phoihop.people.bases import is_registry_keeper
from phoihop.people.models import (
    DisciplineRecord,
    DossierEntry,
    ForeignRelation,
    IdentifierHold,
    PartyUnit,
    PartyUnitEvent,
    Person,
    PersonBasis,
    PersonMerge,
    RegistrationBasis,
    Relative,
    RetentionJob,
)

_REACH: list[Callable[[Any], Q]] = []


def add_person_reach(reach: Callable[[Any], Q]) -> None:
    """Another app's way for a partner user to reach a person (a Q over Person)."""
    _REACH.append(reach)


def _is_hub(user: Any) -> bool:
    agency = getattr(user, "agency", None)
    return bool(agency is not None and agency.is_hub)


def _person(user: Any, action: Action) -> Q:
    if not has_role(user, *CONTENT_ROLES):
        return (
            break_glass_q(user, Person, pk="uuid") & clearance_q(user) if action == Action.VIEW else NOTHING
        )
    if action in (Action.VIEW, Action.EXPORT, Action.DOWNLOAD):
        if _is_hub(user):
            return clearance_q(user)
        reach = agency_q(user, "owner_agency") | Q(
            pk__in=PersonBasis.objects.filter(agency_id=user.agency_id, lapsed_on__isnull=True).values(
                "person_id"
            )
        )
        for extra in _REACH:
            reach |= extra(user)
        return clearance_q(user) & reach
    if action in (Action.CHANGE, Action.ADMINISTER):
        if has_role(user, "liaison") and not has_role(user, "clerk", "officer", "leader"):
            return NOTHING  # liaisons carry correspondence; they do not edit the registry
        reach = Q() if _is_hub(user) else agency_q(user, "owner_agency")
        return clearance_q(user) & reach & Q(merged_into__isnull=True, anonymised_at__isnull=True)
    return NOTHING


def _of_person(user: Any, action: Action) -> Q:
    person_action = Action.VIEW if action in (Action.VIEW, Action.EXPORT) else action
    return through_q(user, Person, "person", person_action)


def _merge(user: Any, action: Action) -> Q:
    if action != Action.VIEW:
        return NOTHING
    return through_q(user, Person, "survivor")


def _unit(user: Any, action: Action) -> Q:
    """The Party organisation tree is not secret: every signed-in user reads it; administrators change it."""
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


def _unit_event(user: Any, action: Action) -> Q:
    return Q() if action == Action.VIEW and is_active_user(user) else NOTHING


def _person_basis(user: Any, action: Action) -> Q:
    """A basis is seen with its person: by the hub, every agency's; by a partner, its own agency's. It is
    ended by the agency that stated it, on a person that agency may edit."""
    if action == Action.VIEW:
        own = Q() if _is_hub(user) else agency_q(user, "agency")
        return own & through_q(user, Person, "person")
    if action == Action.CHANGE:
        return agency_q(user, "agency") & through_q(user, Person, "person", Action.CHANGE)
    return NOTHING


def _registration_basis(user: Any, action: Action) -> Q:
    """The list of bases is not secret: every signed-in user reads it; administrators change it."""
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


def _keeper_only(user: Any, action: Action) -> Q:
    """Retention jobs and identifier holds: the hub's registry
    keeper only (they name persons by identifier)."""
    return Q() if action in (Action.VIEW, Action.CHANGE) and is_registry_keeper(user) else NOTHING


def _sensitive(user: Any, obj: Any) -> Visibility:
    return Visibility.ON_REQUEST if has_role(user, *CONTENT_ROLES) else Visibility.HIDDEN


register(Person, _person)
register(DossierEntry, _of_person)
register(Relative, _of_person)
register(ForeignRelation, _of_person)
register(DisciplineRecord, _of_person)
register(PersonMerge, _merge)
register(PersonBasis, _person_basis)
register(RegistrationBasis, _registration_basis)
register(RetentionJob, _keeper_only)
register(IdentifierHold, _keeper_only)
register(PartyUnit, _unit)
register(PartyUnitEvent, _unit_event)
register_sensitive(Person, "ethnicity", _sensitive)
register_sensitive(Person, "religion", _sensitive)
register_sensitive(Relative, "political_history", _sensitive)
