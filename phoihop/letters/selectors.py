"""Reads of the letters kind, every one through the access policy: the register (the letters a user may see,
filtered, newest received first, bounded), a letter's allegations, explanations and related letters, the
transfers waiting for an agency, the vault's read log, and what the kind fills in its official documents."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phoihop.access.policy import Action, restrict
from phoihop.letters.choices import Finding
from phoihop.letters.models import (
    Allegation,
    Explanation,
    Letter,
    Match,
    Transfer,
    VaultFile,
    VaultRead,
    Writer,
)
from phoihop.search.folding import fold_vi


def register(
    user: Any, filters: dict[str, Any] | None = None, action: Action = Action.VIEW
) -> QuerySet[Letter]:
    """The letter register (sổ theo dõi đơn thư) a user may see: newest received first."""
    f = filters or {}
    qs = restrict(Letter.objects.all(), user, action).select_related(
        "case", "case__owner_agency", "transferred_from", "transferred_to"
    )
    if f.get("letter_type"):
        qs = qs.filter(letter_type=f["letter_type"])
    if f.get("regime"):
        qs = qs.filter(regime=f["regime"])
    if f.get("channel"):
        qs = qs.filter(channel=f["channel"])
    if f.get("outcome") == "none":
        qs = qs.filter(outcome="")
    elif f.get("outcome"):
        qs = qs.filter(outcome=f["outcome"])
    if f.get("received_from"):
        qs = qs.filter(received_on__gte=f["received_from"])
    if f.get("received_to"):
        qs = qs.filter(received_on__lte=f["received_to"])
    if f.get("overdue"):
        qs = qs.filter(outcome="", classify_due__lt=timezone.localdate())
    if q := (f.get("q") or "").strip():
        folded = fold_vi(q)
        qs = qs.filter(Q(case__number__iexact=q.upper()) | Q(case__title_folded__contains=folded))
    return qs.order_by("-received_on", "-case__number")


def allegations(user: Any, case: Any) -> list[Allegation]:
    return list(restrict(Allegation.objects.filter(case=case), user).order_by("position"))


def explanations(user: Any, case: Any) -> list[Explanation]:
    return list(restrict(Explanation.objects.filter(case=case), user).select_related("recorded_by"))


def matches(user: Any, case: Any) -> list[Match]:
    """Related letters found at intake: of another agency's
    letter only its agency, number and date are shown."""
    return list(
        restrict(Match.objects.filter(case=case), user)
        .select_related("other", "other__owner_agency", "other__letter")
        .order_by("-score")[:20]
    )


def inbound(user: Any) -> QuerySet[Transfer]:
    """Letters other agencies transferred to the user's agency, not yet taken in."""
    return (
        restrict(Transfer.objects.filter(to_agency_id=user.agency_id, received__isnull=True), user)
        .select_related("from_agency", "source")
        .order_by("-sent_on")
    )


def vault_reads(user: Any) -> QuerySet[VaultRead]:
    return restrict(VaultRead.objects.all(), user).select_related("case", "reader").order_by("-at")


def document_fields(case: Any, user: Any) -> dict[str, str]:
    """The kind's placeholders in its official documents (KindSpec.document_fields): the day received and the
    allegations with their findings, as the user may see them."""
    letter = restrict(Letter.objects.filter(case=case), user).first()
    items = allegations(user, case)
    lines = []
    for a in items:
        finding = Finding(a.finding).label if a.finding else ""
        line = f"{a.position}. {a.text}"
        if finding:
            line += f" — Kết luận: {finding}. {a.findings}".rstrip()
        lines.append(line)
    return {
        "received": letter.received_on.strftime("%d/%m/%Y") if letter else "…",
        "allegations": "\n".join(lines) or "…",
    }


def vault_case(user: Any, case_id: Any) -> Any:
    """The letter whose vault the user (a keeper) may open: one with writers or scans in the user's agency's
    vault. The keeper needs no sight of the letter's content (a classified letter may be its team's only): the
    vault is identity, apart from the case. None when there is none (the caller answers 404)."""
    from phoihop.cases.models import Case

    holds = (
        restrict(Writer.objects.filter(case_id=case_id), user).exists()
        or restrict(VaultFile.objects.filter(case_id=case_id), user).exists()
    )
    if not holds:
        return None
    return Case.objects.filter(pk=case_id, kind="letter").select_related("owner_agency").first()
