"""Need-to-know for letters. A letter is a case: its details, allegations and persons concerned follow the
case's rule (cases/access_rules.py). The writer's identity is not: it sits in the identity vault of the agency
that received the letter, seen only by that agency's vault keepers (role `vault`, cleared for Mật — the
denouncer's identity is a secret at that level) and read only through `vault_open`, with a reason, audited.
Fingerprints are read by nobody through the policy: only the matching service, which reveals of another
agency's letter its agency, number and date. A transfer is seen by the sender (through its letter) and by the
receiving agency's content workers cleared for the letter's level (they take it in)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.policy import NOTHING, Action, has_role, is_active_user, register
from phoihop.access.scopes import CONTENT_ROLES, agency_q, through_q
from phoihop.cases.models import Case
from phoihop.core.choices import Clearance
from phoihop.letters.models import (
    Allegation,
    Band,
    Concerned,
    Explanation,
    Fingerprint,
    Letter,
    LetterPolicy,
    LetterRule,
    Match,
    Transfer,
    VaultFile,
    VaultRead,
    Writer,
)

VAULT_ROLE = "vault"
VAULT_CLEARANCE = Clearance.MAT


def is_vault_keeper(user: Any) -> bool:
    return bool(
        is_active_user(user) and has_role(user, VAULT_ROLE) and int(user.clearance) >= VAULT_CLEARANCE
    )


def _of_case(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.EXPORT):
        return through_q(user, Case, "case")
    if action == Action.CHANGE:
        return through_q(user, Case, "case", Action.CHANGE)
    return NOTHING


def _vault(user: Any, action: Action) -> Q:
    if action in (Action.VIEW, Action.DOWNLOAD) and is_vault_keeper(user):
        return agency_q(user, "agency")
    return NOTHING


def _vault_read(user: Any, action: Action) -> Q:
    """The vault's read log: its keepers and the agency's auditors."""
    if action in (Action.VIEW, Action.EXPORT) and (is_vault_keeper(user) or has_role(user, "auditor")):
        return agency_q(user, "case__owner_agency")
    return NOTHING


def _nobody(user: Any, action: Action) -> Q:
    return NOTHING


def _transfer(user: Any, action: Action) -> Q:
    if action != Action.VIEW or not has_role(user, *CONTENT_ROLES):
        return NOTHING
    receiving = agency_q(user, "to_agency") & Q(source__classification__lte=int(user.clearance))
    return receiving | through_q(user, Case, "source")


def _rules(user: Any, action: Action) -> Q:
    if action == Action.VIEW and is_active_user(user):
        return Q()
    if action in (Action.CHANGE, Action.ADMINISTER) and has_role(user, "admin"):
        return Q()
    return NOTHING


register(Letter, _of_case)
register(Allegation, _of_case)
register(Concerned, _of_case)
register(Explanation, _of_case)
register(Match, _of_case)
register(Writer, _vault)
register(VaultFile, _vault)
register(VaultRead, _vault_read)
register(Fingerprint, _nobody)
register(Band, _nobody)
register(Transfer, _transfer)
register(LetterRule, _rules)
register(LetterPolicy, _rules)
