"""Access rules for core objects; loaded once at start-up by AccessConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.policy import NOTHING, Action, can_administer, register
from phoihop.core.models import Agency, ApiToken, User


def _agency_scope(user: Any, action: Action) -> Q:
    if action == Action.VIEW:
        return Q()  # the list of agencies is the address book of the regulation: every user sees it
    return Q() if action in (Action.CHANGE, Action.ADMINISTER) and can_administer(user) else NOTHING


def _user_scope(user: Any, action: Action) -> Q:
    if can_administer(user) and action in (Action.VIEW, Action.CHANGE, Action.ADMINISTER):
        return Q()
    return Q(pk=user.pk) if action == Action.VIEW else NOTHING


def _token_scope(user: Any, action: Action) -> Q:
    return Q() if can_administer(user) and action in (Action.VIEW, Action.ADMINISTER) else NOTHING


register(Agency, _agency_scope)
register(User, _user_scope)
register(ApiToken, _token_scope)
