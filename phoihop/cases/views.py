"""Case pages: list, open, detail (timeline, requests, transitions), request inbox, request page, answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.access.policy import Action, can, can_administer, has_role, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.cases import deadlines, kinds, limits, rules, selectors, services
from phoihop.cases.choices import DeadlineStep, RequestKind, RequestStatus
from phoihop.cases.forms import (
    CaseEditForm,
    CaseExtendForm,
    CaseFilterForm,
    CaseForm,
    ClockReasonForm,
    DeadlineRuleForm,
    ExtendForm,
    RequestForm,
    RespondForm,
    TeamAddForm,
    TransitionForm,
    WithdrawForm,
)
from phoihop.cases.models import Case, CaseTeamMember, CoordinationRequest, Participant
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.core.paging import page_of
from phoihop.people.models import Person
from phoihop.people.selectors import person_search


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = {k: v for k, v in filters.items() if v not in (None, "", False)}
    qs = selectors.case_list(request.user, **chosen)
    page = page_of(request, qs, settings.PAGE_SIZE)
    # One kind chosen: its own list columns (values from the case and its details, fetched once for the page).
    spec = kinds.get_kind(chosen["kind"]) if kinds.is_kind(chosen.get("kind")) else None
    columns = list(spec.columns) if spec is not None else []
    if columns and spec is not None:
        shown = kinds.attach_details(page.object_list)  # one query for the page's details
        for case in shown:
            case.details = spec.details_of(case)
            case.kind_values = [column.value(case) for column in columns]
        page.object_list = shown
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("rpage", None)
    # The register of the agency's cases the user may not open (number and level only). Filtering it by
    # anything but the number would tell what the filter matched, so other filters hide it.
    register = None
    if set(chosen) <= {"q"}:
        register = page_of(
            request,
            selectors.case_register(request.user, number=chosen.get("q", "")),
            settings.PAGE_SIZE,
            param="rpage",
        )
        register.object_list = [selectors.RegisterEntry(*row) for row in register.object_list]
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query_string": params.urlencode(),
            "register": register,
            "kind_columns": columns,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind") or request.GET.get("kind")
    form = CaseForm(request.POST or None, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, **form.service_arguments())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở hồ sơ %(number)s.") % {"number": case.number})
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request, "cases/case_form.html", {"form": form, "kinds": kinds.kinds(), "chosen": form.spec}
    )


class CaseDetailView(VisibleObjectView):
    lookup_url_kwarg = "case_id"

    def get_queryset(self) -> Any:
        return selectors.case_with_flags()  # the flags are computed for today, so on each request

    def record_read(self, obj: Case) -> None:
        services.case_read(actor=self.request.user, case=obj)  # also the "viewed" line of a classified case

    def show(self, request: HttpRequest, case: Case) -> HttpResponse:
        return _case_page(request, case)


case_detail = CaseDetailView.as_view()


class CaseTimelineView(VisibleObjectView):
    """Every line of a case's timeline, a page at a time (the case page shows the latest ones)."""

    lookup_url_kwarg = "case_id"

    def get_queryset(self) -> Any:
        return Case.objects.select_related("owner_agency")

    def record_read(self, obj: Case) -> None:
        services.case_read(actor=self.request.user, case=obj)

    def show(self, request: HttpRequest, case: Case) -> HttpResponse:
        from phoihop.cases import history

        page = page_of(request, selectors.case_timeline_events(request.user, case), settings.PAGE_SIZE * 2)
        page.object_list = history.render(page.object_list, request.user)
        return render(request, "cases/case_timeline.html", {"case": case, "page": page})


case_timeline = CaseTimelineView.as_view()


def _case_page(request: HttpRequest, case: Case) -> HttpResponse:
    spec = kinds.get_kind(case.kind)
    workflow = spec.workflow
    transitions = [
        (t, TransitionForm(initial={"name": t.name, "version": case.version}, auto_id=f"id_{t.name}_%s"))
        for t in services.allowed_transitions(request.user, case)
    ]
    can_edit = can(request.user, Action.CHANGE, case)  # asked once: each ask is a query
    can_send = can_edit and case.status not in workflow.final
    manages_deadline = can_send and case.due_on is not None and has_role(request.user, "leader")
    requests = list(selectors.case_requests(request.user, case))
    has_requests = bool(requests)
    subject_q = request.GET.get("subject_q", "").strip()[:200]
    candidates = []
    if subject_q and can_edit:
        found = [h.person.pk for h in person_search(request.user, subject_q, limit=10).hits]
        # name alone cannot tell seven Nguyễn Văn Đức apart: the picker shows birth date, position and unit
        by_pk = Person.objects.select_related("unit").in_bulk(found)
        candidates = [by_pk[pk] for pk in found if pk in by_pk]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "state_label": workflow.states[case.status],
            "participants": case.participants.select_related("agency"),
            "requests": requests,
            "timeline": selectors.case_timeline(request.user, case, latest=selectors.TIMELINE_ON_CASE_PAGE),
            "transitions": transitions,
            # The send form (the enclosable papers, the agencies) is built here only when its panel starts
            # open (no request yet); otherwise it is loaded when the panel is opened (RequestSendView, htmx).
            "can_send": can_send,
            "request_form": RequestForm(user=request.user, case=case)
            if can_send and not has_requests
            else None,
            "can_edit": can_edit,
            "related": selectors.related_cases(request.user, case),
            "today": timezone.localdate(),
            "link_candidates": selectors.link_candidates(request.user, case) if can_edit else [],
            "subjects": restrict(Person.objects.filter(case_links__case=case), request.user).order_by(
                "sort_key"
            )[:100],
            "subject_q": subject_q,
            "subject_candidates": candidates,
            **_team_panel(request, case),
            "deadline_history": selectors.deadline_history(case),
            "remaining": deadlines.remaining_units(case) if case.paused_on else None,
            "extend_form": CaseExtendForm(auto_id="case_extend_%s", longest=_longest_extension(case))
            if manages_deadline
            else None,
            "clock_form": ClockReasonForm(auto_id="case_clock_%s") if manages_deadline else None,
            "kind_panels": _kind_panels(request, spec, case),
        },
    )


def _longest_extension(owner: Case | CoordinationRequest) -> int:
    """The most days one extension may add, by the deadline
    rule as it is now (the service checks the same)."""
    if isinstance(owner, CoordinationRequest):
        return rules.rule_for(owner.case.kind, owner.kind).longest_extension
    return rules.case_rule(owner).longest_extension


def _kind_panels(request: HttpRequest, spec: kinds.KindSpec, case: Case) -> list[tuple[str, str]]:
    """The kind's panels, each rendered with its context (the caller checked the user may see the case)."""
    out: list[tuple[str, str]] = []
    for panel in spec.panels:
        context = {"case": case, "details": spec.details_of(case)}
        if panel.context is not None:
            context |= panel.context(request, case)
        out.append((panel.name, render_to_string(panel.template, context, request=request)))
    return out


def _team_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    manages = services.can_manage_team(request.user, case)
    return {
        "team": selectors.case_team(request.user, case),
        "manages_team": manages,
        "team_form": TeamAddForm(candidates=selectors.team_candidates(case)) if manages else None,
        "team_restricted": case.classification >= case.owner_agency.team_only_from,
    }


@login_required
@require_POST
def case_team_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), Action.VIEW, pk=case_id)
    services.require_team_manager(request.user, case)
    form = TeamAddForm(request.POST, candidates=selectors.team_candidates(case))
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một cán bộ trong danh sách có thể thêm vào tổ xử lý."))
        return redirect("cases:case_detail", case_id=case.pk)
    member = form.cleaned_data["user"]
    try:
        services.case_team_add(actor=request.user, case=case, user=member)
    except ValidationError as exc:
        report_service_errors(request, exc)
    else:
        messages.success(
            request, _("Đã thêm %(name)s vào tổ xử lý hồ sơ.") % {"name": member.get_full_name()}
        )
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_team_remove(request: HttpRequest, case_id: str, user_id: str) -> HttpResponse:
    """Asks for confirmation (GET), then takes the officer off the team (POST)."""
    case = get_visible_or_404(request, Case.objects.select_related("owner_agency"), Action.VIEW, pk=case_id)
    member = get_visible_or_404(
        request, CaseTeamMember.objects.filter(case=case).select_related("user"), Action.VIEW, user_id=user_id
    )
    services.require_team_manager(request.user, case)
    if request.method == "POST":
        try:
            services.case_team_remove(actor=request.user, case=case, user=member.user)
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(
                request, _("Đã đưa %(name)s ra khỏi tổ xử lý hồ sơ.") % {"name": member.user.get_full_name()}
            )
        return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/team_remove.html", {"case": case, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.select_related("lead_officer"), Action.CHANGE, pk=case_id)
    initial = {
        "version": case.version,
        "title": case.title,
        "summary": case.summary,
        "subject_name": case.subject_name,
        "lead_officer": case.lead_officer,
    }
    form = CaseEditForm(request.POST or None, initial=initial, case=case)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.case_update(actor=request.user, case=case, expected_version=data.pop("version"), **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ %(number)s.") % {"number": case.number})
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_edit.html", {"form": form, "case": case})


@login_required
@require_POST
def case_link(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), Action.CHANGE, pk=case_id)
    try:
        other = services.case_link(actor=request.user, case=case, number=request.POST.get("number", ""))
    except ValidationError as exc:
        report_service_errors(request, exc)
    else:
        messages.success(request, _("Đã liên kết với hồ sơ %(number)s.") % {"number": other.number})
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), Action.VIEW, pk=case_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        if "reason" in form.errors and form.data.get("reason", "").strip():
            report_form_errors(request, form)  # e.g. over the length limit
        else:
            messages.error(request, _("Cần nêu lý do hoặc kết quả."))
        return redirect("cases:case_detail", case_id=case.pk)
    try:
        services.case_transition(
            actor=request.user,
            case=case,
            name=form.cleaned_data["name"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        report_service_errors(request, exc)
    else:
        messages.success(request, _("Đã cập nhật trạng thái hồ sơ %(number)s.") % {"number": case.number})
    return redirect("cases:case_detail", case_id=case.pk)


class RequestSendView(VisibleObjectView):
    """The form to send a coordination request (GET: loaded into the case page when its "send" panel is
    opened, or a page of its own without JavaScript) and the sending (POST). Only who may change the case."""

    queryset = Case.objects.all()
    lookup_url_kwarg = "case_id"
    access_action = Action.CHANGE
    http_method_names = ["get", "post"]
    read_unaudited_because = "a panel of the case's page, whose opening is the audited read"

    def show(self, request: HttpRequest, case: Case) -> HttpResponse:
        if case.status in kinds.get_kind(case.kind).workflow.final:
            return redirect("cases:case_detail", case_id=case.pk)
        template = "cases/includes/request_form.html" if request.htmx else "cases/request_new.html"  # type: ignore[attr-defined]
        return render(
            request, template, {"case": case, "request_form": RequestForm(user=request.user, case=case)}
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.object
        form = RequestForm(request.POST, user=request.user, case=case)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect("cases:case_detail", case_id=case.pk)
        try:
            req = services.request_send(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu đến %(agency)s, hạn trả lời %(due)s.")
                % {"agency": req.to_agency.code, "due": f"{req.due_on:%d/%m/%Y}"},
            )
        return redirect("cases:case_detail", case_id=case.pk)


request_send = RequestSendView.as_view()


@login_required
@require_GET
def request_inbox(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.inbox(request.user), settings.PAGE_SIZE)
    return render(request, "cases/request_inbox.html", {"page": page})


class RequestDetailView(VisibleObjectView):
    """The request page (GET, an audited read that marks it received on its first opening by the receiving
    agency) and its answer (POST)."""

    lookup_url_kwarg = "request_id"
    http_method_names = ["get", "post"]

    def get_queryset(self) -> Any:
        return selectors.request_with_flags()

    def record_read(self, obj: CoordinationRequest) -> CoordinationRequest | None:
        opened = services.request_open(actor=self.request.user, req=obj)
        if opened is not obj:  # marked received: reload with its deadline flags
            return self.get_object()
        return None

    def show(self, request: HttpRequest, req: CoordinationRequest) -> HttpResponse:
        return _request_page(request, req, _respond_form(request, req))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        req = self.object
        form = _respond_form(request, req)
        if form is None:
            raise PermissionDenied(_("Bạn không thể trả lời yêu cầu này."))
        if form.is_valid():
            try:
                services.request_respond(actor=request.user, req=req, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Đã gửi trả lời."))
                return redirect("cases:request_detail", request_id=req.pk)
        return _request_page(request, req, form)


request_detail = RequestDetailView.as_view()


def _respond_form(request: HttpRequest, req: CoordinationRequest) -> RespondForm | None:
    can_respond = can(request.user, Action.RESPOND, req) and req.is_open
    form = RespondForm(request.POST or None) if can_respond else None
    if form is not None and req.kind != RequestKind.OPINION:
        del form.fields["answer"]  # only an opinion request asks agree / disagree
    return form


def _request_page(request: HttpRequest, req: CoordinationRequest, form: RespondForm | None) -> HttpResponse:
    sees_case = can(request.user, Action.VIEW, req.case)
    owns = can(request.user, Action.CHANGE, req) and can(request.user, Action.CHANGE, req.case)
    manages = req.is_open and owns
    may_share = owns and Participant.objects.filter(case_id=req.case_id).exists()
    return render(
        request,
        "cases/request_detail.html",
        {
            "req": req,
            "form": form,
            "sees_case": sees_case,
            "deadline_history": selectors.deadline_history(req),
            "extend_form": ExtendForm(auto_id="extend_%s", longest=_longest_extension(req))
            if manages
            else None,
            "withdraw_form": WithdrawForm(auto_id="withdraw_%s") if manages else None,
            "may_share": may_share and (req.shared_at is not None or req.status == RequestStatus.ANSWERED),
        },
    )


@login_required
@require_POST
def request_share(request: HttpRequest, request_id: str) -> HttpResponse:
    """The owner shares an answered request with the case's co-handling agencies, or stops sharing it."""
    req = get_visible_or_404(request, CoordinationRequest.objects.all(), Action.CHANGE, pk=request_id)
    shared = request.POST.get("shared") == "1"
    try:
        services.request_share(actor=request.user, req=req, shared=shared)
    except ValidationError as exc:
        report_service_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        if shared:
            messages.success(request, _("Đã chia sẻ yêu cầu và trả lời với cơ quan cùng xử lý."))
        else:
            messages.success(request, _("Đã thôi chia sẻ yêu cầu và trả lời với cơ quan cùng xử lý."))
    return redirect("cases:request_detail", request_id=req.pk)


@login_required
@require_POST
def request_manage(request: HttpRequest, request_id: str, what: str) -> HttpResponse:
    """Extend or withdraw a request (the sending agency)."""
    if what not in ("extend", "withdraw", "pause", "resume"):
        raise Http404
    req = get_visible_or_404(
        request, CoordinationRequest.objects.select_related("case"), Action.CHANGE, pk=request_id
    )
    if what == "extend":
        form: forms.Form = ExtendForm(request.POST, longest=_longest_extension(req))
    else:
        form = {"withdraw": WithdrawForm}.get(what, ClockReasonForm)(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("cases:request_detail", request_id=req.pk)
    try:
        if what == "extend":
            req = services.request_extend(actor=request.user, req=req, **form.cleaned_data)
            messages.success(request, _("Đã gia hạn đến %(due)s.") % {"due": f"{req.due_on:%d/%m/%Y}"})
        elif what == "pause":
            services.request_pause(actor=request.user, req=req, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã tạm dừng tính hạn."))
        elif what == "resume":
            req = services.request_resume(actor=request.user, req=req, reason=form.cleaned_data["reason"])
            messages.success(
                request, _("Đã tiếp tục tính hạn; hạn mới %(due)s.") % {"due": f"{req.due_on:%d/%m/%Y}"}
            )
        else:
            services.request_withdraw(actor=request.user, req=req, **form.cleaned_data)
            messages.success(request, _("Đã rút yêu cầu."))
    except ValidationError as exc:
        report_service_errors(request, exc)
    return redirect("cases:request_detail", request_id=req.pk)


@login_required
@require_POST
def case_deadline_manage(request: HttpRequest, case_id: str, what: str) -> HttpResponse:
    """Extend (by a decision), pause or resume a case's own deadline (a leader of the owner agency)."""
    if what not in ("extend", "pause", "resume"):
        raise Http404
    case = get_visible_or_404(request, Case.objects.all(), Action.CHANGE, pk=case_id)
    if what == "extend":
        form: forms.Form = CaseExtendForm(request.POST, longest=_longest_extension(case))
    else:
        form = ClockReasonForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("cases:case_detail", case_id=case.pk)
    acts: dict[str, Callable[..., Case]] = {
        "extend": services.case_extend,
        "pause": services.case_pause,
        "resume": services.case_resume,
    }
    act = acts[what]
    try:
        case = act(actor=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        report_service_errors(request, exc)
    else:
        if case.paused_on:
            messages.success(request, _("Đã tạm dừng tính hạn."))
        else:
            messages.success(request, _("Hạn xử lý hồ sơ: %(due)s.") % {"due": f"{case.due_on:%d/%m/%Y}"})
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def deadline_rules(request: HttpRequest) -> HttpResponse:
    """The deadline rules of every case kind; everyone may read them, administrators change them."""
    editable = can_administer(request.user)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = DeadlineRuleForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
        else:
            try:
                services.deadline_rule_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                report_service_errors(request, exc)
            else:
                messages.success(request, _("Đã lưu quy tắc thời hạn; hồ sơ và yêu cầu mới sẽ áp dụng."))
        return redirect("cases:deadline_rules")
    rows = [
        {
            "kind": kinds.label(kind),
            "step": _step_label(kind, step),
            "period": period,
            "changed": changed,
            "form": DeadlineRuleForm(
                initial={
                    "kind": kind,
                    "step": step,
                    "days": period.days,
                    "unit": period.unit,
                    "max_extensions": period.max_extensions,
                    "max_extension_days": period.max_extension_days,
                    "basis": period.basis,
                }
            ),
        }
        for kind, step, period, changed in rules.all_rules(request.user)
    ]
    return render(
        request, "cases/deadline_rules.html", {"rows": rows, "editable": editable, "limits": limits}
    )


def _step_label(kind: str, step: str) -> str:
    declared = kinds.get_kind(kind).step(step)
    return str(declared.label if declared is not None else DeadlineStep(step).label)


@login_required
@require_POST
def case_subject_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), Action.CHANGE, pk=case_id)
    person = get_visible_or_404(
        request, Person.objects.all(), Action.VIEW, uuid=request.POST.get("person", "")
    )
    try:
        services.case_subject_add(actor=request.user, case=case, person=person)
    except ValidationError as exc:
        report_service_errors(request, exc)
    else:
        messages.success(request, _("Đã thêm %(name)s vào hồ sơ.") % {"name": person.full_name})
    return redirect("cases:case_detail", case_id=case.pk)
