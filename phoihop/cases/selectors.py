"""Reads of the case engine, always through the access policy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from phoihop.access.policy import Action, has_role, restrict, scope
from phoihop.access.scopes import CONTENT_ROLES
from phoihop.cases.choices import RequestStatus
from phoihop.cases.models import Case, CaseTeamMember, CoordinationRequest, TimelineEvent
from phoihop.core.choices import Clearance
from phoihop.core.models import User

OPEN = [RequestStatus.SENT, RequestStatus.RECEIVED]
QUEUE_SIZE = 10
DUE_SOON_DAYS = 3


def case_list(
    user: Any, *, q: str = "", status: str = "", agency: str = "", overdue: bool = False,
    opened_from: date | None = None, opened_to: date | None = None, kind: str = "",
) -> QuerySet[Case]:  # fmt: skip
    qs = restrict(Case.objects.select_related("owner_agency", "lead_officer"), user, Action.VIEW)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if agency:
        qs = qs.filter(owner_agency__code__iexact=agency)
    if overdue:
        late = CoordinationRequest.objects.filter(
            case=OuterRef("pk"), status__in=OPEN, due_on__lt=timezone.localdate()
        )
        qs = qs.filter(Exists(late) | Q(closed_on__isnull=True, due_on__lt=timezone.localdate()))
    if opened_from:
        qs = qs.filter(opened_on__gte=opened_from)
    if opened_to:
        qs = qs.filter(opened_on__lte=opened_to)
    return qs.order_by("-opened_on", "-number")


def case_requests(user: Any, case: Case) -> QuerySet[CoordinationRequest]:
    return restrict(case.requests.select_related("to_agency", "from_agency"), user, Action.VIEW).order_by(
        "sent_on", "due_on"
    )


def related_cases(user: Any, case: Case) -> QuerySet[Case]:
    """Related cases the user may see; the others are not even counted."""
    return restrict(case.related.all(), user, Action.VIEW).order_by("number")


def case_timeline(user: Any, case: Case) -> QuerySet[TimelineEvent]:
    return restrict(case.timeline.select_related("actor"), user, Action.VIEW).order_by("at", "id")


def inbox(user: Any) -> QuerySet[CoordinationRequest]:
    """Requests addressed to the user's agency, open first, then by deadline."""
    qs = restrict(CoordinationRequest.objects.select_related("from_agency", "to_agency"), user, Action.VIEW)
    return qs.filter(to_agency_id=user.agency_id).order_by("answered_at", "due_on")


def my_work(user: Any) -> dict[str, list[Any]]:
    """The four queues of the home page, each bounded."""
    today = timezone.localdate()
    visible_requests = restrict(
        CoordinationRequest.objects.select_related("case", "to_agency", "from_agency"), user, Action.VIEW
    )
    open_requests = visible_requests.filter(status__in=OPEN, paused_on__isnull=True)
    mine = Q(to_agency_id=user.agency_id) | Q(from_agency_id=user.agency_id)
    return {
        "requests": list(
            restrict(CoordinationRequest.objects.select_related("from_agency"), user, Action.RESPOND)
            .filter(status__in=OPEN)
            .order_by("due_on")[:QUEUE_SIZE]
        ),
        "leading": list(
            restrict(
                Case.objects.filter(lead_officer=user).exclude(status__in=["concluded", "withdrawn"]),
                user,
                Action.VIEW,
            ).order_by("-opened_on")[:QUEUE_SIZE]
        ),
        "due_soon": list(
            open_requests.filter(
                mine, due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
            ).order_by("due_on")[:QUEUE_SIZE]
        ),
        "overdue": list(open_requests.filter(mine, due_on__lt=today).order_by("due_on")[:QUEUE_SIZE]),
    }


def cases_of_person(user: Any, person: Any, limit: int = 50) -> list[Case]:
    """The cases about a person that the user may see (the others are not even counted)."""
    return list(
        restrict(Case.objects.filter(subjects__person=person), user, Action.VIEW).order_by("-opened_on")[
            :limit
        ]
    )


def case_team(user: Any, case: Case) -> QuerySet[CaseTeamMember]:
    """The case's team, the lead first ("lead" < "member"), for whoever may see the case."""
    rows = restrict(case.team.select_related("user", "added_by"), user, Action.VIEW)
    return rows.order_by("role", "user__full_name")


def team_candidates(case: Case) -> QuerySet[User]:
    """Who could join the case's team: active content workers of the owner agency cleared for its level, not
    already on it (the service checks the same again)."""
    cleared = User.objects.filter(
        agency_id=case.owner_agency_id, is_active=True, is_api_only=False, clearance__gte=case.classification
    )
    workers = cleared.filter(roles__code__in=CONTENT_ROLES).exclude(pk__in=case.team.values("user_id"))
    return workers.distinct().order_by("full_name")


class RegisterEntry(NamedTuple):
    """A case of the user's own agency that the user may not open: its number and level, nothing else."""

    number: str
    classification: int

    @property
    def level(self) -> str:
        return str(Clearance(self.classification).label)


def case_register(user: Any, *, number: str = "") -> QuerySet[Any]:
    """The owner agency's cases within the user's clearance that its team rule keeps from the user (a
    colleague outside a classified case's team), as (number, level) pairs — nothing else leaves this
    function. The filter is on the number only, so a search can never probe a title."""
    if not has_role(user, *CONTENT_ROLES):
        return Case.objects.none()
    visible = Case.objects.filter(scope(Case, user, Action.VIEW)).values("pk")
    rows = Case.objects.filter(owner_agency_id=user.agency_id, classification__lte=user.clearance).exclude(
        pk__in=visible
    )
    if number:
        rows = rows.filter(number__icontains=number)
    return rows.order_by("-number").values_list("number", "classification")
