"""Pages of the discipline kind: the notice list (filters, XLSX export), a new notice (with a person search),
the panel's steps (record, acknowledge, appeal, the appeal's outcome, close) and the rules. Thin: parse, call
a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.access.policy import Action, has_role
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.core.paging import page_of
from phoihop.discipline import panels, rules, selectors, services
from phoihop.discipline.exports import notices_xlsx
from phoihop.discipline.forms import (
    AcknowledgeForm,
    AppealDecisionForm,
    AppealForm,
    ListFilterForm,
    NewNoticeForm,
    PolicyForm,
    SanctionForm,
)
from phoihop.discipline.kind import WORKFLOW
from phoihop.discipline.models import Acknowledgement, NotifyBody, Sanction
from phoihop.people.selectors import person_choices

STATUS_CHOICES = list(WORKFLOW.states.items())


def _filters(request: HttpRequest) -> tuple[ListFilterForm, dict[str, Any]]:
    form = ListFilterForm(request.GET or None, status_choices=STATUS_CHOICES)
    return form, (form.cleaned_data if form.is_bound and form.is_valid() else {})


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = page_of(request, selectors.notices(request.user, filters), settings.PAGE_SIZE)
    return render(
        request,
        "discipline/list.html",
        {
            "form": form,
            "page": page,
            "can_open": _can_open(request.user),
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def notice_export(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():  # never "everything" for a filter that was not understood
        messages.error(request, _("Bộ lọc không hợp lệ: hãy sửa bộ lọc trước khi xuất."))
        return redirect(reverse("discipline:list") + "?" + request.GET.urlencode())
    return notices_xlsx(request.user, filters)


def _can_open(user: Any) -> bool:
    return bool(has_role(user, "clerk", "officer", "leader") and getattr(user, "agency_id", None))


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest) -> HttpResponse:
    """A new notice: the person from the registry (or a Party organisation), the sanction and the decision."""
    if not _can_open(request.user):
        raise PermissionDenied(_("Chỉ văn thư, chuyên viên, lãnh đạo ghi nhận thông báo kỷ luật."))
    data = request.POST if request.method == "POST" else None
    source = data if data is not None else (request.GET if request.GET.get("person") else None)
    choices = (
        person_choices(request.user, source.getlist("person"), source.get("person_q") or "", keep=2000)
        if source is not None
        else []
    )
    initial = {
        "classification": rules.policy().default_classification,
        "received_on": timezone.localdate(),
        "origin": "party",
        "subject_type": "member",
        "person": request.GET.get("person") if choices and data is None else None,
    }
    finding = data is not None and "find" in data
    if finding:
        assert data is not None
        form = NewNoticeForm(
            initial={k: data.get(k) for k in data if k != "csrfmiddlewaretoken"}, person_choices=choices
        )
    else:
        form = NewNoticeForm(data, initial=initial, person_choices=choices)
    if data is not None and not finding and form.is_valid():
        person = form.cleaned_data.get("person")
        try:
            case = case_services.case_open(
                actor=request.user,
                kind="discipline",
                title=form.title_or_default(),
                subject_name=person.full_name if person else form.cleaned_data["organisation"],
                classification=form.cleaned_data["classification"],
                details=form.details(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Đã ghi nhận thông báo kỷ luật %(number)s.") % {"number": case.number}
            )
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "discipline/new.html", {"form": form, "choices": choices})


# --- The panel's steps
# -------------------------------------------------------------------------------------------


def _notice_case(request: HttpRequest, case_id: Any) -> Case:
    return get_visible_or_404(
        request,
        Case.objects.filter(kind="discipline").select_related("owner_agency"),
        Action.CHANGE,
        pk=case_id,
    )


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#panel-discipline")


def _act(
    request: HttpRequest, form: forms.Form | None, act: Callable[..., Any], done: str, keep: str = ""
) -> None:
    """A form posted from the panel: the service's refusal or the form's errors as messages; with `keep`, what
    was typed comes back in the panel's form (panels.typed) instead of being lost."""
    try:
        if form is not None and not form.is_valid():
            report_form_errors(request, form)
        else:
            act(actor=request.user, **(form.cleaned_data if form is not None else {}))
            messages.success(request, done)
            return
    except ValidationError as exc:
        report_service_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    if keep:
        case_id = request.resolver_match.kwargs["case_id"] if request.resolver_match else ""
        request.session[panels.typed_key(keep, case_id)] = {
            k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
        }


@login_required
@require_POST
def record(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _notice_case(request, case_id)
    _act(
        request,
        None,
        lambda actor: services.record(actor=actor, case=case),
        _("Đã cập nhật kỷ luật vào hồ sơ."),
    )
    return _back(case)


@login_required
@require_POST
def acknowledge(request: HttpRequest, case_id: Any, ack_id: Any) -> HttpResponse:
    case = _notice_case(request, case_id)
    ack = get_visible_or_404(request, Acknowledgement.objects.filter(case=case), Action.VIEW, pk=ack_id)
    _act(
        request,
        AcknowledgeForm(request.POST),
        lambda actor, **d: services.acknowledge(actor=actor, ack=ack, **d),
        _("Đã ghi nhận nơi cần nắm đã nắm."),
        keep=f"ack{ack.pk}",
    )
    return _back(case)


@login_required
@require_POST
def appeal(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _notice_case(request, case_id)
    _act(
        request,
        AppealForm(request.POST),
        lambda actor, **d: services.appeal(actor=actor, case=case, **d),
        _("Đã ghi nhận khiếu nại."),
        keep="appeal",
    )
    return _back(case)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _notice_case(request, case_id)
    _act(
        request,
        AppealDecisionForm(request.POST),
        lambda actor, **d: services.appeal_decide(actor=actor, case=case, **d),
        _("Đã ghi kết quả giải quyết khiếu nại."),
        keep="decision",
    )
    return _back(case)


@login_required
@require_POST
def close(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _notice_case(request, case_id)
    _act(
        request,
        None,
        lambda actor: services.close(actor=actor, case=case),
        _("Đã kết thúc thông báo kỷ luật."),
    )
    return _back(case)


# --- Rules
# ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest) -> HttpResponse:
    """The sanction matrix, the bodies that must know, the periods (every signed-in user reads them;
    administrators change them)."""
    rules.ensure_defaults()
    sanction_form = SanctionForm()
    if request.method == "POST":
        form: forms.Form
        try:
            if request.POST.get("what") == "policy":
                form = PolicyForm(request.POST)
                if form.is_valid():
                    services.policy_set(actor=request.user, **form.cleaned_data)
            else:
                form = sanction_form = SanctionForm(request.POST)
                if form.is_valid():
                    services.sanction_set(actor=request.user, **form.cleaned_data)
            if form.is_valid():
                messages.success(request, _("Đã lưu quy định."))
                return redirect("discipline:rules")
            report_form_errors(request, form)
        except ValidationError as exc:
            report_service_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    policy = rules.policy()
    return render(
        request,
        "discipline/rules.html",
        {
            "sanctions": list(Sanction.objects.all()),
            "bodies": list(NotifyBody.objects.all()),
            "policy": policy,
            "policy_form": PolicyForm(
                initial={
                    f: getattr(policy, f)
                    for f in (
                        "appeal_days",
                        "state_appeal_days",
                        "state_notice_days",
                        "remind_days",
                        "default_classification",
                        "basis",
                        "verified",
                    )
                }
            ),
            "sanction_form": sanction_form,
            "can_edit": has_role(request.user, "admin"),
        },
    )
