"""Need-to-know for discipline notices. A notice is a case: its details and acknowledgements follow the case's
rule (cases/access_rules.py; a notice defaults to "Mật", so clearance applies; the hub is a participant of a
notice another agency opened). The person's DisciplineRecord follows the person (people/access_rules.py), so
an agency that may not see the person sees no discipline. Rules (sanctions, bodies, periods) are read by every
signed-in user and changed by administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register
from phoihop.access.scopes import through_q
from phoihop.cases.models import Case
from phoihop.discipline.models import (
    Acknowledgement,
    DisciplineNotice,
    DisciplinePolicy,
    NotifyBody,
    Sanction,
)


def _of_case(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.EXPORT):
        return through_q(user, Case, "case")
    if action == Action.CHANGE:
        return through_q(user, Case, "case", Action.CHANGE)
    return NOTHING


def _rules(user: Any, action: Action) -> Q:
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


for model in (DisciplineNotice, Acknowledgement):
    register(model, _of_case)
for rule_model in (Sanction, NotifyBody, DisciplinePolicy):
    register(rule_model, _rules)
