"""What an adversary found through the API after the kinds and history merges (issue 14's outside test)."""

from __future__ import annotations

import json

import pytest

from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.cases.tests.helpers import hub_and_police, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(hub):
    return hub_and_police(hub, officer_clearance=2)


def post(client, path, body, **extra):
    return client.post(path, data=json.dumps(body), content_type="application/json", **extra)


def test_details_for_a_kind_without_fields_are_refused_not_dropped(people):
    client = login(people["officer"])
    answer = post(client, "/api/v1/cases/", {"title": "Hồ sơ", "kind": "general", "details": {"foo": "bar"}})
    assert answer.status_code == 400
    assert "details" in answer.json()["errors"] and not Case.objects.exists()
    assert (
        post(client, "/api/v1/cases/", {"title": "Hồ sơ", "kind": "general", "details": {}}).status_code
        == 201
    )


def test_errors_of_list_items_read_as_messages_not_python(people):
    client = login(people["officer"])
    case = services.case_open(actor=people["officer"], title="Hồ sơ có yêu cầu")
    answer = post(
        client,
        f"/api/v1/cases/{case.pk}/requests/",
        {"to_agency": "CA", "kind": "information", "body": "Xin thông tin", "documents": ["a", None]},
    )
    assert answer.status_code == 400
    messages = answer.json()["errors"]["documents"]
    assert messages and all("ErrorDetail" not in m and "{" not in m for m in messages), messages
    assert messages[0].startswith("0: ")


def test_a_body_over_the_limit_is_a_413_that_says_so(people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = login(people["officer"])
    answer = post(client, "/api/v1/cases/", {"title": "Hồ sơ", "summary": "x" * 20_000})
    assert answer.status_code == 413
    assert "9 KB" in answer.json()["detail"] and answer.json()["errors"] == {}
    english = post(
        client, "/api/v1/cases/", {"title": "x", "summary": "x" * 20_000}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 413 and "too large" in english.json()["detail"]
    assert not Case.objects.exists()


def test_a_user_name_from_the_path_is_echoed_printable(people):
    leader = login(people["leader"])
    case = services.case_open(actor=people["officer"], title="Hồ sơ có tổ")
    answer = leader.delete(f"/api/v1/cases/{case.pk}/team/ai%00%E2%80%AEdo/")
    assert answer.status_code == 400
    text = json.dumps(answer.json(), ensure_ascii=False)
    assert "\\u0000" not in text and "\u202e" not in text and "ai␀" in text


def test_the_schema_declares_decimal_scores_and_the_new_answers(people):
    schema = login(people["officer"]).get("/api/v1/schema/?format=json").json()
    assert schema["components"]["schemas"]["PersonHit"]["properties"]["score"]["type"] == "number"
    team_delete = schema["paths"]["/api/v1/cases/{id}/team/{username}/"]["delete"]["responses"]
    assert "400" in team_delete
    assert "413" in schema["paths"]["/api/v1/cases/"]["post"]["responses"]
