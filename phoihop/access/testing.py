"""A generator of leak tests: for one kind of object and every way of seeing it, prove who sees it and who not.

In the spirit of NetBox's generated view tests and paperless-ngx's permission-filtering tests. A test class
lists its *personas* (who asks: anonymous, another agency, too low a clearance, the wrong role, the permitted
ones) and its *endpoints* (list, detail, search, count, export, download — UI or API), and builds the world
and the target object. pytest then runs one test per persona × endpoint, and a failure names exactly which
object leaked to whom through which URL. For detail and download endpoints it also checks that a refusal is
byte-for-byte the answer for an object that does not exist, so existence itself does not leak.

Two personas recur wherever need-to-know reaches inside an agency or between partners, so they are built here:
`same_agency_not_on_team()` (a cleared colleague of the owner agency outside a classified case's team) and
`participant_other_agencys_answer()` (a co-handling agency looking at a request addressed to another agency).

    class TestCaseLeaks(LeakTests):
        personas = [Persona("anonymous", sees=False, make=lambda w: None), same_agency_not_on_team(), ...]
        endpoints = [Endpoint("ui-detail", DETAIL, lambda pk, marker: f"/cases/{pk}/"), ...]
        def build(self): ...            # returns (world, target)
        def marker(self, target): ...   # a string unique to the target
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django.http import StreamingHttpResponse
from django.test import Client

LIST, DETAIL, SEARCH, COUNT, EXPORT, DOWNLOAD = "list", "detail", "search", "count", "export", "download"


@dataclass(frozen=True)
class Persona:
    name: str
    sees: bool
    make: Callable[[Any], Any]  # world -> user, or None for an anonymous visitor


@dataclass(frozen=True)
class Endpoint:
    name: str
    kind: str
    url: Callable[[Any, str], str]  # (primary key, marker) -> URL
    visible: Callable[[Any, str], bool] | None = None  # override of the default judgement by kind


def who(name: str) -> Callable[[Any], Any]:
    """A persona's `make`: the user stored under `name` in the world."""
    return lambda world: world[name]


def same_agency_not_on_team(key: str = "colleague") -> Persona:
    """A content worker of the case's owner agency, cleared for its level, who is on neither its team nor among
    the agency's leaders: a case at or above the agency's team threshold — and everything derived from it — does
    not exist for them (the case register shows its number and level, never more)."""
    return Persona("same-agency-not-on-team", sees=False, make=who(key))


def participant_other_agencys_answer(key: str = "participant") -> Persona:
    """An officer of a co-handling (participant) agency facing a request addressed to another agency: the
    request, its answer and its papers stay hidden until the owner agency shares them."""
    return Persona("participant-other-agencys-answer", sees=False, make=who(key))


def body(response: Any) -> str:
    if isinstance(response, StreamingHttpResponse):
        chunks = cast(Iterable[bytes | str], response.streaming_content)
        raw = b"".join(part if isinstance(part, bytes) else part.encode() for part in chunks)
    else:
        raw = response.content
    return raw.decode("utf-8", errors="replace")


_VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")|(Giờ Việt Nam: )[0-9/: ]+')


def comparable(response: Any, url: str) -> tuple[int, str]:
    """Status and body with what differs by nature blanked out: the masked CSRF token, the clock, and the
    requested URL itself (pages echo it, e.g. as the language switcher's return address)."""
    text = _VOLATILE.sub(lambda m: "".join(g or "" for g in m.groups()), body(response))
    return response.status_code, text.replace(url.split("?")[0], "{URL}")


def count_in_json(response: Any) -> int:
    data = json.loads(body(response))
    if "count" in data:
        return int(data["count"])
    return len(data.get("results", []))


def default_visible(endpoint: Endpoint, response: Any, marker: str) -> bool:
    if response.status_code != 200:
        return False
    if endpoint.kind in (DETAIL, DOWNLOAD):
        return True
    if endpoint.kind == COUNT:
        return count_in_json(response) > 0
    return marker in body(response)


class LeakTests:
    personas: ClassVar[list[Persona]] = []
    endpoints: ClassVar[list[Endpoint]] = []

    def build(self) -> tuple[Any, Any]:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def marker(self, target: Any) -> str:
        return str(target)

    def key(self, target: Any) -> Any:
        return target.pk

    def missing_key(self, target: Any) -> Any:
        return uuid.uuid4()

    @classmethod
    def leak_cases(cls) -> list[tuple[Persona, Endpoint]]:
        return [(persona, endpoint) for persona in cls.personas for endpoint in cls.endpoints]

    def test_leak(self, leak_case: tuple[Persona, Endpoint]) -> None:
        persona, endpoint = leak_case
        world, target = self.build()
        user = persona.make(world)
        client = Client()
        if user is not None:
            client.force_login(user)
        marker = self.marker(target)
        url = endpoint.url(self.key(target), marker)
        response = client.get(url)
        judge = endpoint.visible or (lambda r, m: default_visible(endpoint, r, m))
        seen = judge(response, marker)
        where = f"{endpoint.name} GET {url} → {response.status_code}"
        label = f"{type(target).__name__} {marker!r} ({self.key(target)})"
        if persona.sees:
            assert seen, f"{persona.name} should see {label} via {where}, but does not"
            return
        assert not seen, f"LEAK: {label} is visible to {persona.name} via {where}"
        if endpoint.kind in (DETAIL, DOWNLOAD) and user is not None:
            absent_url = endpoint.url(self.missing_key(target), marker)
            absent = client.get(absent_url)
            assert comparable(response, url) == comparable(absent, absent_url), (
                f"LEAK of existence: {persona.name} gets a different answer for {label} via {where} than for an "
                f"object that does not exist ({absent.status_code})"
            )
