"""Access rules for core's models and for the records the administrators and auditors read.

- Agencies: every signed-in user sees the address book; only administrators change it.
- Users: administrators see and change everyone; a user sees only themself. E-mail is personal data:
  shown to its owner and to administrators (who manage accounts), masked for anyone else.
- API tokens, grants, break-glass records: administrators (and auditors for the last two).
- Audit events: auditors only — those of the hub see every agency's events, others only their own agency's.
  Auditors never see case content through this rule; that needs a grant like anyone else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.masking import Visibility, register_sensitive
from phoihop.access.models import AccessGrant, BreakGlass
from phoihop.access.policy import NOTHING, Action, can_administer, can_audit, register
from phoihop.audit.models import AuditEvent
from phoihop.core.models import Agency, ApiToken, CalendarDay, User

EVERYTHING = Q()


def _agency(user: Any, action: Action) -> Q:
    if action == Action.VIEW:
        return EVERYTHING
    return EVERYTHING if action in (Action.CHANGE, Action.ADMINISTER) and can_administer(user) else NOTHING


def _user(user: Any, action: Action) -> Q:
    if can_administer(user) and action in (Action.VIEW, Action.CHANGE, Action.ADMINISTER, Action.EXPORT):
        return EVERYTHING
    return Q(pk=user.pk) if action == Action.VIEW else NOTHING


def _token(user: Any, action: Action) -> Q:
    return EVERYTHING if can_administer(user) and action in (Action.VIEW, Action.ADMINISTER) else NOTHING


def _audit_event(user: Any, action: Action) -> Q:
    if not can_audit(user) or action not in (Action.VIEW, Action.EXPORT):
        return NOTHING
    return EVERYTHING if user.agency.is_hub else Q(agency_code=user.agency.code)


def _oversight(user: Any, action: Action) -> Q:
    """Grants and break-glass records: read by administrators and auditors, written only by services."""
    return (
        EVERYTHING
        if action in (Action.VIEW, Action.EXPORT) and (can_administer(user) or can_audit(user))
        else NOTHING
    )


def _email_visibility(viewer: Any, subject: User) -> Visibility:
    return Visibility.SHOWN if viewer.pk == subject.pk or can_administer(viewer) else Visibility.HIDDEN


register(Agency, _agency)
register(CalendarDay, _agency)  # the calendar, like the address book: everyone reads, administrators change
register(User, _user)
register(ApiToken, _token)
register(AuditEvent, _audit_event)
register(AccessGrant, _oversight)
register(BreakGlass, _oversight)
register_sensitive(User, "email", _email_visibility)
