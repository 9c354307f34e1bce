"""Each user sees only their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phoihop.access.policy import NOTHING, Action, register
from phoihop.notify.models import Notification


def _notification(user: Any, action: Action) -> Q:
    return Q(user_id=user.pk) if action in (Action.VIEW, Action.CHANGE) else NOTHING


register(Notification, _notification)
