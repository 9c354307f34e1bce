"""Need-to-know for consultations. A consultation is a case: its details, candidates, consulted bodies and
opinions follow the case's rule (cases/access_rules.py). A consulted body never sees the case: it sees its own
opinion request (the request's rule: its agency, cleared, a content role), and through it the consultation's
details, its candidates and its own opinions — never another body's. Types are read by every signed-in user
and changed by administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register, scope
from phoihop.access.scopes import through_q
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.consultations.models import Candidate, Consultation, ConsultationType, Consultee, Opinion


def _asked_cases(user: Any) -> Q:
    """Cases in which the user's agency was consulted (an opinion request it may see)."""
    return Q(Exists(_own_bodies(user).filter(case_id=OuterRef("case_id"))))


def _own_bodies(user: Any) -> Any:
    """The consulted-body rows whose opinion request the user may see (their own agency's)."""
    visible = CoordinationRequest.objects.filter(scope(CoordinationRequest, user, Action.VIEW))
    return Consultee.objects.filter(request__in=visible.values("pk"))


def _details(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.EXPORT):
        seen = through_q(user, Case, "case")
        return seen | _asked_cases(user) if action == Action.VIEW else seen
    if action == Action.CHANGE:
        return through_q(user, Case, "case", Action.CHANGE)
    return NOTHING


def _consultee(user: Any, action: Action) -> Q:
    if action == Action.VIEW:
        return through_q(user, Case, "case") | through_q(user, CoordinationRequest, "request", exists=True)
    if action == Action.EXPORT:
        return through_q(user, Case, "case")
    return NOTHING


def _opinion(user: Any, action: Action) -> Q:
    if action == Action.VIEW:
        own = Q(Exists(_own_bodies(user).filter(pk=OuterRef("consultee_id"))))
        return through_q(user, Case, "case") | own
    if action == Action.EXPORT:
        return through_q(user, Case, "case")
    return NOTHING


def _rules(user: Any, action: Action) -> Q:
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


register(Consultation, _details)
register(Candidate, _details)
register(Consultee, _consultee)
register(Opinion, _opinion)
register(ConsultationType, _rules)
