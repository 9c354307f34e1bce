"""What a notification says, rendered when read: the app that sends a notification registers its code's
renderer and the type of each parameter (identifiers, dates, codes: never content); the page, the API and the
e-mail render the line in the reader's language, naming what the reader may no longer see neutrally
(core/readtime.py).

    register_message("request_new", render, agency="agency", due="date")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from phoihop.core.readtime import Fetch, Registry, Render
from phoihop.notify.models import Notification

MESSAGES = Registry("notifications")


def register_message(code: str, render: Render, **params: str) -> None:
    MESSAGES.register_renderer(code, render, **params)


def register_ref(kind: str, fetch: Fetch) -> None:
    MESSAGES.register_ref(kind, fetch)


def line(notification: Notification) -> str:
    """One notification's line for its own reader (the e-mail, a test)."""
    return MESSAGES.render(
        [notification],
        notification.user,
        code=lambda n: n.code,
        params=lambda n: n.params or {},
        legacy=lambda n: n.text,
    )[0].text


def render(notifications: Iterable[Notification], reader: Any) -> list[Notification]:
    """Each notification with `line` (its text for this reader, in the active language) and `legacy`."""
    items = list(notifications)
    lines = MESSAGES.render(
        items, reader, code=lambda n: n.code, params=lambda n: n.params or {}, legacy=lambda n: n.text
    )
    for item, line in zip(items, lines, strict=True):
        setattr(item, "line", line.text)  # noqa: B010  (attributes for the template and the serializer)
        setattr(item, "legacy", line.legacy)  # noqa: B010
        if not line.legacy and set(item.params or {}) - set(line.shown):
            # it names something the reader may no longer see: the line says so neutrally, and the link
            # (which holds that object's id) is not shown either (never saved: the row keeps it)
            item.link = ""
    return items
