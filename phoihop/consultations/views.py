"""Pages of the consultation kind: the list (filters, XLSX), a new consultation (candidates picked from the
registry), the consulted body's answer page, the decision posted from the panel, and the types. Thin: parse,
call a service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.access.policy import Action, has_role
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.consultations import rules, selectors, services
from phoihop.consultations.choices import Answer
from phoihop.consultations.exports import consultations_xlsx
from phoihop.consultations.forms import DecisionForm, ListFilterForm, NewConsultationForm, TypeForm
from phoihop.consultations.models import ConsultationType
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.core.models import Agency
from phoihop.core.paging import page_of
from phoihop.people.selectors import person_choices

ROWS = 5


def _filters(request: HttpRequest) -> tuple[ListFilterForm, dict[str, Any]]:
    form = ListFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_bound and form.is_valid() else {})


@login_required
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = page_of(request, selectors.consultations(request.user, filters), settings.PAGE_SIZE)
    can_open = has_role(request.user, "clerk", "officer", "leader")
    openable = selectors.case_ids(request.user, page.object_list)
    return render(
        request,
        "consultations/list.html",
        {"form": form, "page": page, "can_open": can_open, "openable": openable},
    )


@login_required
@require_GET
def consultation_export(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():  # never "everything" for a filter that was not understood
        messages.error(request, _("Bộ lọc không hợp lệ: hãy sửa bộ lọc trước khi xuất."))
        return redirect(reverse("consultations:list") + "?" + request.GET.urlencode())
    return consultations_xlsx(request.user, selectors.consultations(request.user, filters, Action.EXPORT))


def _candidate_rows(data: Any) -> list[dict[str, str]]:
    persons = data.getlist("person")
    current, proposed = data.getlist("current_position"), data.getlist("proposed_position")
    rows = []
    for i, p in enumerate(persons[:50]):
        if p:
            rows.append(
                {
                    "person": p,
                    "current_position": current[i] if i < len(current) else "",
                    "proposed_position": proposed[i] if i < len(proposed) else "",
                }
            )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    """A new consultation: type, who asks, the bodies consulted and the candidates from the registry."""
    if not has_role(request.user, "clerk", "officer", "leader"):
        raise PermissionDenied(_("Vai trò của bạn không mở hồ sơ hiệp y."))
    rules.ensure_defaults()
    data = request.POST if request.method == "POST" else None
    chosen = data.getlist("person") if data is not None else []
    q = (data or request.GET).get("person_q") or ""
    choices = person_choices(request.user, chosen, q, keep=50)
    finding = data is not None and "find" in data
    form_data = None
    if data is not None:
        form_data = data.copy()
        form_data.setlist("candidates", [r["person"] for r in _candidate_rows(data)])
    if finding:
        # a person search keeps what was typed: the form comes back unbound, filled with it, without errors
        assert data is not None
        kept = {
            k: data.get(k) for k in data if k not in ("csrfmiddlewaretoken", "find", "person", "consulted")
        }
        form = NewConsultationForm(initial=kept)
    else:
        form = NewConsultationForm(form_data)
    typed = _candidate_rows(data) if data is not None else []
    if data is not None and not finding and form.is_valid():
        details = {k: v for k, v in form.cleaned_data.items() if k not in ("title", "classification")}
        details["candidates"] = typed
        details["type"] = form.cleaned_data["type"].code
        details["consulted"] = [a.code for a in form.cleaned_data["consulted"]]
        if "silence_is_consent" not in data:
            details.pop("silence_is_consent", None)
        try:
            case = case_services.case_open(
                actor=request.user,
                kind="consultation",
                title=form.cleaned_data["title"],
                classification=form.cleaned_data["classification"],
                details=details,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở hồ sơ hiệp y %(number)s.") % {"number": case.number})
            return redirect("cases:case_detail", case_id=case.pk)
    slots = typed + [{"person": "", "current_position": "", "proposed_position": ""}] * max(
        0, ROWS - len(typed)
    )
    return render(
        request,
        "consultations/new.html",
        {
            "form": form,
            "choices": choices,
            "slots": slots,
            "person_q": q,
            "agencies": Agency.objects.filter(active=True)
            .exclude(pk=str(getattr(request.user, "agency_id", "") or ""))
            .order_by("code"),
            "consulted": data.getlist("consulted") if data is not None else [],
            "silence_checked": data is not None and "silence_is_consent" in data,
        },
    )


class AnswerView(VisibleObjectView):
    """The consulted body's page: the consultation's details and candidates, its own answers and the form to
    answer the others while it may. The consultation is reached through the body's own opinion request."""

    lookup_url_kwarg = "case_id"
    http_method_names = ["get", "post"]
    queryset = Case.objects.filter(kind="consultation").select_related("owner_agency")

    def get_object(self) -> Any:
        from phoihop.consultations.models import Consultation

        details = get_visible_or_404(
            self.request,
            Consultation.objects.select_related("case__owner_agency", "type"),
            Action.VIEW,
            pk=self.kwargs["case_id"],
        )
        return details

    def read_related(self, obj: Any) -> Any:
        return obj.case

    def show(
        self,
        request: HttpRequest,
        details: Any,
        errors: list[str] | None = None,
        posted: dict[str, tuple[str, str]] | None = None,
    ) -> HttpResponse:
        case = details.case
        body = selectors.own_body(request.user, case)
        cols, rows = selectors.table(request.user, case)
        mine = next((i for i, b in enumerate(cols) if body is not None and b.pk == body.pk), None)
        return render(
            request,
            "consultations/answer.html",
            {
                "details": details,
                "case": case,
                "body": body,
                # each candidate with this body's answer, and what was typed before a refusal
                "rows": [
                    (
                        r.candidate,
                        r.cells[mine] if mine is not None else None,
                        *(posted or {}).get(str(r.candidate.pk), ("", "")),
                    )
                    for r in rows
                ],
                "answers": Answer.choices,
                "may_answer": body is not None and body.request.is_open and case.status == "open",
                "errors": errors or [],
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        details = self.object
        answers = []
        for key in request.POST:
            if key.startswith("answer_") and key[7:].isdigit() and len(key) < 20 and request.POST[key]:
                n = key[7:]
                answers.append(
                    {
                        "candidate": n,
                        "answer": request.POST[key],
                        "reasons": request.POST.get(f"reasons_{n}", ""),
                    }
                )
        try:
            made = services.opinion_give(actor=request.user, case=details.case, answers=answers)
        except (ValidationError, PermissionDenied) as exc:
            posted = {
                key[8:]: (request.POST.get(f"answer_{key[8:]}", ""), request.POST[key])
                for key in request.POST
                if key.startswith("reasons_") and key[8:].isdigit() and len(key) < 20
            }
            said = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            return self.show(request, details, errors=said, posted=posted)
        messages.success(request, _("Đã cho ý kiến về %(n)d nhân sự.") % {"n": len(made)})
        return redirect(request.get_full_path())


answer = AnswerView.as_view()


@login_required
@require_POST
def decide(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.filter(kind="consultation"), Action.CHANGE, pk=case_id)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            report_form_errors(request, form)
        else:
            services.consultation_decide(
                actor=request.user,
                case=case,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                decided_on=form.cleaned_data["decided_on"],
            )
            messages.success(request, _("Đã ghi nhận quyết định."))
    except ValidationError as exc:
        report_service_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#panel-consultation")


@login_required
@require_http_methods(["GET", "POST"])
def types_page(request: HttpRequest) -> HttpResponse:
    """The types with their period and whether silence is consent (read by all; changed by administrators)."""
    rules.ensure_defaults()
    form = TypeForm(request.POST or None)
    if request.method == "POST":
        if not has_role(request.user, "admin"):
            raise PermissionDenied(_("Chỉ quản trị viên sửa danh mục loại hiệp y, xin ý kiến."))
        if form.is_valid():
            try:
                services.type_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu loại hiệp y, xin ý kiến."))
                return redirect("consultations:types")
    return render(
        request,
        "consultations/types.html",
        {
            "types": ConsultationType.objects.order_by("position", "code"),
            "form": form,
            "is_admin": has_role(request.user, "admin"),
        },
    )
