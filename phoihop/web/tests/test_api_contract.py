"""The API keeps its published contract: schemathesis takes the OpenAPI document /api/v1/schema/ serves, then
calls every operation in process, through the real WSGI handler, with generated data — valid and invalid — as
several roles; every answer must be a documented status with the documented content type, headers and body,
and never a server error (issue 12 §4, decision 94).

Deterministic (derandomized Hypothesis, no example database, no shrinking) and bounded (a fixed number of
examples per operation), so it runs in `make test` on SQLite and PostgreSQL alike."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.core import services as core_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.documents import services as document_services
from phoihop.documents import storage
from phoihop.notify.models import Notification
from phoihop.notify.services import notify
from phoihop.people import services as people_services

pytestmark = pytest.mark.django_db

# Per operation, role and mode (valid / invalid data). `PHOIHOP_API_FUZZ_EXAMPLES=200 make test …` digs deeper
# by hand; CI keeps the bounded default.
EXAMPLES_PER_OPERATION = int(os.environ.get("PHOIHOP_API_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Who calls: integration accounts (API tokens) standing in each place of the province.
ROLES = {
    "hub-officer": {"agency": "BTC", "roles": ["officer"], "clearance": 2},
    "partner-liaison": {"agency": "CA", "roles": ["liaison"], "clearance": 2},
    "auditor": {"agency": "BTC", "roles": ["auditor"], "clearance": 3},
    "admin": {"agency": "BTC", "roles": ["admin"], "clearance": 3},
}


# Invalid data is refused by validation whoever sends it: the two content roles (the one owning the world's
# case and the partner it asked) are enough, and keep the module within a few minutes on each database.
NEGATIVE_DATA_ROLES = {"hub-officer", "partner-liaison"}


def _world() -> dict[str, Any]:
    """A small province with one of everything, and an API token for each role; generated calls also reach
    these objects (see `_real_id`)."""
    hub = AgencyFactory(code="BTC", name="Ban Tổ chức Thử nghiệm", kind="party_board", is_hub=True)
    police = AgencyFactory(code="CA", name="Công an Thử nghiệm", kind="police")
    inspect = AgencyFactory(code="UBKT", name="Ủy ban Kiểm tra Thử nghiệm", kind="inspection")
    agencies = {"BTC": hub, "CA": police, "UBKT": inspect}
    callers = {
        role: UserFactory(
            username=f"api.{role}",
            agency=agencies[spec["agency"]],
            roles=spec["roles"],
            clearance=spec["clearance"],
            is_api_only=True,
        )
        for role, spec in ROLES.items()
    }
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    admin = UserFactory(username="qt.btc", agency=hub, roles=["admin"], clearance=3)
    case = case_services.case_open(actor=officer, title="Hồ sơ phối hợp thử nghiệm", participants=[inspect])
    req = case_services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Đề nghị xác minh", days=10
    )
    unit = people_services.unit_create(actor=admin, code="CB-TN", name="Chi bộ Thử nghiệm", kind="cell")
    person = people_services.person_create(
        actor=officer,
        full_name="Nguyễn Văn Thử",
        birth_year=1980,
        party_card="99000001",
        unit=unit,
        basis="member-register",
    )
    document = document_services.document_add(
        actor=officer, case=case, file_name="ghi-chu.txt", data="Ghi chú thử nghiệm".encode(), title="Ghi chú"
    )
    day = core_services.calendar_day_add(
        actor=admin, day=date(2026, 12, 31), kind="off", name="Nghỉ bù thử nghiệm"
    )
    notify(
        users=list(callers.values()),
        kind="test",
        code="identifier_hold",
        params={"agency": str(admin.agency_id)},
    )
    return {
        "tokens": {
            role: core_services.token_create(actor=None, user=user, name="schemathesis")[1]
            for role, user in callers.items()
        },
        # Path identifiers by the URL's first segment (a notification is its owner's: the hub officer's here).
        "ids": {
            "agencies": str(police.pk),
            "calendar": str(day.pk),
            "cases": str(case.pk),
            "requests": str(req.pk),
            "persons": str(person.uuid),
            "party-units": str(unit.pk),
            "documents": str(document.pk),
            "notifications": str(Notification.objects.filter(user=callers["hub-officer"]).get().pk),
            "audit": str(AuditEvent.objects.latest("seq").seq),
        },
    }


def _published_schema() -> dict[str, Any]:
    """The OpenAPI document /api/v1/schema/ serves (the same generator; `test_served_schema_is_the_fuzzed_one`
    checks the endpoint's answer equals it)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA_DICT = _published_schema()
SCHEMA = schemathesis.openapi.from_dict(SCHEMA_DICT)
SCHEMA.app = get_wsgi_application()
OPERATIONS = sorted(result.ok().label for result in SCHEMA.get_all_operations())


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> Iterator[dict[str, Any]]:
    # Requests run through the real WSGI handler, inside the test's transaction: like Django's test client,
    # keep the handler from closing the connection at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    settings.DATA_DIR = tmp_path
    storage._default.cache_clear()
    try:
        yield _world()
    finally:
        storage._default.cache_clear()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _real_id(case: Any, ids: dict[str, str]) -> None:
    """Half of the generated identifiers are swapped for an object of the world (chosen by the generated
    value, so the run stays deterministic): random UUIDs only ever reach the 404 branch."""
    for name, value in list((case.path_parameters or {}).items()):
        if hashlib.sha256(str(value).encode()).digest()[0] % 2:
            continue
        first = case.operation.path.removeprefix("/api/v1/").split("/")[0]
        key = "cases" if name == "case_id" else first
        if key in ids:
            case.path_parameters[name] = ids[key]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FailureGroup):
        return str(exc.args[0]) if exc.args else repr(exc)
    return f"{type(exc).__name__}: {exc}"


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str], ids: dict[str, str]) -> None:
    """Call the operation with EXAMPLES_PER_OPERATION generated
    cases; raise what the first failing one broke."""

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,  # the same cases on every run and machine: CI is deterministic
        database=None,
        deadline=None,
        phases=[Phase.generate],  # no shrinking: a failure is reported as found, the message has its curl
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        _real_id(case, ids)
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_contract(label: str, world: dict[str, Any]) -> None:
    operation = SCHEMA.find_operation_by_label(label)
    assert operation is not None
    method, path = label.split(" ", 1)
    declared = SCHEMA_DICT["paths"][path][method.lower()]
    # Invalid data needs something to be invalid: an operation
    # without parameters or body gets valid calls only.
    has_input = "parameters" in declared or "requestBody" in declared
    failures = []
    for role, token in sorted(world["tokens"].items()):
        modes = [GenerationMode.POSITIVE]
        if has_input and role in NEGATIVE_DATA_ROLES:
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            try:
                _fuzz(operation, mode, {"Authorization": f"Token {token}"}, world["ids"])
            except (
                Exception,
                FailureGroup,
            ) as exc:  # every role and mode is tried, then all failures reported
                failures.append(f"--- as {role}, {mode.value} data:\n{_describe(exc)}")
    assert not failures, f"{label}: the API broke its published contract\n" + "\n".join(failures)


def _response(path: str, method: str, status: str = "200", media: str = "application/json") -> dict[str, Any]:
    return SCHEMA_DICT["paths"][f"/api/v1/{path}"][method]["responses"][status]["content"][media]["schema"]


def _component(name: str) -> dict[str, Any]:
    return SCHEMA_DICT["components"]["schemas"][name]


def test_schema_declares_what_the_fuzzer_found_undeclared():
    """Issue 12 §4, one assertion per mismatch property-based fuzzing found in the published schema."""
    assert _component("Agency")["properties"]["parent"]["nullable"] is True
    assert _component("Person")["properties"]["unit_name"]["nullable"] is True
    assert _component("TimelineEvent")["properties"]["actor"]["nullable"] is True
    # Plain lists, not pages.
    for path in (
        "cases/{id}/events/",
        "cases/{id}/requests/",
        "persons/{id}/matches/",
        "cases/{id}/transitions/",
    ):
        assert _response(path, "get")["type"] == "array", path
    assert _response("cases/{id}/transitions/", "get")["items"] == {
        "$ref": "#/components/schemas/TransitionOption"
    }
    assert _response("cases/{id}/transitions/", "post") == {"$ref": "#/components/schemas/Case"}
    assert _response("notifications/read/", "post")["$ref"] == "#/components/schemas/NotificationsMarkedRead"
    assert "requestBody" not in SCHEMA_DICT["paths"]["/api/v1/notifications/read/"]["post"]
    assert set(
        SCHEMA_DICT["paths"]["/api/v1/documents/{id}/download/"]["get"]["responses"]["200"]["content"]
    ) >= {
        "application/pdf",
        "text/plain",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    page = {p["name"]: p["schema"] for p in SCHEMA_DICT["paths"]["/api/v1/agencies/"]["get"]["parameters"]}
    assert page["page"] == {"type": "integer", "minimum": 1}
    assert page["page_size"] == {"type": "integer", "minimum": 1, "maximum": 200}
    assert _response("persons/", "post", "409")["$ref"] == "#/components/schemas/DuplicateSuspected"


def test_every_operation_declares_its_error_answers():
    error = {"$ref": "#/components/schemas/Error"}
    assert _component("Error")["required"] == ["detail", "errors"]
    for path, item in SCHEMA_DICT["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert responses["401"]["content"]["application/json"]["schema"] == error, (method, path)
            if method in ("post", "patch", "put", "delete"):
                assert "403" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "400" in responses, (method, path)


def test_served_schema_is_the_fuzzed_one(client, db):
    """The contract test fuzzes the document the endpoint serves (to a caller with a token)."""
    user = UserFactory(username="api.doc", agency=AgencyFactory(code="BTC", is_hub=True), is_api_only=True)
    raw = core_services.token_create(actor=None, user=user)[1]
    served = client.get("/api/v1/schema/?format=json", HTTP_AUTHORIZATION=f"Token {raw}")
    assert served.status_code == 200
    assert json.loads(served.content) == json.loads(json.dumps(SCHEMA_DICT))
