"""The letter's panel on the case page (KindSpec.panels): its fields, allegations with their conclusions,
explanations, related letters, what a transfer brought back, and the forms of the steps the reader may take
now. Called only for a reader who may see the case; everything else it shows is read through the policy."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.letters import selectors, services
from phoihop.letters.access_rules import is_vault_keeper
from phoihop.letters.choices import Finding
from phoihop.letters.forms import AllegationForm, ConcludeForm, ExplanationForm
from phoihop.letters.models import Concerned, Letter


def panel_context(request: Any, case: Any) -> dict[str, Any]:
    user = request.user
    letter = (
        restrict(Letter.objects.filter(case=case), user)
        .select_related("transferred_from", "transferred_to", "classified_by")
        .first()
    )
    can_change = can(user, Action.CHANGE, case)
    handling = case.status == "handling" and can_change
    results = services.transfer_results(user, case) if letter is not None and letter.transferred_to_id else []
    return {
        "letter": letter,
        "allegations": selectors.allegations(user, case),
        "explanations": selectors.explanations(user, case),
        "matches": selectors.matches(user, case),
        "concerned": list(
            restrict(Concerned.objects.filter(case=case), user).select_related("person", "party_unit")
        ),
        "results": [(p, Finding(f).label if f else "") for p, f in results],
        "can_classify": case.status == "received" and can_change,
        "handling": handling,
        "can_conclude": handling and has_role(user, "leader"),
        "vault_keeper": is_vault_keeper(user) and case.owner_agency_id == user.agency_id,
        "allegation_form": AllegationForm(),
        "explanation_form": ExplanationForm(initial={"given_on": timezone.localdate()}),
        "conclude_form": ConcludeForm(),
        "findings": [c for c in Finding.choices if c[0]],
    }
