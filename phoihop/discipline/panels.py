"""The discipline notice's panel on the case page (KindSpec.panels): who, what sanction, the decision and its
dates, the advice (limitation, appeal window, the State body's notice period), the person's context, the
bodies that must know, the appeal, and the forms of the steps the reader may take now. Called only for a
reader who may see the case; everything else it shows is read through the policy."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from phoihop.access.policy import Action, can, has_role
from phoihop.discipline import selectors
from phoihop.discipline.forms import AcknowledgeForm, AppealDecisionForm, AppealForm
from phoihop.vetting.selectors import person_context


def typed_key(form: str, case_id: Any) -> str:
    return f"discipline.typed.{form}.{case_id}"


def typed(request: Any, form: str, case: Any) -> Any:
    """What the user typed in this form of this case's panel
    before a refusal (once), as form data; else None."""
    from django.http import QueryDict

    stored = request.session.pop(typed_key(form, case.pk), None) if hasattr(request, "session") else None
    if not stored:
        return None
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, values)
    return data


def panel_context(request: Any, case: Any) -> dict[str, Any]:
    user = request.user
    notice = selectors.notice(user, case)
    working = can(user, Action.CHANGE, case) and has_role(user, "clerk", "officer", "leader")
    person_visible = (
        notice is not None and notice.person is not None and can(user, Action.VIEW, notice.person)
    )
    status = case.status
    today = timezone.localdate()
    acks = selectors.acknowledgements(user, case)
    for ack in acks:  # a refused acknowledgement comes back with what was typed
        kept = typed(request, f"ack{ack.pk}", case)
        ack.typed = kept.dict() if kept is not None else {}  # type: ignore[attr-defined]
    return {
        "notice": notice,
        "person_visible": person_visible,
        "advice": selectors.advice(notice) if notice is not None else None,
        "acks": acks,
        "context": person_context(user, notice.person, exclude=case) if person_visible and notice else None,
        "working": working,
        "can_record": working and status == "received",
        "can_ack": working and status == "recorded",
        "can_appeal": working and status in ("recorded", "acknowledged"),
        "can_decide": working and status == "appealed",
        "can_close": working and status == "acknowledged",
        "today": today,
        "ack_form": AcknowledgeForm(initial={"acknowledged_on": today}),
        "appeal_form": AppealForm(typed(request, "appeal", case), initial={"filed_on": today}),
        "decision_form": AppealDecisionForm(typed(request, "decision", case), initial={"decided_on": today}),
    }
