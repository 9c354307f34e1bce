"""The consultation's panel on the case page (KindSpec.panels): type, who asks and on what basis, the
consolidated table (candidate × consulted body) with answers marked when recorded by silence, each
candidate's context, the decision and its form. Called only for a reader who may see the case; everything
else it shows is read through the policy."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from phoihop.access.policy import Action, can, has_role
from phoihop.consultations import selectors
from phoihop.consultations.forms import DecisionForm


def panel_context(request: Any, case: Any) -> dict[str, Any]:
    user = request.user
    details = selectors.consultation(user, case)
    cols, rows = selectors.table(user, case, with_context=True)
    working = can(user, Action.CHANGE, case) and has_role(user, "officer", "leader")
    return {
        "consultation": details,
        "cols": cols,
        "rows": rows,
        "counts": selectors.counts(user, case),
        "working": working,
        "can_decide": working and case.status == "open",
        "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }
