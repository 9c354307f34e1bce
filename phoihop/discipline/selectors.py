"""Reads of the discipline kind, every one through the access policy: the notice list, a notice's
acknowledgements, the advice shown beside it (limitation, appeal window, the State body's notice period), the
person's context, and what the kind fills in its official document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phoihop.access.policy import Action, restrict
from phoihop.discipline import rules
from phoihop.discipline.models import Acknowledgement, DisciplineNotice
from phoihop.search.folding import fold_vi


def notices(
    user: Any, filters: dict[str, Any] | None = None, action: Action = Action.VIEW
) -> QuerySet[DisciplineNotice]:
    """The notices a user may see, filtered, newest first."""
    f = filters or {}
    qs = restrict(DisciplineNotice.objects.all(), user, action).select_related(
        "case", "case__owner_agency", "sanction"
    )
    if f.get("origin"):
        qs = qs.filter(origin=f["origin"])
    if f.get("sanction"):
        qs = qs.filter(sanction=f["sanction"])
    if f.get("status"):
        qs = qs.filter(case__status=f["status"])
    if q := (f.get("q") or "").strip():
        folded = fold_vi(q)
        qs = qs.filter(
            Q(case__number__iexact=q.upper())
            | Q(case__title_folded__contains=folded)
            | Q(person__name_folded__contains=folded)
            | Q(decision_number__iexact=q)
        )
    return qs.order_by("-case__opened_on", "-case__number")


def notice(user: Any, case: Any) -> DisciplineNotice | None:
    return (
        restrict(DisciplineNotice.objects.filter(case=case), user)
        .select_related("person", "sanction", "appeal_sanction", "record", "record__replaced_by")
        .first()
    )


def acknowledgements(user: Any, case: Any) -> list[Acknowledgement]:
    return list(restrict(Acknowledgement.objects.filter(case=case), user).select_related("body", "by")[:50])


@dataclass(frozen=True)
class Advice:
    """What the notice shows beside its facts (advice: the competent body decides)."""

    limitation: rules.Limitation
    appeal_until: date
    appeal_open: bool
    state_due: date | None
    state_late_days: int


def advice(notice: DisciplineNotice) -> Advice:
    policy, today = rules.policy(), timezone.localdate()
    until = rules.appeal_until(notice, policy)
    due = rules.state_notice_due(notice, policy)
    late = (notice.received_on - due).days if due is not None and notice.received_on > due else 0
    return Advice(
        limitation=rules.limitation(notice),
        appeal_until=until,
        appeal_open=today <= until,
        state_due=due,
        state_late_days=late,
    )


def document_fields(case: Any, user: Any) -> dict[str, str]:
    """The kind's placeholders in its official document, as the user may see them."""
    n = notice(user, case)
    if n is None:
        return {}
    sanction = n.appeal_sanction if n.appeal_outcome == "changed" and n.appeal_sanction else n.sanction
    return {
        "decision_number": n.decision_number,
        "decided_on": n.decided_on.strftime("%d/%m/%Y"),
        "deciding_body": n.deciding_body,
        "effective_on": n.effective_on.strftime("%d/%m/%Y"),
        "sanction": sanction.label.lower(),
        "unit": f", đảng viên {n.unit}" if n.unit else "",
        "post": f", {n.post}" if n.post else "",
        "measures": f"\nBiện pháp về chính quyền, đoàn thể: {n.state_measures}" if n.state_measures else "",
    }


def appeal_ending(today: date, policy: Any) -> list[tuple[DisciplineNotice, date]]:
    """Notices recorded, not appealed nor closed, whose appeal window ends within the policy's reminder days
    (for the morning reminder), with the window's last day; bounded by the window's start."""
    from datetime import timedelta

    cutoff = today - timedelta(days=policy.appeal_days)
    rows = (
        DisciplineNotice.objects.filter(
            case__status__in=["recorded", "acknowledged"], appeal_filed_on__isnull=True
        )
        .filter(Q(served_on__gte=cutoff) | Q(served_on__isnull=True, effective_on__gte=cutoff))
        .select_related("case", "case__lead_officer")
        .order_by("effective_on")[:5000]
    )
    out = []
    for n in rows:
        until = rules.appeal_until(n, policy)
        if 0 <= (until - today).days <= policy.remind_days:
            out.append((n, until))
    return out
