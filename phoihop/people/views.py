"""People pages: list and search, person detail with dossier tabs, create (with duplicate check), edit,
dossier entries, merge and undo, the Party unit tree."""

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

from phoihop.access.masking import MASK, Visibility, reveal, visibility
from phoihop.access.policy import Action, can, can_administer, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.audit import registry
from phoihop.audit.services import audit_record
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.people import selectors, services
from phoihop.people.bases import format_period, is_registry_keeper
from phoihop.people.forms import (
    BasisAddForm,
    BasisEndForm,
    ForeignRelationForm,
    HistoryForm,
    HoldForm,
    HoldResolveForm,
    ImportForm,
    MergeForm,
    PersonCreateForm,
    PersonEditForm,
    PersonFilterForm,
    RegistrationBasisForm,
    RelativeForm,
    RetentionForm,
    UndoMergeForm,
)
from phoihop.people.models import (
    IdentifierHold,
    PartyUnit,
    Person,
    PersonBasis,
    PersonMerge,
    RegistrationBasis,
    RetentionJob,
)
from phoihop.people.panels import appearances

SENSITIVE = ("ethnicity", "religion")


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 200))
    except ValueError:
        return 1


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """Search (ranked) or browse (Vietnamese order), always within the access policy; no COUNT(*) over the
    registry: a page knows only whether there is a next one."""
    form = PersonFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    q, unit, status = data.get("q", ""), data.get("unit"), data.get("status", "")
    page, result = _page(request), None
    persons: list[Any]
    if q:
        result = selectors.person_search(
            request.user, q, limit=settings.PAGE_SIZE, unit=unit, offset=(page - 1) * settings.PAGE_SIZE
        )
        persons, has_next = (
            [h.person for h in result.hits],
            result.more and page * settings.PAGE_SIZE < selectors.CANDIDATES,
        )
        audit_record(
            action=registry.SEARCH,
            actor=request.user,
            object_type="people.person",
            payload={"q": q, "results": len(persons)},
        )
    else:
        qs = selectors.visible_persons(request.user).select_related("unit")
        if unit:
            qs = qs.filter(unit=unit)
        if status:
            qs = qs.filter(status=status)
        start = (page - 1) * settings.PAGE_SIZE
        rows = list(qs.order_by("sort_key", "pk")[start : start + settings.PAGE_SIZE + 1])
        persons, has_next = rows[: settings.PAGE_SIZE], len(rows) > settings.PAGE_SIZE
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "persons": persons,
            "result": result,
            "page": page,
            "has_next": has_next,
            "can_create": services.can_register(request.user),
            "query": request.GET.urlencode(),
            "is_keeper": is_registry_keeper(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied
    form = PersonCreateForm(request.POST or None, user=request.user)
    matches: list[selectors.Match] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirm, father = data.pop("confirm_distinct"), data.pop("father_name")
        basis, case = data.pop("basis"), data.pop("case", None)
        try:
            person = services.person_create(
                actor=request.user,
                confirm_distinct=confirm,
                father_name=father,
                basis=basis,
                case=case,
                **data,
            )
        except services.DuplicateSuspected as exc:
            matches = exc.matches
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s vào sổ đăng ký.") % {"name": person.full_name})
            return redirect("people:person_detail", person_id=person.uuid)
    return render(request, "people/person_form.html", {"form": form, "matches": matches, "creating": True})


def _masked(user: Any, person: Person, shown: set[str]) -> dict[str, Any]:
    values = {}
    for field in SENSITIVE:
        value = getattr(person, field)
        seen = visibility(user, person, field)
        if not value or seen is Visibility.SHOWN or field in shown:
            values[field] = value or "—"
        else:
            values[field] = MASK
        values[f"{field}_revealable"] = bool(value) and seen is Visibility.ON_REQUEST and field not in shown
    return values


class PersonDetailView(VisibleObjectView):
    queryset = Person.objects.select_related("unit", "owner_agency", "merged_into")
    lookup_field, lookup_url_kwarg = "uuid", "person_id"

    def show(self, request: HttpRequest, person: Person) -> HttpResponse:
        return _person_page(request, person)


person_detail = PersonDetailView.as_view()


def _person_page(request: HttpRequest, person: Person) -> HttpResponse:
    shown: set[str] = set()
    wanted = request.GET.get("reveal", "")
    if wanted in SENSITIVE:
        reveal(request.user, person, wanted)  # audited
        shown.add(wanted)
    can_edit = can(request.user, Action.CHANGE, person)
    merges = restrict(PersonMerge.objects.filter(survivor=person, undone_at__isnull=True), request.user)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "sensitive": _masked(request.user, person, shown),
            "can_edit": can_edit,
            "unit_path": selectors.unit_path(person.unit),
            "history": person.history.all()[:200],
            "relatives": person.relatives.all()[:200],
            "foreign": person.foreign_relations.all()[:200],
            "discipline": person.discipline.all()[:200],
            "cases": appearances(request.user, person),
            "merges": merges.select_related("merged")[:50],
            "relative_form": RelativeForm() if can_edit else None,
            "history_form": HistoryForm() if can_edit else None,
            "foreign_form": ForeignRelationForm() if can_edit else None,
            "undo_form": UndoMergeForm(),
            "bases": selectors.person_bases(request.user, person),
            "basis_form": BasisAddForm(user=request.user, auto_id="basis_%s") if can_edit else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.all(), Action.CHANGE, uuid=person_id)
    initial = {f: getattr(person, f) for f in services.EDITABLE}
    initial["version"] = person.version
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {
            k: v
            for k, v in data.items()
            if v != initial.get(k) and not (v in ("", None) and not initial.get(k))
        }
        try:
            services.person_update(actor=request.user, person=person, expected_version=version, **changes)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("people:person_detail", person_id=person.uuid)
    return render(request, "people/person_form.html", {"form": form, "person": person, "creating": False})


@login_required
@require_POST
def dossier_add(request: HttpRequest, person_id: str, what: str) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.all(), Action.CHANGE, uuid=person_id)
    choices: dict[str, tuple[Any, Any, str]] = {
        "relatives": (RelativeForm, services.relative_add, "relatives"),
        "history": (HistoryForm, services.dossier_entry_add, "history"),
        "foreign": (ForeignRelationForm, services.foreign_relation_add, "foreign"),
    }
    if what not in choices:
        raise PermissionDenied
    form_class, service, tab = choices[what]
    form = form_class(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            service(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(request, _("Đã cập nhật lý lịch."))
    return redirect(reverse("people:person_detail", args=[person.uuid]) + f"#{tab}")


@login_required
@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, person_id: str) -> HttpResponse:
    """Pick the duplicate (search), compare side by side, confirm with the grounds."""
    survivor = get_visible_or_404(
        request, Person.objects.select_related("unit"), Action.CHANGE, uuid=person_id
    )
    other = None
    form = MergeForm(request.POST or None, initial={"other": request.GET.get("other")})
    other_id = request.POST.get("other") or request.GET.get("other")
    if other_id:
        other = get_visible_or_404(
            request, Person.objects.select_related("unit"), Action.CHANGE, uuid=other_id
        )
    if request.method == "POST" and other is not None and form.is_valid():
        try:
            services.person_merge(
                actor=request.user, survivor=survivor, merged=other, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã hợp nhất %(other)s vào hồ sơ này.") % {"other": other.full_name})
            return redirect("people:person_detail", person_id=survivor.uuid)
    q = request.GET.get("q", "")
    candidates: list[Any] = []
    if q:
        candidates = [
            h.person
            for h in selectors.person_search(request.user, q, limit=20).hits
            if h.person.pk != survivor.pk
        ]
    else:
        candidates = [
            m.person
            for m in selectors.person_matches(
                request.user,
                full_name=survivor.full_name,
                birth_date=survivor.birth_date,
                birth_year=survivor.birth_year,
                home_town=survivor.home_town,
                exclude=survivor,
            )
        ]
    return render(
        request,
        "people/person_merge.html",
        {
            "survivor": survivor,
            "other": other,
            "form": form,
            "q": q,
            "candidates": candidates,
        },
    )


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: str) -> HttpResponse:
    merge = get_visible_or_404(
        request, PersonMerge.objects.select_related("survivor"), Action.VIEW, pk=merge_id
    )
    form = UndoMergeForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.person_unmerge(actor=request.user, merge=merge, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            report_service_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã hủy hợp nhất."))
    return redirect("people:person_detail", person_id=merge.survivor.uuid)


@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The Party organisation tree one level at a time, with ceased units and their history on request."""
    show_old = request.GET.get("old") == "1"
    current = None
    if request.GET.get("unit"):
        current = get_visible_or_404(
            request,
            PartyUnit.objects.select_related("parent", "merged_into"),
            Action.VIEW,
            pk=request.GET["unit"],
        )
    children = restrict(PartyUnit.objects.filter(parent=current), request.user)
    if not show_old:
        children = children.filter(valid_to__isnull=True)
    return render(
        request,
        "people/unit_tree.html",
        {
            "current": current,
            "path": selectors.unit_path(current),
            "children": children.order_by("name")[:500],
            "events": current.events.select_related("other")[:100] if current else [],
            "show_old": show_old,
            "can_administer": can_administer(request.user),
        },
    )


UPLOAD_LIMIT = 10 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def person_import(request: HttpRequest) -> HttpResponse:
    """Upload, see the row-by-row report, then import (all rows or none, unless the user chose otherwise).
    Files larger than 10 MB go through `phoihop import persons` on the server."""
    from phoihop.people.imports import ImportError_, run_import

    if not services.can_register(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            form.add_error(
                "file", _("Tệp lớn hơn 10 MB; hãy chia nhỏ hoặc nhờ quản trị nhập bằng dòng lệnh.")
            )
        else:
            try:
                report = run_import(
                    actor=request.user,
                    name=upload.name,
                    content=upload.read(),
                    dry_run=form.cleaned_data["dry_run"],
                    skip_invalid=form.cleaned_data["skip_invalid"],
                    accept_duplicates=form.cleaned_data["accept_duplicates"],
                    basis=form.cleaned_data["basis"],
                    case=form.cleaned_data.get("case"),
                )
            except ImportError_ as exc:
                form.add_error("file", exc.messages)
            else:
                if report.saved:
                    messages.success(request, _("Đã nhập %(n)s người.") % {"n": report.saved})
    return render(request, "people/person_import.html", {"form": form, "report": report})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    from phoihop.people.imports import template_csv

    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.csv"'
    return response


# --- registration bases of a person
# ---------------------------------------------------------------------------
@login_required
@require_POST
def basis_add(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.all(), Action.CHANGE, uuid=person_id)
    form = BasisAddForm(request.POST, user=request.user)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.person_basis_add(
                actor=request.user,
                person=person,
                basis=form.cleaned_data["basis"],
                case=form.cleaned_data.get("case"),
            )
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(request, _("Đã ghi căn cứ đăng ký."))
    return redirect(reverse("people:person_detail", args=[person.uuid]) + "#bases")


@login_required
@require_POST
def basis_end(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.all(), Action.VIEW, uuid=person_id)
    form = BasisEndForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        row = get_visible_or_404(
            request, PersonBasis.objects.filter(person=person), Action.CHANGE, pk=form.cleaned_data["basis"]
        )
        try:
            services.person_basis_end(actor=request.user, basis=row, on=form.cleaned_data["on"])
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(request, _("Đã kết thúc căn cứ; thời hạn lưu bắt đầu tính."))
    return redirect(reverse("people:person_detail", args=[person.uuid]) + "#bases")


# --- the list of bases (administration)
# -----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def registration_bases(request: HttpRequest, basis_id: str | None = None) -> HttpResponse:
    """The bases a registration may state and how long a person is kept after one lapses. Everyone may read
    the list; administrators add and change bases (each change audited)."""
    editable = can_administer(request.user)
    basis = None
    if basis_id is not None:
        basis = get_visible_or_404(request, RegistrationBasis.objects.all(), Action.VIEW, pk=basis_id)
    initial = (
        {
            f: getattr(basis, f)
            for f in ("code", "label", "retention_months", "allows_non_members", "active", "source")
        }
        if basis
        else {"active": True, "retention_months": 60}
    )
    form = RegistrationBasisForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = services.registration_basis_save(actor=request.user, basis=basis, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu căn cứ %(code)s.") % {"code": saved.code})
                return redirect("people:registration_bases")
    rows = [
        (b, *format_period(b.retention_months))
        for b in restrict(RegistrationBasis.objects.all(), request.user)
    ]
    return render(
        request,
        "people/registration_bases.html",
        {
            "rows": rows,
            "form": form if editable else None,
            "basis": basis,
            "editable": editable,
        },
    )


# --- the registry keeper: retention review and identifier
# holds -----------------------------------------------
def _keeper_only(request: HttpRequest) -> None:
    if not is_registry_keeper(request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Tổ chức (người giữ sổ đăng ký) được vào trang này."))


@login_required
@require_GET
def retention_review(request: HttpRequest) -> HttpResponse:
    """Persons every one of whose bases lapsed longer ago than its retention period, in Vietnamese order, with
    the day retention ended; persons still on the upgrade's placeholder basis; and the deletion/anonymisation
    jobs."""
    _keeper_only(request)
    page = _page(request)
    start = (page - 1) * settings.PAGE_SIZE
    due = list(
        selectors.due_persons(request.user)
        .select_related("unit", "owner_agency")
        .prefetch_related("bases__basis")
        .order_by("sort_key", "pk")[start : start + settings.PAGE_SIZE + 1]
    )
    rows = [(p, selectors.retained_until(p)) for p in due[: settings.PAGE_SIZE]]
    legacy = list(selectors.legacy_persons(request.user).order_by("sort_key", "pk")[: settings.PAGE_SIZE + 1])
    return render(
        request,
        "people/retention_review.html",
        {
            "rows": rows,
            "page": page,
            "has_next": len(due) > settings.PAGE_SIZE,
            "legacy": legacy[: settings.PAGE_SIZE],
            "legacy_more": len(legacy) > settings.PAGE_SIZE,
            "jobs": selectors.retention_jobs(request.user)[:20],
            "form": RetentionForm(),
        },
    )


@login_required
@require_POST
def retention_start(request: HttpRequest) -> HttpResponse:
    _keeper_only(request)
    form = RetentionForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            job = services.retention_job_start(
                actor=request.user, persons=request.POST.getlist("persons"), mode=form.cleaned_data["mode"]
            )
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(
                request, _("Đã bắt đầu xử lý %(n)s hồ sơ; theo dõi tiến độ bên dưới.") % {"n": job.total}
            )
    return redirect("people:retention_review")


class RetentionJobView(VisibleObjectView):
    """One job's progress (the review page polls it while it runs)."""

    queryset = RetentionJob.objects.select_related("requested_by")
    lookup_url_kwarg = "job_id"
    read_unaudited_because = (
        "a job's progress (counts and states, no person's content); starting it is audited"
    )

    def guard(self, request: HttpRequest) -> None:
        _keeper_only(request)

    def show(self, request: HttpRequest, job: RetentionJob) -> HttpResponse:
        return render(request, "people/_retention_job.html", {"job": job})


retention_job = RetentionJobView.as_view()


@login_required
@require_GET
def identifier_holds(request: HttpRequest) -> HttpResponse:
    """Numbers being reconciled: entered by an agency that may not see their holder, or held by the keeper."""
    _keeper_only(request)
    holds = list(selectors.identifier_holds(request.user, open_only=request.GET.get("all") != "1")[:200])
    holders = {h.holder_id for h in holds if h.holder_id}
    visible = restrict(Person.objects.filter(pk__in=holders), request.user).in_bulk() if holders else {}
    return render(
        request,
        "people/identifier_holds.html",
        {
            "holds": [(h, visible.get(h.holder_id)) for h in holds],
            "hold_form": HoldForm(),
            "resolve_form": HoldResolveForm(),
            "show_all": request.GET.get("all") == "1",
        },
    )


@login_required
@require_POST
def identifier_hold_open(request: HttpRequest) -> HttpResponse:
    _keeper_only(request)
    form = HoldForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.identifier_hold_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(request, _("Đã tạm giữ số để đối chiếu."))
    return redirect("people:identifier_holds")


@login_required
@require_POST
def identifier_hold_resolve(request: HttpRequest, hold_id: str) -> HttpResponse:
    _keeper_only(request)
    hold = get_visible_or_404(request, IdentifierHold.objects.all(), Action.CHANGE, pk=hold_id)
    form = HoldResolveForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        try:
            services.identifier_hold_resolve(
                actor=request.user, hold=hold, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(request, _("Đã ghi kết quả đối chiếu."))
    return redirect("people:identifier_holds")
