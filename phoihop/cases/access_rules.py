"""Need-to-know for cases: the owner agency and participant agencies see a case (within clearance, content
roles only); an agency that received a request sees that request — never the rest of the case — and may
answer it only while its time-boxed grant lasts (until it is answered or its deadline passes)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q

from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register, scope
from phoihop.access.scopes import CONTENT_ROLES, agency_q, break_glass_q, clearance_q, grant_q, membership_q
from phoihop.cases.models import (
    Case,
    CaseSubject,
    CoordinationRequest,
    DeadlineRule,
    Participant,
    TimelineEvent,
)
from phoihop.people.access_rules import add_person_reach
from phoihop.people.bases import CaseSource, register_case_source


def _case(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.EXPORT, Action.DOWNLOAD):
        reach = break_glass_q(user, Case)
        if has_role(user, *CONTENT_ROLES):
            reach |= agency_q(user, "owner_agency") | membership_q(user, Participant.objects.all(), "case_id")
        return clearance_q(user) & reach
    if action in (Action.CHANGE, Action.TRANSITION) and has_role(user, *CONTENT_ROLES):
        return clearance_q(user) & agency_q(user, "owner_agency")
    return NOTHING


def _request(user: Any, action: Action) -> Q:
    if not has_role(user, *CONTENT_ROLES):
        return NOTHING
    if action == Action.RESPOND:
        return (
            clearance_q(user)
            & grant_q(user, CoordinationRequest, Action.RESPOND)
            & agency_q(user, "to_agency")
        )
    if action in (Action.VIEW, Action.EXPORT, Action.DOWNLOAD):
        case_ids = Case.objects.filter(scope(Case, user, Action.VIEW)).values("pk")
        return clearance_q(user) & (Q(case_id__in=case_ids) | agency_q(user, "to_agency"))
    if action == Action.CHANGE:
        return clearance_q(user) & agency_q(user, "from_agency")
    return NOTHING


def _timeline(user: Any, action: Action) -> Q:
    if action != Action.VIEW:
        return NOTHING
    return Q(case_id__in=Case.objects.filter(scope(Case, user, Action.VIEW)).values("pk"))


register(Case, _case)
register(CoordinationRequest, _request)
register(TimelineEvent, _timeline)


def _deadline_rule(user: Any, action: Action) -> Q:
    """Deadline rules are not secret: every signed-in user reads them; administrators change them."""
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


register(DeadlineRule, _deadline_rule)


def _subject_of_visible_case(user: Any) -> Q:
    """A partner reaches a registered person through a case it may see that is about that person."""
    visible = Case.objects.filter(scope(Case, user, Action.VIEW)).values("pk")
    return Q(pk__in=CaseSubject.objects.filter(case__in=visible).values("person_id"))


def _case_subject(user: Any, action: Action) -> Q:
    if action != Action.VIEW:
        return NOTHING
    return Q(case__in=Case.objects.filter(scope(Case, user, Action.VIEW)).values("pk"))


register(CaseSubject, _case_subject)
add_person_reach(_subject_of_visible_case)


def _open_cases(user: Any) -> Any:
    """Cases a person may be registered for: open ones the user may see, newest first."""
    return _scope_open(user).order_by("-opened_on", "-number")


def _scope_open(user: Any) -> Any:
    return Case.objects.filter(scope(Case, user, Action.VIEW), closed_on__isnull=True)


def _find_open_case(user: Any, reference: str) -> Case | None:
    """An open case the user may see, by its number (PH-2026-00017) or its id."""
    try:
        return _scope_open(user).filter(pk=uuid.UUID(reference)).first()
    except ValueError:
        return _scope_open(user).filter(number=reference.strip().upper()).first()


register_case_source(
    CaseSource(
        choosable=_open_cases,
        find=_find_open_case,
        open_subjects=lambda: CaseSubject.objects.filter(case__closed_on__isnull=True),
    )
)
