"""Reads of the vetting kind, every one through the access policy: the vetting list, a vetting's dossier,
findings, explanations and verifiers, the context shown to the appraiser (never decided from), the batches and
a batch's board, a partner's dispatches, and what the kind fills in its official documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phoihop.access.policy import Action, restrict
from phoihop.cases.choices import RequestStatus
from phoihop.cases.kinds import get_kind, is_kind
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.core.calendar import add_working_days
from phoihop.people.models import DisciplineRecord, ForeignRelation, Relative
from phoihop.search.folding import fold_vi
from phoihop.vetting import rules
from phoihop.vetting.choices import FindingGroup, Verdict
from phoihop.vetting.models import (
    Batch,
    Dispatch,
    DispatchItem,
    DossierItem,
    Finding,
    Verifier,
    Vetting,
)

OPEN_REQUEST = [RequestStatus.SENT, RequestStatus.RECEIVED]
CONTEXT_ROWS = 20


def vettings(
    user: Any, filters: dict[str, Any] | None = None, action: Action = Action.VIEW
) -> QuerySet[Vetting]:
    """The vettings a user may see, filtered, newest first."""
    f = filters or {}
    qs = restrict(Vetting.objects.all(), user, action).select_related(
        "case", "case__owner_agency", "purpose", "batch"
    )
    if f.get("purpose"):
        qs = qs.filter(purpose=f["purpose"])
    if f.get("status"):
        qs = qs.filter(case__status=f["status"])
    if f.get("verdict"):
        qs = qs.filter(verdict=f["verdict"])
    if f.get("batch"):
        qs = qs.filter(batch=f["batch"])
    if q := (f.get("q") or "").strip():
        folded = fold_vi(q)
        qs = qs.filter(
            Q(case__number__iexact=q.upper())
            | Q(case__title_folded__contains=folded)
            | Q(person__name_folded__contains=folded)
        )
    return qs.order_by("-case__opened_on", "-case__number")


def dossier(user: Any, case: Any) -> list[DossierItem]:
    return list(restrict(DossierItem.objects.filter(case=case), user).select_related("item"))


def findings(user: Any, case: Any) -> list[Finding]:
    rows = list(
        restrict(Finding.objects.filter(case=case), user)
        .select_related("source_request", "source_request__to_agency", "source_document", "recorded_by")
        .prefetch_related("explanations")
        .order_by("group", "recorded_at")
    )
    return rows


def verifiers(user: Any, case: Any) -> list[Verifier]:
    return list(restrict(Verifier.objects.filter(case=case), user).select_related("person"))


def registered_person(user: Any, key: str) -> Any:
    """The registered person the user may see named by a registry id, citizen ID or Party card number (a
    verifier is named so on the page, by id through the API); None when there is none."""
    import uuid

    from phoihop.people.models import Person

    key = (key or "").strip()
    try:
        by = Q(uuid=uuid.UUID(key))
    except ValueError:
        by = Q(national_id=key) | Q(party_card=key)
    return restrict(Person.objects.filter(by), user).first() if key else None


def answered_requests(user: Any, case: Any) -> list[CoordinationRequest]:
    """The answered requests of a case a finding may cite."""
    return list(
        restrict(CoordinationRequest.objects.filter(case=case, status=RequestStatus.ANSWERED), user)
        .select_related("to_agency")
        .order_by("answered_at")
    )


def documents(user: Any, case: Any) -> list[Any]:
    """The case's papers a finding may cite (the user may see them), newest first, bounded."""
    from phoihop.documents.models import Document

    return list(restrict(Document.objects.filter(case=case), user).order_by("-created_at")[:50])


@dataclass
class Context:
    """What the appraiser is shown beside the dossier (never decided from automatically)."""

    discipline: list[tuple[Any, date | None, bool]] = field(default_factory=list)  # record, live until, live
    open_cases: list[Any] = field(default_factory=list)
    previous: list[tuple[Vetting, bool]] = field(default_factory=list)  # conclusion, still valid
    foreign: list[Any] = field(default_factory=list)
    relatives: list[tuple[Any, list[str]]] = field(default_factory=list)

    @property
    def live_discipline(self) -> bool:
        return any(live for _r, _u, live in self.discipline)


def context(user: Any, case: Any) -> Context:
    """The automatic context of a vetting, each part through the policy: the subject's discipline with the
    date until which it is shown as live, the other open cases concerning them (letters, discipline…), earlier
    vetting conclusions (valid ones may be reused), foreign relations, and relatives with something recorded
    (political history, foreign nationality, a case of their own)."""
    vetting = Vetting.objects.filter(case=case).select_related("person").first()
    if vetting is None:
        return Context()
    return person_context(user, vetting.person, exclude=case)


def person_context(user: Any, person: Any, exclude: Any = None) -> Context:
    """The same context for any person (a vetting's subject, a consultation's candidate, a disciplined
    member), leaving out the case it is shown in; each part through the policy."""
    out = Context()
    today, policy = timezone.localdate(), rules.policy()
    for record in restrict(DisciplineRecord.objects.filter(person=person), user)[:CONTEXT_ROWS]:
        until = rules.discipline_live_until(record.form, record.decided_on, policy)
        live = record.annulled_on is None and (until is None or until >= today)
        out.discipline.append((record, until, live))
    others = (
        restrict(Case.objects.filter(subjects__person=person), user)
        .exclude(pk=getattr(exclude, "pk", None))
        .select_related("owner_agency")
        .order_by("-opened_on")[: CONTEXT_ROWS * 2]
    )
    out.open_cases = [c for c in others if not (is_kind(c.kind) and c.status in get_kind(c.kind).final)][
        :CONTEXT_ROWS
    ]
    out.previous = [
        (v, bool(v.valid_until and v.valid_until >= today))
        for v in restrict(Vetting.objects.filter(person=person, concluded_on__isnull=False), user)
        .exclude(case_id=getattr(exclude, "pk", None))
        .select_related("case", "purpose")
        .order_by("-concluded_on")[:CONTEXT_ROWS]
    ]
    out.foreign = list(restrict(ForeignRelation.objects.filter(person=person), user)[:CONTEXT_ROWS])
    relatives = list(
        restrict(Relative.objects.filter(person=person), user).select_related("linked_person")[:50]
    )
    linked = [r.linked_person_id for r in relatives if r.linked_person_id]
    in_cases = (
        set(
            restrict(Case.objects.filter(subjects__person_id__in=linked), user).values_list(
                "subjects__person_id", flat=True
            )[:200]
        )
        if linked
        else set()
    )
    disciplined = (
        set(
            restrict(
                DisciplineRecord.objects.filter(person_id__in=linked, annulled_on__isnull=True), user
            ).values_list("person_id", flat=True)
        )
        if linked
        else set()
    )
    for r in relatives:
        notes = []
        if r.political_history.strip():
            notes.append("history")
        if fold_vi(r.nationality or "") not in ("", "viet nam"):
            notes.append("abroad")
        if r.linked_person_id in in_cases:
            notes.append("case")
        if r.linked_person_id in disciplined:
            notes.append("discipline")
        if notes:
            out.relatives.append((r, notes))
    return out


def document_fields(case: Any, user: Any) -> dict[str, str]:
    """The kind's placeholders in its official documents, as the user may see them."""
    v = restrict(Vetting.objects.filter(case=case), user).select_related("purpose").first()
    if v is None:
        return {}

    def issue(flag: bool | None) -> str:
        return "…" if flag is None else ("có vấn đề" if flag else "không có vấn đề")

    def sentence(flag: bool | None, group: str) -> str:
        if flag is None:
            return f"Về {group}: …"
        return f"{'Có' if flag else 'Không có'} vấn đề về {group}."

    return {
        "purpose": v.purpose.label,
        "requesting_body": v.requesting_body,
        "history": issue(v.history_issue),
        "current": issue(v.current_issue),
        "history_sentence": sentence(v.history_issue, "lịch sử chính trị"),
        "current_sentence": sentence(v.current_issue, "chính trị hiện nay"),
        "verdict": Verdict(v.verdict).label.lower() if v.verdict else "…",
        "reasons": v.reasons or "…",
    }


# --- Batches
# ---------------------------------------------------------------------------------------------------


def batches(user: Any) -> QuerySet[Batch]:
    return (
        restrict(Batch.objects.all(), user)
        .select_related("purpose", "requested_by")
        .order_by("-requested_at")
    )


@dataclass
class Board:
    """A batch's progress, counted in the database with a fixed number of queries whatever its size."""

    total: int
    by_status: dict[str, int]
    concluded: int
    verdicts: dict[str, int]
    at_risk: int
    at_risk_all: bool
    agencies: list[dict[str, Any]]
    findings: dict[str, int]


def board(user: Any, batch: Batch) -> Board:
    """The batch board: how many cases the user may see are in each state, concluded by verdict, at risk of
    missing the batch's deadline (every open one once the deadline is within the policy's warning days; before
    that, those with a request overdue or due after the deadline), and by partner: requests sent, answered,
    overdue."""
    today = timezone.localdate()
    cases = restrict(Vetting.objects.filter(batch=batch), user)
    by_status = {
        row["case__status"]: row["n"]
        for row in cases.values("case__status").annotate(n=Count("pk")).order_by()
    }
    verdicts = {
        row["verdict"]: row["n"]
        for row in cases.filter(case__status="concluded").values("verdict").annotate(n=Count("pk")).order_by()
    }
    open_count = sum(n for s, n in by_status.items() if s != "concluded")
    warn = rules.policy().at_risk_days
    at_risk_all = add_working_days(today, warn).due >= batch.deadline if warn else today >= batch.deadline
    if at_risk_all:
        at_risk = open_count
    else:
        late = CoordinationRequest.objects.filter(status__in=OPEN_REQUEST).filter(
            Q(due_on__lt=today) | Q(due_on__gt=batch.deadline)
        )
        at_risk = (
            cases.exclude(case__status="concluded")
            .filter(case__requests__in=late)
            .values("pk")
            .distinct()
            .count()
        )
    requests = restrict(CoordinationRequest.objects.filter(case__vetting__batch=batch), user)
    agencies = list(
        requests.values("to_agency__code")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(status=RequestStatus.ANSWERED)),
            overdue=Count("pk", filter=Q(status__in=OPEN_REQUEST, due_on__lt=today)),
        )
        .order_by("to_agency__code")
    )
    findings_by_group = {
        row["group"]: row["n"]
        for row in restrict(Finding.objects.filter(case__vetting__batch=batch), user)
        .values("group")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    }
    return Board(
        total=sum(by_status.values()),
        by_status=by_status,
        concluded=by_status.get("concluded", 0),
        verdicts=verdicts,
        at_risk=at_risk,
        at_risk_all=at_risk_all,
        agencies=agencies,
        findings={g: findings_by_group.get(g, 0) for g in FindingGroup.values},
    )


def batch_rows(user: Any, batch: Batch, action: Action = Action.VIEW) -> QuerySet[Vetting]:
    return (
        restrict(Vetting.objects.filter(batch=batch), user, action)
        .select_related("case", "person", "purpose")
        .order_by("case__number")
    )


def dispatches_in(user: Any) -> QuerySet[Dispatch]:
    """Batch requests sent to the user's agency."""
    return (
        restrict(Dispatch.objects.filter(to_agency_id=user.agency_id), user)
        .select_related("batch", "batch__agency")
        .order_by("-sent_at")
    )


def dispatch_items(user: Any, dispatch: Dispatch) -> QuerySet[DispatchItem]:
    """A dispatch's candidates the user may see: the sender every one of its cases, the partner the requests
    sent to it."""
    return (
        restrict(DispatchItem.objects.filter(dispatch=dispatch), user)
        .select_related("request", "case")
        .order_by("position")
    )
