"""The vetting's panel on the case page (KindSpec.panels): the subject and purpose, the dossier checklist,
the automatic context, findings with their sources and explanations, verifiers, the appraisal and conclusion,
and the forms of the steps the reader may take now. Called only for a reader who may see the case; everything
else it shows is read through the policy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.vetting import selectors, services
from phoihop.vetting.choices import FindingGroup, Flag
from phoihop.vetting.forms import (
    AppraiseForm,
    ApproveForm,
    DecisionForm,
    DossierForm,
    ExplanationForm,
    FindingForm,
    ReuseForm,
    VerifierForm,
)
from phoihop.vetting.models import Vetting


def typed_key(form: str, case_id: Any) -> str:
    return f"vetting.typed.{form}.{case_id}"


def typed(request: Any, form: str, case: Any) -> Any:
    """What the user typed in this form of this case's panel before a refusal (once), as form data; else
    None (the form starts empty)."""
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
    vetting = (
        restrict(Vetting.objects.filter(case=case), user)
        .select_related("person", "purpose", "batch", "approved_by", "appraised_by", "reused_from__case")
        .first()
    )
    working = can(user, Action.CHANGE, case) and has_role(user, "officer", "leader")
    findings = selectors.findings(user, case)
    answered = selectors.answered_requests(user, case) if working else []
    finding_form = FindingForm(typed(request, "finding", case))
    # the sources a finding may cite, offered by name: this case's answered requests and its papers
    finding_form.fields["source_request"] = forms.ChoiceField(
        label=_("Trả lời được trích dẫn"),
        required=False,
        choices=[("", "—")]
        + [
            (str(r.pk), f"{r.to_agency.code} — {r.answered_at:%d/%m/%Y}: {r.response[:80]}") for r in answered
        ],
    )
    finding_form.fields["source_document"] = forms.ChoiceField(
        label=_("Văn bản được trích dẫn"),
        required=False,
        choices=[("", "—")] + [(str(d.pk), str(d)) for d in selectors.documents(user, case)]
        if working
        else [],
    )
    return {
        "vetting": vetting,
        "subject_visible": vetting is not None and can(user, Action.VIEW, vetting.person),
        "dossier": selectors.dossier(user, case),
        "findings": [(g, label, [f for f in findings if f.group == g]) for g, label in FindingGroup.choices],
        "flag_labels": dict(Flag.choices),
        "verifiers": selectors.verifiers(user, case),
        "context": selectors.context(user, case),
        "answered": answered,
        "reusable": services.reusable(case, user) if working and case.status == "open" else [],
        "working": working,
        "is_open": working and case.status == "open",
        "can_explain": working and case.status in ("open", "appraised"),
        "can_approve": working and case.status == "appraised" and has_role(user, "leader"),
        "can_decide": working and case.status == "submitted",
        "today": timezone.localdate(),
        "dossier_form": DossierForm(),
        "finding_form": finding_form,
        "explanation_form": ExplanationForm(initial={"given_on": timezone.localdate()}),
        "verifier_form": VerifierForm(typed(request, "verifier", case)),
        "appraise_form": AppraiseForm(typed(request, "appraise", case)),
        "approve_form": ApproveForm(),
        "decision_form": DecisionForm(
            typed(request, "decision", case), initial={"decision_on": timezone.localdate()}
        ),
        "reuse_form": ReuseForm(),
    }
