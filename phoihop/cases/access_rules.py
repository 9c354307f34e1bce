"""Need-to-know for cases: the owner agency and participant agencies see a case (within clearance, content
roles only); an agency that received a request sees that request — never the rest of the case — and may
answer it only while its time-boxed grant lasts (until it is answered or its deadline passes).

Inside the owner agency a case classified at or above the agency's `team_only_from` (Mật by default) is
visible only to its team (the lead officer and the assigned officers) and the agency's leaders; colleagues
see it in the case register as a number and a level, nothing else. A participant agency sees the requests
addressed to it, not those to other agencies or their answers, unless the owner shares them. Everything
derived from a case (requests, timeline, documents, subjects, search) asks these rules, so it follows."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register, scope
from phoihop.access.scopes import (
    CONTENT_ROLES,
    agency_q,
    break_glass_q,
    clearance_q,
    grant_q,
    membership_q,
    through_q,
)
from phoihop.cases.models import (
    Case,
    CaseSubject,
    CaseTeamMember,
    CoordinationRequest,
    DeadlineRule,
    Participant,
    StateChange,
    TimelineEvent,
)
from phoihop.core.models import Agency
from phoihop.people.access_rules import add_person_reach
from phoihop.people.bases import CaseSource, register_case_source


def team_only_from(user: Any) -> Subquery:
    """The user's agency's threshold, as an uncorrelated subquery (evaluated once by the database, and read
    fresh on every query, so an administrator's change applies at once)."""
    return Subquery(Agency.objects.filter(pk=user.agency_id).values("team_only_from")[:1])


def on_team_q(user: Any) -> Q:
    """Cases whose team includes the user (the lead officer is always on it)."""
    return Q(lead_officer_id=user.pk) | Q(
        pk__in=CaseTeamMember.objects.filter(user_id=user.pk).values("case_id")
    )


def owner_agency_q(user: Any) -> Q:
    """The owner agency's cases the user may open: all of them for its leaders; for its other content workers
    those below the agency's team threshold, and the others only when on their team."""
    own = agency_q(user, "owner_agency")
    if has_role(user, "leader"):
        return own
    return own & (Q(classification__lt=team_only_from(user)) | on_team_q(user))


def _case(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.EXPORT, Action.DOWNLOAD):
        reach = break_glass_q(user, Case)
        if has_role(user, *CONTENT_ROLES):
            reach |= owner_agency_q(user) | membership_q(user, Participant.objects.all(), "case_id")
        return clearance_q(user) & reach
    if action in (Action.CHANGE, Action.TRANSITION) and has_role(user, *CONTENT_ROLES):
        return clearance_q(user) & owner_agency_q(user)
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
        # Who sees the case: the owner agency (sender of every request of its cases) all of them, a
        # participant only the shared ones; the receiving agency sees its own requests, without the case.
        # EXISTS: a receiving agency's own requests (most of a partner's list) never look at the case
        of_visible_case = through_q(user, Case, "case", exists=True) & (
            agency_q(user, "from_agency") | Q(shared_at__isnull=False)
        )
        return clearance_q(user) & (of_visible_case | agency_q(user, "to_agency"))
    if action == Action.CHANGE:
        return (
            clearance_q(user) & agency_q(user, "from_agency") & through_q(user, Case, "case", Action.CHANGE)
        )
    return NOTHING


def _timeline(user: Any, action: Action) -> Q:
    """The timeline of a visible case, without the lines about requests the user may not see."""
    if action != Action.VIEW:
        return NOTHING
    return through_q(user, Case, "case") & (
        Q(request__isnull=True) | through_q(user, CoordinationRequest, "request")
    )


def _team(user: Any, action: Action) -> Q:
    """A case's team is seen by whoever sees the case; the services decide who changes it."""
    if action != Action.VIEW:
        return NOTHING
    return through_q(user, Case, "case")


register(Case, _case)
register(CoordinationRequest, _request)
register(TimelineEvent, _timeline)
register(StateChange, _timeline)  # read like the timeline lines that refer to it
register(CaseTeamMember, _team)


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
    return Q(Exists(CaseSubject.objects.filter(through_q(user, Case, "case"), person_id=OuterRef("pk"))))


def _case_subject(user: Any, action: Action) -> Q:
    if action != Action.VIEW:
        return NOTHING
    return through_q(user, Case, "case")


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
