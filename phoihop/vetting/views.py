"""Pages of the vetting kind: the vetting list, a new vetting (with a person search), the panel's steps,
batches (request from a file or a pick, the board with progress, dispatch to partners, resume, export), the
partner's batch requests and their answer page, and the rules. Thin: parse, call a service, render."""

from __future__ import annotations

import functools
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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.core.paging import page_of
from phoihop.people.selectors import person_choices
from phoihop.vetting import batches, panels, rules, selectors, services
from phoihop.vetting.choices import ReplyFinding, Verdict
from phoihop.vetting.exports import batch_xlsx
from phoihop.vetting.forms import (
    AppraiseForm,
    ApproveForm,
    BatchForm,
    DecisionForm,
    DispatchForm,
    DossierForm,
    ExplanationForm,
    FindingForm,
    NewVettingForm,
    ReuseForm,
    VerifierForm,
)
from phoihop.vetting.models import Batch, Dispatch, DossierItem, Finding, Purpose

STATUS_CHOICES = [
    ("open", gettext_lazy("Đang thẩm tra, xác minh")),
    ("appraised", gettext_lazy("Đã thẩm định, chờ lãnh đạo duyệt")),
    ("submitted", gettext_lazy("Đã trình Ban Thường vụ")),
    ("concluded", gettext_lazy("Đã kết luận")),
]


class ListFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Số hồ sơ, trích yếu"), required=False, max_length=100)
    purpose = forms.ModelChoiceField(
        label=gettext_lazy("Mục đích"), queryset=Purpose.objects.all(), required=False, to_field_name="code"
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"), choices=[("", "—"), *STATUS_CHOICES], required=False
    )
    verdict = forms.ChoiceField(
        label=gettext_lazy("Kết luận"), choices=[("", "—"), *Verdict.choices], required=False
    )


@login_required
@require_GET
def vetting_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = page_of(request, selectors.vettings(request.user, filters), settings.PAGE_SIZE)
    return render(
        request,
        "vetting/list.html",
        {"form": form, "page": page, "can_open": _can_open(request.user), "today": timezone.localdate()},
    )


def _can_open(user: Any) -> bool:
    return bool(has_role(user, "clerk", "officer", "leader") and user.agency and user.agency.is_hub)


def _person_choices(request: HttpRequest, data: Any, field: str = "person") -> list[tuple[str, str]]:
    """The persons offered: those chosen (visible to the user) and the search's hits."""
    if data is None:
        return []
    return person_choices(request.user, data.getlist(field), data.get("person_q") or "", keep=2000)


@login_required
@require_http_methods(["GET", "POST"])
def vetting_new(request: HttpRequest) -> HttpResponse:
    """A new vetting: the person from the registry, the purpose and who asks."""
    if not _can_open(request.user):
        raise PermissionDenied(_("Hồ sơ thẩm định tiêu chuẩn chính trị do Ban Tổ chức (cơ quan đầu mối) mở."))
    data = request.POST if request.method == "POST" else None
    if data is None and request.GET.get("person"):
        data_get = request.GET
        choices = _person_choices(request, data_get)
        initial_person = data_get.get("person") if choices else None
    else:
        choices, initial_person = _person_choices(request, data), None
    initial = {"classification": rules.policy().default_classification, "person": initial_person}
    finding = data is not None and "find" in data
    if finding:
        assert data is not None
        form = NewVettingForm(
            initial={k: data.get(k) for k in data if k != "csrfmiddlewaretoken"}, person_choices=choices
        )
    else:
        form = NewVettingForm(data, initial=initial, person_choices=choices)
    if data is not None and not finding and form.is_valid():
        try:
            case = case_services.case_open(
                actor=request.user,
                kind="vetting",
                title=form.cleaned_data["title"],
                subject_name=form.cleaned_data["person"].full_name,
                classification=form.cleaned_data["classification"],
                details=form.details(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở hồ sơ thẩm định %(number)s.") % {"number": case.number})
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "vetting/new.html", {"form": form, "choices": choices})


# --- The panel's steps
# -------------------------------------------------------------------------------------------


def _vetting_case(request: HttpRequest, case_id: Any) -> Case:
    return get_visible_or_404(
        request, Case.objects.filter(kind="vetting").select_related("owner_agency"), Action.CHANGE, pk=case_id
    )


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#panel-vetting")


def _panel_action(
    request: HttpRequest, form: forms.Form, act: Callable[..., Any], done: str, keep: str = ""
) -> None:
    """A form posted from the vetting's panel: the service's refusal or the form's errors as messages; with
    `keep`, what was typed comes back in the panel's form (panels.typed) instead of being lost."""
    try:
        if not form.is_valid():
            report_form_errors(request, form)
        else:
            act(actor=request.user, **form.cleaned_data)
            messages.success(request, done)
            return
    except ValidationError as exc:
        report_service_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    if keep:
        typed = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        case_id = request.resolver_match.kwargs["case_id"] if request.resolver_match else ""
        request.session[panels.typed_key(keep, case_id)] = typed


@login_required
@require_POST
def dossier_set(request: HttpRequest, case_id: Any, item_id: Any) -> HttpResponse:
    case = _vetting_case(request, case_id)
    item = get_visible_or_404(request, DossierItem.objects.filter(case=case), Action.VIEW, pk=item_id)
    act = functools.partial(services.dossier_set, item=item)
    _panel_action(request, DossierForm(request.POST), act, _("Đã cập nhật tài liệu."))
    return _back(case)


@login_required
@require_POST
def finding_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _vetting_case(request, case_id)
    act = functools.partial(services.finding_add, case=case)
    _panel_action(request, FindingForm(request.POST), act, _("Đã ghi kết quả thẩm tra."), keep="finding")
    return _back(case)


@login_required
@require_POST
def explanation_add(request: HttpRequest, case_id: Any, finding_id: Any) -> HttpResponse:
    case = _vetting_case(request, case_id)
    finding = get_visible_or_404(request, Finding.objects.filter(case=case), Action.VIEW, pk=finding_id)
    act = functools.partial(services.explanation_add, finding=finding)
    _panel_action(request, ExplanationForm(request.POST), act, _("Đã ghi nhận giải trình."))
    return _back(case)


def _verifier(actor: Any, case: Case, person: str, place: str) -> Any:
    """The verifier named by their citizen ID, Party card number or registry id."""
    found = selectors.registered_person(actor, person)
    if found is None:
        raise ValidationError({"person": [_("Không tìm thấy người đi xác minh có số này trong sổ đăng ký.")]})
    return services.verifier_add(actor=actor, case=case, person=found, place=place)


@login_required
@require_POST
def verifier_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _vetting_case(request, case_id)
    act = functools.partial(_verifier, case=case)
    _panel_action(request, VerifierForm(request.POST), act, _("Đã giao người đi xác minh."), keep="verifier")
    return _back(case)


def _step(
    form_class: type[forms.Form], service: Callable[..., Any], done: Any, keep: str = ""
) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, case_id: Any) -> HttpResponse:
        case = _vetting_case(request, case_id)
        _panel_action(
            request, form_class(request.POST), functools.partial(service, case=case), str(done), keep
        )
        return _back(case)

    return view


appraise = _step(AppraiseForm, services.appraise, gettext_lazy("Đã thẩm định, trình lãnh đạo."), "appraise")
approve = _step(ApproveForm, services.approve, gettext_lazy("Đã duyệt."))
decision = _step(
    DecisionForm,
    services.decision_record,
    gettext_lazy("Đã ghi nhận quyết định của Ban Thường vụ."),
    "decision",
)
reuse = _step(ReuseForm, services.reuse, gettext_lazy("Đã dùng lại kết luận, trình lãnh đạo."))


# --- Batches
# ---------------------------------------------------------------------------------------------------


def _batch_runner(user: Any) -> bool:
    return bool(has_role(user, "officer", "leader") and user.agency and user.agency.is_hub)


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    """The batches of the user's agency, and a new batch from a candidate file or picked persons."""
    runner = _batch_runner(request.user)
    form = BatchForm(initial={"classification": rules.policy().default_classification})
    rows: list[batches.Row] = []
    if request.method == "POST":
        if not runner:
            raise PermissionDenied(_("Chỉ chuyên viên, lãnh đạo Ban Tổ chức yêu cầu thẩm định theo đợt."))
        choices = _person_choices(request, request.POST, "persons")
        if (
            "find" in request.POST
        ):  # a person search: the page comes back with what was typed, not yet checked
            typed = {
                k: request.POST.getlist(k) if k in BatchForm.MULTIPLE else request.POST.get(k)
                for k in request.POST
                if k != "csrfmiddlewaretoken"
            }
            form = BatchForm(initial=typed, person_choices=choices)
        else:
            form = BatchForm(request.POST, request.FILES, person_choices=choices)
        if "find" not in request.POST and form.is_valid():
            v = form.cleaned_data
            try:
                if v["file"] is not None:
                    raw = batches.read_rows(v["file"].name, v["file"].read())
                else:
                    picked = list(v["persons"])
                    if not picked:
                        raise ValidationError({"file": [_("Cần tải tệp danh sách hoặc chọn ứng viên.")]})
                    raw = [{"uuid": p} for p in picked]
                rows = batches.check_rows(request.user, raw)
                batch = batches.batch_request(
                    actor=request.user,
                    name=v["name"],
                    purpose=v["purpose"],
                    requesting_body=v["requesting_body"],
                    deadline=v["deadline"],
                    classification=v["classification"],
                    rows=rows,
                    skip_invalid=v["skip_invalid"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã yêu cầu thẩm định theo đợt; hồ sơ đang được tạo."))
                return redirect("vetting:batch", batch_id=batch.pk)
    page = page_of(request, selectors.batches(request.user), settings.PAGE_SIZE)
    return render(
        request,
        "vetting/batches.html",
        {"form": form, "page": page, "runner": runner, "bad_rows": [r for r in rows if r.errors][:200]},
    )


class BatchView(VisibleObjectView):
    """A batch's board: progress while its cases are created, then counts by state, verdict and partner,
    the cases (paginated), dispatch to partners, export."""

    lookup_url_kwarg = "batch_id"
    http_method_names = ["get", "post"]
    queryset = Batch.objects.select_related("purpose", "requested_by")

    def show(self, request: HttpRequest, batch: Batch, form: DispatchForm | None = None) -> HttpResponse:
        board = selectors.board(request.user, batch)
        page = page_of(request, selectors.batch_rows(request.user, batch), 50)
        dispatches = list(
            restrict(Dispatch.objects.filter(batch=batch), request.user).select_related("to_agency")
        )
        return render(
            request,
            "vetting/batch.html",
            {
                "batch": batch,
                "board": board,
                "page": page,
                "dispatches": dispatches,
                "form": form or DispatchForm(exclude=batch.agency_id, initial={"body": _default_body(batch)}),
                "can_change": can(request.user, Action.CHANGE, batch) and _batch_runner(request.user),
                "status_labels": dict(STATUS_CHOICES),
                "verdict_labels": dict(Verdict.choices),
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        batch = self.object
        try:
            if "resume" in request.POST:
                batches.batch_resume(actor=request.user, batch=batch)
                messages.success(request, _("Đang tạo tiếp hồ sơ của đợt."))
            elif "resume_dispatch" in request.POST:
                dispatch = get_visible_or_404(
                    request,
                    Dispatch.objects.filter(batch=batch),
                    Action.VIEW,
                    pk=request.POST["resume_dispatch"],
                )
                batches.dispatch_resume(actor=request.user, dispatch=dispatch)
                messages.success(request, _("Đang gửi tiếp yêu cầu."))
            else:
                form = DispatchForm(request.POST, exclude=batch.agency_id)
                if not form.is_valid():
                    return self.show(request, batch, form)
                made = batches.dispatch_send(
                    actor=request.user,
                    batch=batch,
                    agencies=list(form.cleaned_data["agencies"]),
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("Đang gửi yêu cầu cho %(n)d cơ quan.") % {"n": len(made)})
        except ValidationError as exc:
            report_service_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect("vetting:batch", batch_id=batch.pk)


batch_view = BatchView.as_view()


def _default_body(batch: Batch) -> str:
    return _(
        "Đề nghị thẩm tra, xác minh và cung cấp thông tin về lịch sử chính trị, chính trị hiện nay của các "
        "ứng viên trong danh sách (%(name)s), trả lời trước ngày %(day)s."
    ) % {"name": batch.name, "day": batch.deadline.strftime("%d/%m/%Y")}


@login_required
@require_GET
def batch_progress(request: HttpRequest, batch_id: Any) -> HttpResponse:
    """The progress bar of a batch's creation and its dispatches (polled by the page while they run; not an
    audited read: counts only)."""
    batch = get_visible_or_404(request, Batch.objects.all(), Action.VIEW, pk=batch_id)
    dispatches = list(
        restrict(Dispatch.objects.filter(batch=batch), request.user).select_related("to_agency")
    )
    response = render(request, "vetting/_progress.html", {"batch": batch, "dispatches": dispatches})
    if request.headers.get("HX-Request") and not (batch.running or any(d.running for d in dispatches)):
        response["HX-Refresh"] = "true"  # done: the whole board (counts, forms) comes back with the result
    return response


@login_required
@require_GET
def batch_export(request: HttpRequest, batch_id: Any) -> HttpResponse:
    batch = get_visible_or_404(request, Batch.objects.all(), Action.EXPORT, pk=batch_id)
    return batch_xlsx(request.user, batch)


@login_required
@require_GET
def batch_template(request: HttpRequest) -> HttpResponse:
    body = ",".join(batches.TEMPLATE) + "\n"
    response = HttpResponse(("\ufeff" + body).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="danh-sach-ung-vien.csv"'
    return response


# --- A partner's batch requests
# -------------------------------------------------------------------------------------------


@login_required
@require_GET
def dispatch_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.dispatches_in(request.user), settings.PAGE_SIZE)
    return render(request, "vetting/dispatches.html", {"page": page})


class DispatchView(VisibleObjectView):
    """A batch request: its candidates (the partner sees the requests sent to it), answered together."""

    lookup_url_kwarg = "dispatch_id"
    http_method_names = ["get", "post"]
    queryset = Dispatch.objects.select_related("batch", "batch__agency", "to_agency")

    def show(
        self,
        request: HttpRequest,
        dispatch: Dispatch,
        errors: list[str] | None = None,
        posted: dict[int, tuple[str, str]] | None = None,
    ) -> HttpResponse:
        page = page_of(request, selectors.dispatch_items(request.user, dispatch), 50)
        receiving = dispatch.to_agency_id == getattr(request.user, "agency_id", None)
        return render(
            request,
            "vetting/dispatch.html",
            {
                "dispatch": dispatch,
                "page": page,
                "receiving": receiving,
                "replies": ReplyFinding.choices,
                "errors": errors or [],
                "posted": {str(k): v for k, v in (posted or {}).items()},
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        dispatch = self.object
        answers: dict[int, tuple[str, str]] = {}
        for key in request.POST:
            if key.startswith("reply_") and key[6:].isdigit() and len(key) < 16 and request.POST[key]:
                n = int(key[6:])
                answers[n] = (request.POST[key], request.POST.get(f"note_{n}", "")[:2000])
        try:
            count = batches.dispatch_answer(actor=request.user, dispatch=dispatch, answers=answers)
        except ValidationError as exc:
            return self.show(request, dispatch, errors=exc.messages, posted=answers)
        except PermissionDenied as exc:
            return self.show(request, dispatch, errors=[str(exc)], posted=answers)
        messages.success(request, _("Đã trả lời %(n)d ứng viên.") % {"n": count})
        return redirect(request.get_full_path())


dispatch_view = DispatchView.as_view()


# --- Rules
# -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest) -> HttpResponse:
    """Purposes with their checklists and validity, who concludes by management level, the other defaults
    (every signed-in user reads them; administrators change them)."""
    from phoihop.vetting.forms import ConcluderRuleForm, PolicyForm, PurposeForm
    from phoihop.vetting.models import ConcluderRule

    rules.ensure_defaults()
    purpose_form = PurposeForm()
    if request.method == "POST":
        try:
            if request.POST.get("what") == "concluder":
                form: forms.Form = ConcluderRuleForm(request.POST)
                if form.is_valid():
                    services.concluder_set(actor=request.user, **form.cleaned_data)
            elif request.POST.get("what") == "policy":
                form = PolicyForm(request.POST)
                if form.is_valid():
                    services.policy_set(actor=request.user, **form.cleaned_data)
            else:
                form = purpose_form = PurposeForm(request.POST)
                if form.is_valid():
                    services.purpose_set(actor=request.user, **form.cleaned_data)
            if form.is_valid():
                messages.success(request, _("Đã lưu quy định."))
                return redirect("vetting:rules")
            report_form_errors(request, form)
        except ValidationError as exc:
            report_service_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    purposes = list(Purpose.objects.prefetch_related("checklist").order_by("position", "code"))
    return render(
        request,
        "vetting/rules.html",
        {
            "purposes": purposes,
            "concluders": list(ConcluderRule.objects.all()),
            "policy": rules.policy(),
            "policy_form": PolicyForm(initial=_policy_initial()),
            "purpose_form": purpose_form,
            "can_edit": has_role(request.user, "admin"),
        },
    )


def _policy_initial() -> dict[str, Any]:
    p = rules.policy()
    return {
        f: getattr(p, f)
        for f in (
            "default_classification",
            "at_risk_days",
            "reprimand_months",
            "warning_months",
            "removal_months",
            "basis",
            "verified",
        )
    }
