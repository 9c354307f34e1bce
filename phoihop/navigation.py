"""The main navigation, registered by the apps that own the pages (from their `AppConfig.ready()`).

Beneath every app and importing Django only, so that any app (audit included) may register an entry; the web
app's context processor asks `menu(request)` and the base template renders what it answers. An entry is shown
to a signed-in user holding `role` (any user when None); an entry with `menu` set goes into the dropdown of
that key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    order: int
    url_name: str = ""  # empty for a dropdown, whose entries name it as their `menu`
    url_args: tuple[Any, ...] = ()
    icon: str = ""  # a Bootstrap icon class, such as "bi-folder2"
    role: str | None = None
    menu: str | None = None
    active_url_names: tuple[
        str, ...
    ] = ()  # the entry is the current page's when the route has one of these names
    active_app: str = ""  # … or belongs to this URL namespace


@dataclass
class ShownEntry:
    entry: NavEntry
    url: str
    active: bool
    children: list[ShownEntry] = field(default_factory=list)

    @property
    def label(self) -> str | Promise:
        return self.entry.label

    @property
    def icon(self) -> str:
        return self.entry.icon


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> NavEntry:
    if entry.key in _ENTRIES:
        raise ValueError(f"navigation entry {entry.key!r} is registered twice")
    _ENTRIES[entry.key] = entry
    return entry


def entries() -> list[NavEntry]:
    return sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key))


def _may_see(user: Any, entry: NavEntry) -> bool:
    if entry.role is None:
        return True
    return bool(getattr(user, "is_active", False) and user.has_role(entry.role))


def _active(entry: NavEntry, match: Any) -> bool:
    if match is None:
        return False
    return match.url_name in entry.active_url_names or bool(
        entry.active_app and match.app_name == entry.active_app
    )


def menu(request: Any) -> list[ShownEntry]:
    """The entries `request.user` may see, in order, with their dropdowns' entries; empty when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    # The entry whose own page this is wins over an entry that claims the page's app or name.
    exact = {e.key for e in entries() if match is not None and e.url_name and e.url_name == match.view_name}
    shown: list[ShownEntry] = []
    children: dict[str, list[ShownEntry]] = {}
    for entry in entries():
        if not _may_see(user, entry):
            continue
        url = reverse(entry.url_name, args=entry.url_args) if entry.url_name else "#"
        active = entry.key in exact if exact else _active(entry, match)
        item = ShownEntry(entry, url, active)
        if entry.menu:
            children.setdefault(entry.menu, []).append(item)
        else:
            shown.append(item)
    for item in shown:
        item.children = children.get(item.entry.key, [])
        if any(child.active for child in item.children):
            item.active = True  # a dropdown is active when one of its pages is
    return [item for item in shown if item.entry.url_name or item.children]
