"""A notification is read once its user has opened what it points to: a page answered with the notification's
link marks it read before the page is drawn (so the bell's count on that page is already right), and puts it
back if the page then failed."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from phoihop.notify.models import Notification
from phoihop.notify.services import mark_read, mark_unread


class MarkSeenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.method != "GET"
            or user is None
            or not user.is_authenticated
            or request.path.startswith("/api/")
        ):
            return self.get_response(request)
        # a read first (an index probe), a write only when there is something to mark
        pending = list(
            Notification.objects.filter(user_id=user.pk, read_at__isnull=True, link=request.path).values_list(
                "pk", flat=True
            )[:100]
        )
        if pending:
            mark_read(user=user, ids=pending)
        response = self.get_response(request)
        if pending and response.status_code >= 400:
            mark_unread(user=user, ids=pending)
        return response
