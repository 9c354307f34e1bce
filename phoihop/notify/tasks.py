"""Background delivery of notifications by e-mail (opt-in: PHOIHOP_EMAIL_NOTIFICATIONS)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

from phoihop.audit.background import task
from phoihop.notify.messages import line
from phoihop.notify.models import Notification


@task(retries=3, retry_delay=60)
def send_notification_email(notification_id: Any) -> bool:
    """The same line as in the app and the link; never case content (it leaves the application)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email or not notification.user.is_active:
        return False
    link = f"{settings.BASE_URL.rstrip('/')}{notification.link}" if notification.link else settings.BASE_URL
    with translation.override(settings.LANGUAGE_CODE):  # rendered for its reader, in the site's language
        text = line(notification)
    send_mail(
        subject=f"[phoihop] {text}"[:200],
        message=f"{text}\n\n{link}\n",
        from_email=None,
        recipient_list=[notification.user.email],
    )
    return True
