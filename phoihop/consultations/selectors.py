"""Reads of the consultation kind, each through the access policy: the list (with its filters), one
consultation's candidates, consulted bodies and opinions as the consolidated table (candidate × body), the
body the reader answers for, each candidate's context (vetting.selectors.person_context) and the fields its
official documents fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.access.policy import Action, can, restrict
from phoihop.cases.models import Case
from phoihop.consultations.choices import Answer
from phoihop.consultations.models import Candidate, Consultation, Consultee, Opinion
from phoihop.vetting.selectors import person_context


def consultations(
    user: Any, filters: dict[str, Any] | None = None, action: Action = Action.VIEW
) -> QuerySet[Any]:
    """The consultations the user may see (those it runs, co-handles, or was consulted in), newest first, with
    the list's filters."""
    filters = filters or {}
    rows = restrict(Consultation.objects.all(), user, action)
    if q := (filters.get("q") or "").strip():
        rows = rows.filter(Q(case__number__icontains=q) | Q(case__title__icontains=q))
    if filters.get("type"):
        rows = rows.filter(type=filters["type"])
    if filters.get("direction"):
        rows = rows.filter(direction=filters["direction"])
    if filters.get("status"):
        rows = rows.filter(case__status=filters["status"])
    return rows.select_related("case__owner_agency", "type").order_by("-case__opened_on", "-case__number")


def case_ids(user: Any, rows: Any) -> set[Any]:
    """Of a page of consultations, the cases the user may open (the others: only the answer page)."""
    return set(
        restrict(Case.objects.filter(pk__in=[r.case_id for r in rows]), user).values_list("pk", flat=True)
    )


def consultation(user: Any, case: Any) -> Consultation | None:
    return restrict(Consultation.objects.filter(case=case), user).select_related("type", "decided_by").first()


def candidates(user: Any, case: Any) -> list[Candidate]:
    return list(
        restrict(Candidate.objects.filter(case=case), user).select_related("person").order_by("position")
    )


def bodies(user: Any, case: Any) -> list[Consultee]:
    return list(
        restrict(Consultee.objects.filter(case=case), user)
        .select_related("agency", "request")
        .order_by("agency__code")
    )


def own_body(user: Any, case: Any) -> Consultee | None:
    """The consulted body the user answers for in this case (their agency's, if consulted and visible)."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return None
    return (
        restrict(Consultee.objects.filter(case=case, agency_id=str(agency_id)), user)
        .select_related("agency", "request")
        .first()
    )


@dataclass
class Row:
    candidate: Candidate
    cells: list[Opinion | None] = field(default_factory=list)
    context: Any = None


def table(user: Any, case: Any, *, with_context: bool = False) -> tuple[list[Consultee], list[Row]]:
    """The consolidated table: one row per candidate, one cell per consulted body the user may see."""
    cols = bodies(user, case)
    ops = {
        (o.consultee_id, o.candidate_id): o
        for o in restrict(Opinion.objects.filter(case=case), user).select_related("answered_by")
    }
    out = []
    for c in candidates(user, case):
        row = Row(c, [ops.get((b.pk, c.pk)) for b in cols])
        if with_context and can(user, Action.VIEW, c.person):
            row.context = person_context(user, c.person, exclude=case)
        out.append(row)
    return cols, out


def counts(user: Any, case: Any) -> dict[str, int]:
    """Occurrences (lượt) by answer: one per body and candidate."""
    out = {a: 0 for a in Answer.values} | {"silence": 0}
    for o in restrict(Opinion.objects.filter(case=case), user):
        out[o.answer] += 1
        out["silence"] += int(o.by_silence)
    return out


def document_fields(case: Any, user: Any) -> dict[str, str]:
    """Placeholders of the kind's official documents, read through the policy as `user`."""
    details = consultation(user, case)
    if details is None:
        return {}
    cols, rows = table(user, case)
    names = "; ".join(
        f"{r.candidate.person.full_name}"
        + (f" ({r.candidate.proposed_position})" if r.candidate.proposed_position else "")
        for r in rows
    )
    lines = []
    for b_index, b in enumerate(cols):
        for r in rows:
            o = r.cells[b_index]
            if o is None:
                continue
            said = o.get_answer_display() + (" (im lặng)" if o.by_silence else "")
            lines.append(f"- {b.agency.code} về {r.candidate.person.full_name}: {said}")
    return {
        "type": details.type.label,
        "asking_body": details.asking_body,
        "legal_basis": details.legal_basis or "—",
        "candidates": names or "—",
        "opinions": "\n".join(lines) or "—",
        "decision": details.get_decision_display() or "—",
        "decision_note": details.decision_note or "—",
    }
