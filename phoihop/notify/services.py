"""Creating and reading notifications. Callers schedule them with transaction.on_commit, so nobody is told
about a change that was rolled back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from phoihop.notify.models import Notification


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    code: str,
    params: dict[str, Any] | None = None,
    link: str = "",
    dedupe: str = "",
) -> int:
    """One notification per user; with `dedupe`, a user is told at most once for that key. `code` and `params`
    (identifiers, dates, codes) say what it is about; the line is rendered when read (notify/messages.py)."""
    from phoihop.notify.messages import MESSAGES

    params = {k: v for k, v in (params or {}).items() if v is not None}
    MESSAGES.check(code, params)
    created = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        key = f"{dedupe}:{user.pk}"[:120] if dedupe else None
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, kind=kind, code=code, params=params, link=link, dedupe_key=key
                )
            created += 1
        except IntegrityError:
            continue  # already told
        if settings.EMAIL_NOTIFICATIONS and user.email:
            from phoihop.notify.tasks import send_notification_email

            send_notification_email(notification.pk)
    return created


def notify_after_commit(**kwargs: Any) -> None:
    users = list(kwargs.pop("users"))
    transaction.on_commit(lambda: notify(users=users, **kwargs))


def resolve(*, code: str, link: str) -> int:
    """What these notifications asked for is done (a paper signed, say): nobody is left told to do it."""
    return Notification.objects.filter(code=code, link=link, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def mark_read(*, user: Any, ids: Iterable[Any]) -> int:
    """The user opened what these notifications point to."""
    return Notification.objects.filter(user=user, pk__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_unread(*, user: Any, ids: Iterable[Any]) -> int:
    return Notification.objects.filter(user=user, pk__in=list(ids)).update(read_at=None)
