"""A generator of leak tests: for one kind of object and
every way of seeing it, prove who sees it and who not.

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
# A write (POST, PUT, PATCH or DELETE) on an object URL: for every persona who may not see the object it must
# be refused exactly like the same write on an object that does not exist (same status, same body), and change
# nothing in the database. Write endpoints run only for the personas who do not see (the others would write).
WRITE = "write"


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
    method: str = "GET"  # a WRITE endpoint's method: POST, PUT, PATCH or DELETE
    data: dict[str, Any] | None = None  # what a WRITE endpoint sends (a form, or JSON to /api/)


def write(name: str, url: Callable[[Any, str], str], /, method: str = "POST", **data: Any) -> Endpoint:
    """A WRITE endpoint: `write("ui-edit", lambda pk, m: f"/cases/{pk}/edit/", title="x")`."""
    return Endpoint(name, WRITE, url, method=method, data=data)


def send(client: Client, endpoint: Endpoint, url: str) -> Any:
    if endpoint.kind != WRITE:
        return client.get(url)
    if url.startswith("/api/"):
        return client.generic(endpoint.method, url, json.dumps(endpoint.data or {}), "application/json")
    if endpoint.method == "POST":
        return client.post(url, endpoint.data or {})
    return client.generic(endpoint.method, url)


# What a refused write may still change: the audit trail records the refusal; sessions and the cache are the
# visitor's own; axes counts sign-in attempts.
UNCHANGING_EXCEPT = frozenset({"audit", "sessions", "axes"})


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model outside `UNCHANGING_EXCEPT`, to prove a refused write changed nothing."""
    from django.apps import apps

    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label not in UNCHANGING_EXCEPT and model._meta.managed and not model._meta.proxy
    }


def who(name: str) -> Callable[[Any], Any]:
    """A persona's `make`: the user stored under `name` in the world."""
    return lambda world: world[name]


def same_agency_not_on_team(key: str = "colleague") -> Persona:
    """A content worker of the case's owner agency, cleared for its level, who is on neither its team nor
    among the agency's leaders: a case at or above the agency's team threshold — and everything derived from
    it — does not exist for them (the case register shows its number and level, never more)."""
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
        return [
            (persona, endpoint)
            for persona in cls.personas
            for endpoint in cls.endpoints
            if not (endpoint.kind == WRITE and persona.sees)
        ]

    def test_leak(self, leak_case: tuple[Persona, Endpoint]) -> None:
        persona, endpoint = leak_case
        world, target = self.build()
        user = persona.make(world)
        client = Client()
        if user is not None:
            client.force_login(user)
        marker = self.marker(target)
        url = endpoint.url(self.key(target), marker)
        if endpoint.kind == WRITE:
            self.check_refused_write(client, persona, endpoint, target, url, anonymous=user is None)
            return
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
                f"LEAK of existence: {persona.name} gets a different answer for {label} "
                f"via {where} than for an object that does not exist ({absent.status_code})"
            )

    def check_refused_write(
        self, client: Client, persona: Persona, endpoint: Endpoint, target: Any, url: str, *, anonymous: bool
    ) -> None:
        """The write is refused as if the object did not exist, and nothing in the database changed."""
        label = f"{type(target).__name__} {self.marker(target)!r} ({self.key(target)})"
        where = f"{endpoint.name} {endpoint.method} {url}"
        before = database_state()
        response = send(client, endpoint, url)
        assert database_state() == before, f"WRITE LEAK: {persona.name} changed the database via {where}"
        refused = (401, 403, 404) + ((302,) if anonymous else ())  # anonymous: sent to the sign-in page
        assert response.status_code in refused, (
            f"WRITE LEAK: {persona.name} was not refused {label} via {where} ({response.status_code})"
        )
        if anonymous:
            return
        absent_url = endpoint.url(self.missing_key(target), self.marker(target))
        absent = send(client, endpoint, absent_url)
        assert comparable(response, url) == comparable(absent, absent_url), (
            f"LEAK of existence: {persona.name} gets a different answer for {label} via {where} than for an "
            f"object that does not exist ({response.status_code} vs {absent.status_code})"
        )


# --- Which object URLs the leak tests cover
# ---------------------------------------------------------------------- An *object URL* is a route of the URL
# configuration with a parameter naming one object (a UUID, a sequence number, a code). The coverage test
# (access/tests/test_url_coverage.py) requires each of them to be requested by some LeakTests endpoint, so a
# new page or API route cannot ship without proving who may and may not reach it.

NOT_OBJECT_KWARGS = frozenset({"format", "fmt", "which", "what"})  # a file format, a register, a sub-action
_FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>\[a-z0-9\]\+\)/\?\$$")
_ROUTE_KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as the resolver spells it, prefixes included ("api/v1/^cases/(?P<id>[^/.]+)/$")
    name: str  # "namespace:name"
    callback: Callable[..., Any]

    @property
    def kwargs(self) -> frozenset[str]:
        return frozenset(a or b for a, b in _ROUTE_KWARG.findall(self.route))


def canonical_route(route: str) -> str:
    """A DRF format-suffixed twin (`….(?P<format>…)/?$`) is the same object URL as its plain route; the
    resolver drops the inner `^` when it joins a prefix to a regular expression, so they are dropped here
    too."""
    return re.sub(r"(^|/)\^", r"\1", _FORMAT_SUFFIX.sub("/$", route))


def url_routes(urlconf: str | None = None) -> list[Route]:
    """Every route of the URL configuration, format-suffix twins folded into their plain route."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterable[Route]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = ":".join(n for n in (namespace, pattern.name or "") if n)
                yield Route(canonical_route(prefix + str(pattern.pattern)), name, pattern.callback)

    seen: dict[str, Route] = {}
    for route in walk(get_resolver(urlconf), "", ""):
        seen.setdefault(route.route, route)
    return list(seen.values())


def view_of(callback: Callable[..., Any]) -> Any:
    """The class behind a view function (a Django class-based view or a DRF view set), else the function."""
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback


def object_routes(urlconf: str | None = None) -> list[Route]:
    """The project's object URLs (third-party routes such as
    allauth's e-mail keys are not objects of ours)."""
    return [
        r
        for r in url_routes(urlconf)
        if r.kwargs - NOT_OBJECT_KWARGS and view_of(r.callback).__module__.startswith("phoihop.")
    ]


def leak_test_classes(packages: Iterable[str] = ("phoihop",)) -> list[type[LeakTests]]:
    """Every LeakTests subclass with endpoints, after importing the test modules of `packages`."""
    import importlib
    import pkgutil

    for package_name in packages:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            leaf = info.name.rsplit(".", 1)[-1]
            if (
                ".tests." in info.name + "."
                and (leaf.startswith("test_") or leaf == "tests")
                and ".e2e" not in info.name
            ):
                importlib.import_module(info.name)
    found: list[type[LeakTests]] = []
    stack: list[type[LeakTests]] = list(LeakTests.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.endpoints and cls not in found:
            found.append(cls)
    return found


def _probe_keys() -> list[Any]:
    """Keys in the shapes the leak tests use (a primary key, "parent/child", an object with attributes), so an
    endpoint's URL can be built without building its world."""
    from types import SimpleNamespace

    one, two = uuid.uuid4(), uuid.uuid4()
    shapes = SimpleNamespace(pk=one, uuid=one, seq=1, object_id=str(one), code="ma-thu")
    return [one, f"{one}/{two}", f"{one}/{two}/{one}/{two}", shapes]


def covered_routes(classes: Iterable[type[LeakTests]], urlconf: str | None = None) -> dict[str, list[str]]:
    """Route → the "Class.endpoint" names that request it (GET, or the endpoint's method)."""
    from django.urls import Resolver404, resolve

    covered: dict[str, list[str]] = {}
    for cls in classes:
        for endpoint in cls.endpoints:
            for key in _probe_keys():
                try:
                    url = endpoint.url(key, "marker")
                    match = resolve(url.split("?")[0], urlconf)
                except (Resolver404, AttributeError, TypeError, IndexError, ValueError):
                    continue
                covered.setdefault(canonical_route(match.route), []).append(f"{cls.__name__}.{endpoint.name}")
                break
    return covered


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def allowed_methods(callback: Callable[..., Any]) -> frozenset[str]:
    """The HTTP methods a view answers: a DRF view set's routed actions, a class-based view's handlers, or the
    list of `require_http_methods` (`require_GET`, `require_POST`) found among a function view's decorators. A
    function view that restricts nothing answers every method."""
    actions = getattr(callback, "actions", None)
    if actions:
        accepted = getattr(getattr(callback, "cls", None), "http_method_names", actions)
        return frozenset(m.upper() for m in actions if m in accepted)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return frozenset(m.upper() for m in view_class.http_method_names if hasattr(view_class, m)) - {
            "OPTIONS"
        }
    seen: set[int] = set()
    todo: list[Any] = [callback]
    while todo:
        func = todo.pop()
        if id(func) in seen or not callable(func):
            continue
        seen.add(id(func))
        code = getattr(func, "__code__", None)
        for name, cell in zip(
            code.co_freevars if code else (), getattr(func, "__closure__", None) or (), strict=False
        ):
            value = cell.cell_contents
            if name == "request_method_list":
                return frozenset(m.upper() for m in value)
            if callable(value):
                todo.append(value)
        if hasattr(func, "__wrapped__"):
            todo.append(func.__wrapped__)
    return frozenset({"GET", "HEAD", *WRITE_METHODS})


def written_routes(classes: Iterable[type[LeakTests]], urlconf: str | None = None) -> dict[str, set[str]]:
    """Route → the methods its WRITE endpoints send (the refused-write tests)."""
    from django.urls import Resolver404, resolve

    written: dict[str, set[str]] = {}
    for cls in classes:
        for endpoint in cls.endpoints:
            if endpoint.kind != WRITE:
                continue
            for key in _probe_keys():
                try:
                    match = resolve(endpoint.url(key, "marker").split("?")[0], urlconf)
                except (Resolver404, AttributeError, TypeError, IndexError, ValueError):
                    continue
                written.setdefault(canonical_route(match.route), set()).add(endpoint.method)
                break
    return written
