"""User actions commit in their own durable transaction; a service called from inside another fails loudly;
`batch()` runs many as one unit. And every write service of every app says which it is: a user action, or a
helper that other services call (then named here with its callers), so a new service cannot silently nest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from phoihop.core.models import Agency
from phoihop.transactions import NestedActionError, batch, user_action

ROOT = Path(__file__).resolve().parents[1]

# Write services that are not the top of a user action:
# the services that call them (inside their transaction).
SHARED_HELPERS: dict[str, str] = {
    "access.grant_create": (
        "cases' request_send, request_extend and request_resume (the partner's respond grant)"
    ),
    "cases.transition_within": "a kind's own services (letters' letter_classify and letter_conclude)",
    "cases.request_send_within": "consultations' on_open (one opinion request per consulted body)",
    "cases.case_clock_start": "letters' letter_classify (an accepted letter's resolution deadline starts)",
    "access.grants_revoke": "cases' request_respond, request_extend, request_withdraw and request_resume",
    "documents.number_issue": "documents' document_generate (the generated paper takes the next number)",
    "people.case_basis_keep": "cases' case_open and case_subject_add (a subject is registered for the case)",
    "people.case_bases_follow": "cases' case_transition (a closed case's bases lapse with it)",
}


def _decorators(node: ast.FunctionDef) -> set[str]:
    return {ast.unparse(d) for d in node.decorator_list}


def _write_services() -> dict[str, set[str]]:
    """Public functions of every app's services.py that open a transaction, with their decorators."""
    found = {}
    for path in sorted(ROOT.glob("*/services.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                decorators = _decorators(node)
                if decorators & {"transaction.atomic", "user_action"}:
                    found[f"{path.parent.name}.{node.name}"] = decorators
    return found


def test_every_write_service_is_a_user_action_or_a_named_helper() -> None:
    services = _write_services()
    assert "cases.case_open" in services and "user_action" in services["cases.case_open"]
    plain = {name for name, decorators in services.items() if "user_action" not in decorators}
    assert plain == set(SHARED_HELPERS), (
        "a write service must be @user_action (the top of what a page, API call or command "
        "asks) or, if other services call it, be listed in SHARED_HELPERS: unlisted "
        f"{sorted(plain - set(SHARED_HELPERS))}, stale {sorted(set(SHARED_HELPERS) - plain)}"
    )


@user_action
def _create(code: str) -> Agency:
    return Agency.objects.create(code=code, name=f"Cơ quan {code}")


@user_action
def _create_two(code: str) -> Agency:
    _create(code)  # a user action calling another: the mistake this guards against
    return _create(code + "2")


@pytest.mark.django_db
def test_a_user_action_inside_another_fails_loudly() -> None:
    with pytest.raises(NestedActionError, match="_create is the top of a user action"):
        _create_two("LONG")
    assert not Agency.objects.filter(code__startswith="LONG").exists()


@pytest.mark.django_db
def test_a_user_action_inside_a_callers_transaction_fails_loudly() -> None:
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _create("TRONG")
    assert not Agency.objects.filter(code="TRONG").exists()


@pytest.mark.django_db
def test_a_real_service_refuses_to_nest(admin_user: object) -> None:
    from phoihop.core.services import agency_create

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        agency_create(actor=admin_user, code="LONG", name="Cơ quan lồng")


@pytest.mark.django_db
def test_a_batch_commits_its_actions_together_or_not_at_all() -> None:
    with batch():
        _create("MOT")
        _create("HAI")
    assert Agency.objects.filter(code__in=["MOT", "HAI"]).count() == 2
    with pytest.raises(ValidationError), batch():
        _create("BA")
        raise ValidationError("the third row is wrong")
    assert not Agency.objects.filter(code="BA").exists()
    with pytest.raises(NestedActionError), batch():  # inside a batch an action still may not call another
        _create_two("BON")
