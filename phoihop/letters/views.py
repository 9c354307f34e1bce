"""Pages of the letters kind: the register (sổ theo dõi đơn thư) with its XLSX export, intake (new or taken in
from a transfer), classification, the letter's panel actions (related letters, explanation, allegations,
conclusion), the vault, the transfers waiting, the vault's read log and the rules. Thin: parse, call a
service, render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.audit.services import audit_denied, audit_record
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.core.models import Agency
from phoihop.core.paging import page_of
from phoihop.letters import audit_events, rules, selectors, services
from phoihop.letters.access_rules import is_vault_keeper
from phoihop.letters.choices import LetterType, Regime, Step
from phoihop.letters.forms import (
    AllegationForm,
    ClassifyForm,
    ConcludeForm,
    ExplanationForm,
    IntakeForm,
    MatchDecisionForm,
    RegisterFilterForm,
    RuleForm,
    VaultOpenForm,
)
from phoihop.letters.models import Allegation, Letter, Match, Transfer, VaultFile
from phoihop.people.models import Person
from phoihop.people.selectors import person_choices
from phoihop.tabular import write_xlsx

EXPORT_ROWS = 10_000


def _letter_case(request: HttpRequest, case_id: Any, action: Action = Action.VIEW) -> Case:
    return get_visible_or_404(
        request, Case.objects.filter(kind="letter").select_related("owner_agency"), action, pk=case_id
    )


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if request.GET.get("format") == "xlsx":
        return _export(request, filters)
    page = page_of(request, selectors.register(request.user, filters), settings.PAGE_SIZE)
    return render(
        request,
        "letters/register.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "inbound": selectors.inbound(request.user)[:5],
        },
    )


def _export(request: HttpRequest, filters: dict[str, Any]) -> HttpResponse:
    """The register as XLSX: what the user may export, at most EXPORT_ROWS rows (the filters narrow it),
    audited; nothing of the writers."""
    rows = list(selectors.register(request.user, filters, Action.EXPORT)[: EXPORT_ROWS + 1])
    if len(rows) > EXPORT_ROWS:
        messages.error(
            request, _("Sổ có hơn %(n)d đơn; hãy lọc theo thời gian trước khi xuất.") % {"n": EXPORT_ROWS}
        )
        return redirect(request.path + "?" + request.GET.urlencode().replace("format=xlsx", ""))
    header = [
        _("Số hồ sơ"),
        _("Ngày nhận"),
        _("Nguồn"),
        _("Loại đơn"),
        _("Chế độ"),
        _("Người viết"),
        _("Trích yếu"),
        _("Hạn phân loại"),
        _("Hướng xử lý"),
        _("Chuyển đến"),
        _("Trạng thái"),
        _("Hạn giải quyết"),
    ]
    data = [
        [
            r.case.number,
            r.received_on,
            r.get_channel_display(),
            r.get_letter_type_display(),
            r.get_regime_display(),
            r.get_identity_status_display(),
            r.case.title,
            r.classify_due,
            r.get_outcome_display(),
            r.transferred_to.code if r.transferred_to else "",
            r.case.state_label,
            r.case.due_on,
        ]
        for r in rows
    ]
    body = write_xlsx(header, data, title="so-theo-doi-don-thu")
    audit_record(
        action=audit_events.LETTER_EXPORT,
        actor=request.user,
        object_type="letters.Letter",
        payload={
            "rows": len(rows),
            "format": "xlsx",
            "filters": {k: str(v) for k, v in filters.items() if v},
        },
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="so-theo-doi-don-thu.xlsx"'
    return response


def _person_choices(request: HttpRequest, form_data: Any) -> list[tuple[str, str]]:
    """The persons the intake offers: those already ticked (visible to the user) and the search's hits."""
    if form_data is None:
        return []
    return person_choices(request.user, form_data.getlist("persons"), form_data.get("person_q") or "")


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """A new letter taken in."""
    return _intake(request, None)


def _can_take_in(user: Any) -> None:
    if not has_role(user, "clerk", "officer", "leader"):
        raise PermissionDenied(_("Chỉ văn thư, chuyên viên, lãnh đạo tiếp nhận đơn."))


class TransferTakeView(VisibleObjectView):
    """A letter another agency transferred, taken in: the intake pre-filled with its redacted copy (opening it
    is an audited read of the transfer)."""

    lookup_url_kwarg = "transfer_id"
    http_method_names = ["get", "post"]

    def guard(self, request: HttpRequest) -> None:
        _can_take_in(request.user)

    def get_queryset(self) -> Any:
        return selectors.inbound(self.request.user)

    def show(self, request: HttpRequest, transfer: Transfer) -> HttpResponse:
        return _intake(request, transfer)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _intake(request, self.object)


transfer_take = TransferTakeView.as_view()


def _intake(request: HttpRequest, transfer: Transfer | None) -> HttpResponse:
    """A letter taken in: new, or a transfer from another agency pre-filled with its redacted copy."""
    _can_take_in(request.user)
    initial: dict[str, Any] = {"received_on": timezone.localdate(), "signatories": 1, "classification": 1}
    if transfer is not None:
        pre = services.transfer_prefill(request.user, transfer)
        d = pre["details"]
        initial |= {k: pre[k] for k in ("title", "summary", "subject_name", "classification")}
        initial |= {k: v for k, v in d.items() if k not in ("allegations", "writers_count")}
        initial["allegations"] = "\n\n".join(d["allegations"])
        initial["persons"] = [str(p.uuid) for p in pre["subjects"] if can(request.user, Action.VIEW, p)]
    data = request.POST if request.method == "POST" else None
    choices = (
        _person_choices(request, data)
        if data is not None
        else [
            (str(p.uuid), p.full_name) for p in (Person.objects.filter(uuid__in=initial.get("persons", [])))
        ]
    )
    finding = data is not None and "find" in data
    if finding:  # a person search: the page comes back with what was typed, not yet checked
        assert data is not None
        typed = {
            k: data.getlist(k) if k in IntakeForm.MULTIPLE else data.get(k)
            for k in data
            if k != "csrfmiddlewaretoken"
        }
        form = IntakeForm(initial=typed, person_choices=choices)
    else:
        form = IntakeForm(data, request.FILES or None, initial=initial, person_choices=choices)
    if data is not None and not finding and form.is_valid():
        persons = list(restrict(Person.objects.filter(uuid__in=form.cleaned_data["persons"]), request.user))
        try:
            case = case_services.case_open(
                actor=request.user,
                kind="letter",
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                subject_name=form.cleaned_data["subject_name"],
                classification=form.cleaned_data["classification"],
                subjects=persons,
                details=form.details(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tiếp nhận đơn %(number)s.") % {"number": case.number})
            return redirect("cases:case_detail", case_id=case.pk)
    # a browser does not keep a chosen file across the search's reload: say so
    scan_dropped = finding and bool(request.FILES.get("scan"))
    return render(
        request, "letters/intake.html", {"form": form, "transfer": transfer, "scan_dropped": scan_dropped}
    )


class ClassifyView(VisibleObjectView):
    """The classification page of a received letter (an audited read of the letter, then its form)."""

    lookup_url_kwarg = "case_id"
    http_method_names = ["get", "post"]
    access_action = Action.CHANGE

    def get_queryset(self) -> Any:
        return Case.objects.filter(kind="letter").select_related("owner_agency")

    def show(self, request: HttpRequest, case: Case, form: ClassifyForm | None = None) -> HttpResponse:
        letter = Letter.objects.select_related("transferred_from").get(case=case)
        form = form or ClassifyForm(initial={"processable": "yes"})
        agencies = cast(forms.ModelChoiceField, form.fields["to_agency"])
        agencies.queryset = (
            Agency.objects.filter(active=True).exclude(pk=case.owner_agency_id).order_by("code")
        )
        return render(
            request,
            "letters/classify.html",
            {
                "case": case,
                "letter": letter,
                "form": form,
                "matches": selectors.matches(request.user, case),
                "allegations": selectors.allegations(request.user, case),
                "policy": rules.policy(letter.regime),
                "today": timezone.localdate(),
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.object
        form = ClassifyForm(request.POST)
        if form.is_valid():
            v = form.cleaned_data
            try:
                services.letter_classify(
                    actor=request.user,
                    case=case,
                    processable=v["processable"],
                    outcome=v["outcome"],
                    missing=v["missing"] or "",
                    to_agency=v["to_agency"],
                    slip=v["slip"] or "",
                    file_reason=v["file_reason"] or "",
                    new_evidence=v["new_evidence"],
                    reason=v["reason"] or "",
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã phân loại đơn %(number)s.") % {"number": case.number})
                return redirect("cases:case_detail", case_id=case.pk)
        return self.show(request, case, form)


classify = ClassifyView.as_view()


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#panel-letter")


def _panel_action(request: HttpRequest, form: forms.Form, act: Callable[..., Any], done: str) -> None:
    """A form posted from the letter's panel: the service's refusal or the form's errors as messages."""
    if not form.is_valid():
        report_form_errors(request, form)
        return
    try:
        act(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        report_service_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)


@login_required
@require_POST
def match_decide(request: HttpRequest, case_id: Any, match_id: Any) -> HttpResponse:
    case = _letter_case(request, case_id, Action.CHANGE)
    match = get_visible_or_404(request, Match.objects.filter(case=case), Action.VIEW, pk=match_id)
    act = functools.partial(services.match_decide, match=match)
    _panel_action(request, MatchDecisionForm(request.POST), act, _("Đã ghi quyết định về đơn liên quan."))
    return redirect("letters:classify", case_id=case.pk) if case.status == "received" else _back(case)


@login_required
@require_POST
def explanation_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _letter_case(request, case_id, Action.CHANGE)
    act = functools.partial(services.explanation_record, case=case)
    _panel_action(request, ExplanationForm(request.POST), act, _("Đã ghi nhận giải trình."))
    return _back(case)


@login_required
@require_POST
def allegation_conclude(request: HttpRequest, case_id: Any, allegation_id: Any) -> HttpResponse:
    case = _letter_case(request, case_id, Action.CHANGE)
    allegation = get_visible_or_404(
        request, Allegation.objects.filter(case=case), Action.VIEW, pk=allegation_id
    )
    act = functools.partial(services.allegation_conclude, allegation=allegation)
    done = _("Đã kết luận nội dung %(n)d.") % {"n": allegation.position}
    _panel_action(request, AllegationForm(request.POST), act, done)
    return _back(case)


@login_required
@require_POST
def conclude(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _letter_case(request, case_id, Action.CHANGE)
    act = functools.partial(services.letter_conclude, case=case)
    done = _("Đã kết luận đơn %(number)s.") % {"number": case.number}
    _panel_action(request, ConcludeForm(request.POST), act, done)
    return _back(case)


class VaultView(VisibleObjectView):
    """The vault of a letter: a keeper gives a reason (POST) and reads the writers once, on that answer only
    (never cached, never in a link); the reason and the read are logged."""

    lookup_url_kwarg = "case_id"
    http_method_names = ["get", "post"]

    def guard(self, request: HttpRequest) -> None:
        if not is_vault_keeper(request.user):
            raise PermissionDenied(_("Chỉ cán bộ giữ kho danh tính của cơ quan nhận đơn mới được mở."))

    def get_object(self) -> Any:
        case = selectors.vault_case(self.request.user, self.kwargs["case_id"])
        if case is None:
            audit_denied(
                actor=self.request.user,
                object_type="cases.Case",
                object_id=str(self.kwargs["case_id"]),
                attempted="vault",
                path=self.request.path,
            )
            raise Http404
        return case

    def show(
        self,
        request: HttpRequest,
        case: Case,
        form: VaultOpenForm | None = None,
        opened: Any = None,
        same: Any = None,
    ) -> HttpResponse:
        response = render(
            request,
            "letters/vault.html",
            {"case": case, "form": form or VaultOpenForm(), "opened": opened, "same": same},
        )
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.object
        form = VaultOpenForm(request.POST)
        if not form.is_valid():
            return self.show(request, case, form)
        try:
            if request.POST.get("purpose") == "match":
                same = services.vault_same_writer(
                    actor=request.user, case=case, reason=form.cleaned_data["reason"]
                )
                return self.show(request, case, VaultOpenForm(), same=same)
            writers, files = services.vault_open(
                actor=request.user, case=case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.show(request, case, form)
        return self.show(request, case, VaultOpenForm(), opened={"writers": writers, "files": files})


vault = VaultView.as_view()


@login_required
@require_GET
def vault_file(request: HttpRequest, case_id: Any, file_id: Any) -> HttpResponse:
    """An original of the letter, for its vault keeper within minutes of opening the vault with a reason."""
    if not is_vault_keeper(request.user):
        raise PermissionDenied(_("Chỉ cán bộ giữ kho danh tính của cơ quan nhận đơn mới được mở."))
    file = get_visible_or_404(
        request, VaultFile.objects.filter(case_id=case_id).select_related("case"), Action.DOWNLOAD, pk=file_id
    )
    name, data = services.vault_file_open(actor=request.user, file=file)
    response = HttpResponse(data, content_type=file.mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def transfers(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.inbound(request.user), settings.PAGE_SIZE)
    return render(request, "letters/transfers.html", {"page": page})


@login_required
@require_GET
def vault_reads(request: HttpRequest) -> HttpResponse:
    if not (is_vault_keeper(request.user) or has_role(request.user, "auditor")):
        raise PermissionDenied(_("Chỉ cán bộ giữ kho danh tính và kiểm tra, giám sát xem nhật ký mở kho."))
    page = page_of(request, selectors.vault_reads(request.user), settings.PAGE_SIZE)
    return render(request, "letters/vault_reads.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest) -> HttpResponse:
    """The letter rules (every signed-in user reads them; administrators change them)."""
    form = None
    if request.method == "POST":
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                services.rule_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                report_service_errors(request, exc)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã lưu quy định."))
                return redirect("letters:rules")
        else:
            report_form_errors(request, form)
    rows = rules.all_rules()
    return render(
        request,
        "letters/rules.html",
        {
            "rows": [
                (
                    r,
                    saved,
                    Regime(r.regime).label,
                    LetterType(r.letter_type).label if r.letter_type else _("Mọi loại đơn"),
                    Step(r.step).label,
                )
                for r, saved in rows
            ],
            "policies": [rules.policy(r) for r in Regime.values],
            "can_edit": has_role(request.user, "admin"),
            "form": form or RuleForm(),
        },
    )
