"""Values every page's shell needs: navigation and the signed-in user's agency and clearance."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from phoihop import navigation
from phoihop.access.policy import Action, can_administer, can_audit, restrict


def _unread(user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    from phoihop.notify.models import Notification

    return restrict(Notification.objects.filter(read_at__isnull=True), user, Action.VIEW)[:100].count()


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO,
        "can_administer": can_administer(user),
        "can_audit": can_audit(user),
        "unread_notifications": _unread(user),
        "nav_menu": navigation.menu(request),  # what each app registered (phoihop/navigation.py)
    }
