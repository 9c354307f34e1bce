"""Leak tests generated per registered case kind (`kind_leak_tests`): every kind's case is hidden from the
same outsiders, on the case list and page, the API's list, record and timeline, and in each of the kind's
panels. A test module makes one class per kind from the registry, so a new kind app gets them without writing
any:

    for spec in kinds():
        globals()[f"TestLeaks_{spec.code}"] = kind_leak_tests(spec.code)
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from phoihop.access.testing import DETAIL, LIST, Endpoint, LeakTests, Persona, same_agency_not_on_team, who
from phoihop.cases.kinds import get_kind

MARKER = "Hồ Sơ Loại Riêng 4242"

OUTSIDERS = [
    Persona("anonymous", sees=False, make=lambda w: None),
    Persona("non-participant-agency", sees=False, make=who("outsider")),
    Persona("too-low-clearance", sees=False, make=who("low")),
    Persona("auditor-not-content", sees=False, make=who("auditor")),
    Persona("admin-without-break-glass", sees=False, make=who("admin")),
    same_agency_not_on_team(),
    Persona("request-recipient-sees-no-case", sees=False, make=who("recipient")),
]
INSIDERS = [
    Persona("owner-agency-lead-officer", sees=True, make=who("owner")),
    Persona("owner-agency-leader", sees=True, make=who("leader")),
    Persona("participant-agency", sees=True, make=who("participant")),
]


def _has(fragment: str) -> Any:
    return lambda response, marker: response.status_code == 200 and fragment in response.content.decode()


def kind_leak_tests(code: str) -> type[LeakTests]:
    """A LeakTests class for the registered kind `code`: a "Mật" case of that kind (its spec's example
    details), owned by the hub, co-handled by UBKT, with a request to the Police when the kind sends
    requests."""
    spec = get_kind(code)
    endpoints = [
        Endpoint("ui-list", LIST, lambda pk, m: reverse("cases:case_list")),
        Endpoint("ui-detail", DETAIL, lambda pk, m: reverse("cases:case_detail", args=[pk])),
        Endpoint(
            "ui-timeline",
            LIST,
            lambda pk, m: reverse("cases:case_detail", args=[pk]),
            visible=_has('id="timeline"'),
        ),
        Endpoint("api-list", LIST, lambda pk, m: reverse("api:case-list")),
        Endpoint("api-detail", DETAIL, lambda pk, m: reverse("api:case-detail", args=[pk])),
        Endpoint(
            "api-kind",
            LIST,
            lambda pk, m: reverse("api:case-detail", args=[pk]),
            visible=_has(f'"kind":"{code}"'),
        ),
        Endpoint("api-timeline", DETAIL, lambda pk, m: reverse("api:case-events", args=[pk])),
        *[
            Endpoint(
                f"ui-panel-{panel.name}",
                LIST,
                lambda pk, m: reverse("cases:case_detail", args=[pk]),
                visible=_has(f'id="panel-{panel.name}"'),
            )
            for panel in spec.panels
        ],
    ]

    class KindLeaks(LeakTests):
        personas = [*OUTSIDERS, *INSIDERS]

        def build(self) -> tuple[Any, Any]:
            from phoihop.cases import services
            from phoihop.core.tests.factories import partner_world

            world = partner_world()
            case = services.case_open(
                actor=world["owner"],
                kind=code,
                title=MARKER,
                classification=1,
                participants=[world["UBKT"]],
                details={**spec.example_details, **(spec.example_setup(world) if spec.example_setup else {})},
            )
            if spec.request_kinds:
                services.request_send(
                    actor=world["owner"],
                    case=case,
                    to_agency=world["CA"],
                    kind=spec.request_kinds[0],
                    body="Yêu cầu trong hồ sơ loại",
                    days=10,
                )
            return world, case

        def marker(self, target: Any) -> str:
            return MARKER

    KindLeaks.endpoints = endpoints
    KindLeaks.__name__ = KindLeaks.__qualname__ = f"TestLeaks_{code}"
    KindLeaks.__doc__ = f"Generated leak tests of the {code!r} case kind (cases/testing.py)."
    return KindLeaks
