"""Reads of the case engine, always through the access policy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from phoihop.access.policy import Action, has_role, restrict
from phoihop.cases.choices import RequestStatus
from phoihop.cases.models import Case, CoordinationRequest, TimelineEvent
from phoihop.search.folding import fold_vi
from phoihop.search.fulltext import Fold

OPEN = [RequestStatus.SENT, RequestStatus.RECEIVED]
QUEUE_SIZE = 10
DUE_SOON_DAYS = 3


def case_matching(qs: QuerySet[Case], q: str) -> QuerySet[Case]:
    """The one case search of the list filter, the API's `q` and the global search: the number, or every word of
    the query in the title — accents, đ, case and word order ignored ("duc nguyen" finds "Nguyễn Văn Đức")."""
    folded = fold_vi(q)
    if not folded:
        return qs
    words = Q()
    for word in folded.split():
        words &= Q(title_folded__contains=word)
    return qs.alias(title_folded=Fold("title")).filter(Q(number__icontains=q.strip()) | words)


def case_list(
    user: Any, *, q: str = "", status: str = "", agency: str = "", overdue: bool = False,
    opened_from: date | None = None, opened_to: date | None = None, kind: str = "",
) -> QuerySet[Case]:  # fmt: skip
    qs = restrict(Case.objects.select_related("owner_agency", "lead_officer"), user, Action.VIEW)
    if q:
        qs = case_matching(qs, q)
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


def link_candidates(user: Any, case: Case, limit: int = 50) -> QuerySet[Case]:
    """Cases the user may see that could be linked to this one (the related-case box offers them)."""
    return (
        restrict(Case.objects.exclude(pk=case.pk), user, Action.VIEW)
        .exclude(pk__in=case.related.values("pk"))
        .order_by("-opened_on", "-number")[:limit]
    )


def case_timeline(user: Any, case: Case) -> QuerySet[TimelineEvent]:
    return restrict(case.timeline.select_related("actor"), user, Action.VIEW).order_by("at", "id")


def inbox(user: Any) -> QuerySet[CoordinationRequest]:
    """Requests addressed to the user's agency, open first, then by deadline."""
    qs = restrict(CoordinationRequest.objects.select_related("from_agency", "to_agency"), user, Action.VIEW)
    return qs.filter(to_agency_id=user.agency_id).order_by("answered_at", "due_on")


def my_work(user: Any) -> dict[str, list[Any]]:
    """The four queues of the home page, each bounded. A leader answers for the agency's work: the second queue
    holds the agency's open cases (not only those the leader leads); the request queues are the agency's already."""
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
                Case.objects.filter(
                    Q(owner_agency_id=user.agency_id) if has_role(user, "leader") else Q(lead_officer=user)
                ).exclude(status__in=["concluded", "withdrawn"]),
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
