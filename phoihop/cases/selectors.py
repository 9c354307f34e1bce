"""Reads of the case engine, always through the access policy. "Open", "due soon" and "overdue" are the
queryset methods of cases/querysets.py (docs/deadlines.md), never re-derived here."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, cast

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from phoihop.access.policy import Action, first_visible, has_role, restrict, scope
from phoihop.access.scopes import CONTENT_ROLES
from phoihop.cases import deadlines
from phoihop.cases.models import Case, CaseTeamMember, ClockEntry, CoordinationRequest, TimelineEvent
from phoihop.cases.querysets import CaseQuerySet, RequestQuerySet
from phoihop.core.choices import Clearance
from phoihop.core.models import User
from phoihop.search.folding import fold_vi

QUEUE_SIZE = 10


def case_matching(qs: QuerySet[Case], q: str) -> QuerySet[Case]:
    """The one case search of the list filter, the API's `q` and the global search: the number, or every word
    of the query in the title — accents, đ, case and word order ignored ("duc nguyen" finds "Nguyễn Văn
    Đức")."""
    folded = fold_vi(q)
    if not folded:
        return qs
    words = Q()
    for word in folded.split():
        words &= Q(title_folded__contains=word)
    return qs.filter(Q(number__icontains=q.strip()) | words)


def case_search_conditions(q: str) -> list[Q]:
    """The global search's case conditions, most exact first: the number itself, a part of the number, every
    word of the query in the stored folded title."""
    folded, text = fold_vi(q), q.strip()
    if not folded:
        return []
    words = Q()
    for word in folded.split():
        words &= Q(title_folded__contains=word)
    return [Q(number=text.upper()), Q(number__icontains=text), words]


def case_list(
    user: Any,
    *,
    q: str = "",
    status: str = "",
    agency: str = "",
    overdue: bool = False,
    opened_from: date | None = None,
    opened_to: date | None = None,
    kind: str = "",
) -> QuerySet[Case]:
    # What the list shows: not the summary (up to 10,000 characters a row) nor the lead officer's account.
    qs = restrict(
        Case.objects.select_related("owner_agency").defer("summary").with_page_flags(), user, Action.VIEW
    )
    if q:
        qs = case_matching(qs, q)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if agency:
        qs = qs.filter(owner_agency__code__iexact=agency)
    if overdue:
        qs = cast(CaseQuerySet, qs).overdue()
    if opened_from:
        qs = qs.filter(opened_on__gte=opened_from)
    if opened_to:
        qs = qs.filter(opened_on__lte=opened_to)
    return qs.order_by("-opened_on", "-number")


def case_requests(user: Any, case: Case) -> QuerySet[CoordinationRequest]:
    return restrict(
        case.requests.select_related("to_agency", "from_agency").with_deadline_flags().with_extension_count(),
        user,
        Action.VIEW,
    ).order_by("sent_on", "due_on")


def case_with_flags() -> QuerySet[Case]:
    """The queryset a case page loads its case from (through get_visible_or_404): with its deadline flags."""
    return Case.objects.select_related("owner_agency", "lead_officer").with_page_flags()


def request_with_flags() -> QuerySet[CoordinationRequest]:
    return CoordinationRequest.objects.select_related(
        "case", "from_agency", "to_agency", "answered_by"
    ).with_deadline_flags()


def deadline_history(owner: Case | CoordinationRequest) -> list[ClockEntry]:
    """The clock entries of a case or request the caller has already been allowed to see."""
    return deadlines.history(owner)


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


TIMELINE_ON_CASE_PAGE = 50  # the case page shows the latest lines; the timeline page pages through them all


def case_timeline_events(user: Any, case: Case) -> QuerySet[TimelineEvent]:
    """The lines of the case's timeline the user may see, oldest first (not yet rendered)."""
    return restrict(
        case.timeline.select_related("actor", "case", "request__to_agency"), user, Action.VIEW
    ).order_by("at", "id")


def case_timeline(user: Any, case: Case, latest: int | None = None) -> list[TimelineEvent]:
    """The lines of the case's timeline the user may see, each rendered for them (`line`, `legacy`): in their
    language, the objects it names fetched once per kind through the policy (cases/history.py). With
    `latest`, only the last `latest` lines (still oldest first), and one more read to tell whether there are
    older ones (`has_older` on the first line)."""
    from phoihop.cases import history

    events = case_timeline_events(user, case)
    if latest is None:
        return history.render(events, user)
    newest = list(events.reverse()[: latest + 1])
    older = len(newest) > latest
    shown = history.render(reversed(newest[:latest]), user)
    if shown:
        setattr(shown[0], "has_older", older)  # noqa: B010 (read by the case page)
    return shown


def inbox(user: Any) -> QuerySet[CoordinationRequest]:
    """Requests addressed to the user's agency, open first, then by deadline."""
    qs = restrict(
        CoordinationRequest.objects.select_related("from_agency", "to_agency").with_deadline_flags(),
        user,
        Action.VIEW,
    )
    # Unanswered (no answered_at) first on both databases: PostgreSQL would put NULLs last.
    return qs.filter(to_agency_id=user.agency_id).order_by(F("answered_at").asc(nulls_first=True), "due_on")


def my_work(user: Any) -> dict[str, list[Any]]:
    """The queues of the home page, each bounded: requests to answer, open cases I lead (a leader answers for
    the agency's work: all the agency's open cases), and what is due soon or overdue — requests my agency sent
    or received, and cases my agency owns."""
    today = timezone.localdate()
    mine = Q(to_agency_id=user.agency_id) | Q(from_agency_id=user.agency_id)
    sent_or_received = cast(
        RequestQuerySet,
        CoordinationRequest.objects.select_related("case", "to_agency", "from_agency").filter(mine),
    )
    own_cases = cast(
        CaseQuerySet, restrict(Case.objects.filter(owner_agency_id=user.agency_id), user, Action.VIEW)
    )
    return {
        "requests": list(
            restrict(
                CoordinationRequest.objects.select_related("from_agency").open().with_deadline_flags(today),
                user,
                Action.RESPOND,
            ).order_by("due_on")[:QUEUE_SIZE]
        ),
        "leading": list(
            restrict(
                Case.objects.open().filter(
                    Q(owner_agency_id=user.agency_id) if has_role(user, "leader") else Q(lead_officer=user)
                ),
                user,
                Action.VIEW,
            ).order_by("-opened_on")[:QUEUE_SIZE]
        ),
        # walked in deadline order (request_running_due_idx), the policy asked a batch of keys at a time
        "due_soon": first_visible(
            sent_or_received.due_soon(today).order_by("due_on", "pk"), user, n=QUEUE_SIZE
        ),
        "overdue": first_visible(
            sent_or_received.overdue(today).order_by("due_on", "pk"), user, n=QUEUE_SIZE
        ),
        "due_soon_cases": list(own_cases.due_soon(today).order_by("due_on", "number")[:QUEUE_SIZE]),
        "overdue_cases": list(own_cases.overdue(today).order_by("due_on", "number")[:QUEUE_SIZE]),
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
    # The rule's negation row by row (not "not in the visible set", which reads every visible case first).
    rows = Case.objects.filter(owner_agency_id=user.agency_id, classification__lte=user.clearance).exclude(
        scope(Case, user, Action.VIEW)
    )
    if number:
        rows = rows.filter(number__icontains=number)
    return rows.order_by("-number").values_list("number", "classification")
