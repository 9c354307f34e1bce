"""Need-to-know for vetting. A vetting is a case: its details, dossier, findings, explanations and verifiers
follow the case's rule (cases/access_rules.py; a vetting defaults to "Mật", so clearance applies). A batch is
seen by the content workers of the agency that runs it cleared for its level; a dispatch also by the partner
it was sent to (its liaisons, officers, leaders cleared for that level) — and of its candidates, a partner
sees only the requests sent to it (each request's own rule). Rules (purposes, checklists, who concludes) are
read by every signed-in user and changed by administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register
from phoihop.access.scopes import CONTENT_ROLES, agency_q, through_q
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.vetting.models import (
    Batch,
    ChecklistItem,
    ConcluderRule,
    Dispatch,
    DispatchItem,
    DossierItem,
    Finding,
    FindingExplanation,
    Purpose,
    Verifier,
    Vetting,
    VettingPolicy,
)

RUNNERS = ("clerk", "officer", "leader")


def _of_case(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.EXPORT):
        return through_q(user, Case, "case")
    if action == Action.CHANGE:
        return through_q(user, Case, "case", Action.CHANGE)
    return NOTHING


def _cleared(user: Any, path: str) -> Q:
    return Q(**{f"{path}classification__lte": int(user.clearance)})


def _batch(user: Any, action: Action) -> Q:
    if not is_active_user(user) or not has_role(user, *RUNNERS):
        return NOTHING
    if action in (Action.VIEW, Action.EXPORT):
        return agency_q(user, "agency") & _cleared(user, "")
    if action == Action.CHANGE and has_role(user, "officer", "leader"):
        return agency_q(user, "agency") & _cleared(user, "")
    return NOTHING


def _dispatch(user: Any, action: Action) -> Q:
    if not is_active_user(user):
        return NOTHING
    sender = (
        agency_q(user, "batch__agency") & _cleared(user, "batch__") if has_role(user, *RUNNERS) else NOTHING
    )
    if action == Action.VIEW:
        receiver = (
            agency_q(user, "to_agency") & _cleared(user, "batch__")
            if has_role(user, *CONTENT_ROLES)
            else NOTHING
        )
        return sender | receiver
    if action == Action.EXPORT:
        return sender
    return NOTHING


def _dispatch_item(user: Any, action: Action) -> Q:
    if action != Action.VIEW:
        return NOTHING
    return through_q(user, Case, "case") | through_q(user, CoordinationRequest, "request")


def _rules(user: Any, action: Action) -> Q:
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


for model in (Vetting, DossierItem, Finding, FindingExplanation, Verifier):
    register(model, _of_case)
register(Batch, _batch)
register(Dispatch, _dispatch)
register(DispatchItem, _dispatch_item)
for rule_model in (Purpose, ChecklistItem, ConcluderRule, VettingPolicy):
    register(rule_model, _rules)
