"""Case papers a coordination request carries to its partner (e.g. the letter asking it to verify). The
documents app plugs in here from its AppConfig.ready(), so the case engine never imports it: the engine asks
which papers of a case may go, and hands the chosen ones over inside the transaction that sends the
request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class EnclosureProvider:
    # (user, case) → [(id, label)]: the papers of the case the user may send with a request
    choices: Callable[[Any, Any], list[tuple[str, str]]]
    # (actor, request, ids) → the ids attached; raises
    # ValidationError({"documents": [...]}) naming what may not go
    attach: Callable[[Any, Any, Sequence[str]], list[str]]


_PROVIDER: list[EnclosureProvider] = []


def register_provider(provider: EnclosureProvider) -> None:
    _PROVIDER[:] = [provider]


def choices(user: Any, case: Any) -> list[tuple[str, str]]:
    return _PROVIDER[0].choices(user, case) if _PROVIDER else []


def attach(actor: Any, req: Any, ids: Sequence[str]) -> list[str]:
    wanted = [str(i) for i in dict.fromkeys(ids)]
    if not wanted:
        return []
    if not _PROVIDER:
        raise ValidationError({"documents": [_("Không gửi kèm được tài liệu.")]})
    return _PROVIDER[0].attach(actor, req, wanted)
