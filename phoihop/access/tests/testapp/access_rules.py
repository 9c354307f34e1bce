"""The rule a case will have: clearance AND (own agency OR
participant OR grant OR break-glass), content roles only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.masking import Visibility, register_sensitive
from phoihop.access.policy import NOTHING, Action, has_role, register
from phoihop.access.scopes import CONTENT_ROLES, agency_q, break_glass_q, clearance_q, grant_q, membership_q
from phoihop.access.tests.testapp.models import Dossier


def _dossier(user: Any, action: Action) -> Q:
    if action == Action.APPROVE:
        if not has_role(user, "leader"):
            return NOTHING
        return clearance_q(user) & agency_q(user, "owner_agency")
    if action not in (Action.VIEW, Action.DOWNLOAD, Action.EXPORT):
        return NOTHING
    reach = break_glass_q(user, Dossier)
    if has_role(user, *CONTENT_ROLES):
        reach |= (
            agency_q(user, "owner_agency")
            | membership_q(user, Dossier.participants.through.objects.all(), "dossier_id")
            | grant_q(user, Dossier, Action.VIEW)
        )
    return clearance_q(user) & reach


def _note(viewer: Any, dossier: Dossier) -> Visibility:
    return Visibility.ON_REQUEST if has_role(viewer, "leader") else Visibility.HIDDEN


register(Dossier, _dossier)
register_sensitive(Dossier, "secret_note", _note)
