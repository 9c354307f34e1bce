"""Administration pages for agencies, users and API tokens: parse, call a service, render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from phoihop.access.policy import Action, can_administer, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.audit import registry
from phoihop.audit.exports import FORMATS, ExportTooLargeError, tabular_export
from phoihop.audit.services import audit_record
from phoihop.core import selectors, services
from phoihop.core.calendar import FIRST_YEAR, LAST_YEAR, CalendarError, compute_deadline, year_days
from phoihop.core.choices import RoleCode
from phoihop.core.forms import (
    AgencyForm,
    CalendarDayForm,
    DeadlineForm,
    ReasonForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
    apply_service_errors,
    report_form_errors,
    report_service_errors,
)
from phoihop.core.models import Agency, ApiToken, CalendarDay, User
from phoihop.core.paging import page_of


def actor_of(request: HttpRequest) -> User:
    """The signed-in administrator (admin_required has already turned everyone else away)."""
    return cast(User, request.user)


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not can_administer(request.user):
            raise PermissionDenied(_("Chỉ quản trị viên được vào trang này."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _page(request: HttpRequest, qs: Any) -> Any:
    return page_of(request, qs, settings.PAGE_SIZE)


@admin_required
def agency_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = restrict(selectors.agency_list(q=q), request.user, Action.ADMINISTER)
    return render(request, "core/agency_list.html", {"page": _page(request, qs), "q": q})


@admin_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, agency_id: str | None = None) -> HttpResponse:
    agency = None
    if agency_id is not None:
        agency = get_visible_or_404(request, Agency.objects.all(), Action.ADMINISTER, pk=agency_id)
    initial = (
        {
            "code": agency.code,
            "name": agency.name,
            "kind": agency.kind,
            "parent": agency.parent,
            "is_hub": agency.is_hub,
            "active": agency.active,
            "team_only_from": agency.team_only_from,
        }
        if agency
        else {"active": True}
    )
    form = AgencyForm(request.POST or None, instance=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if agency is None:
                agency = services.agency_create(actor=actor_of(request), **form.cleaned_data)
                messages.success(request, _("Đã tạo cơ quan %(code)s.") % {"code": agency.code})
            else:
                agency = services.agency_update(actor=actor_of(request), agency=agency, **form.cleaned_data)
                messages.success(request, _("Đã lưu cơ quan %(code)s.") % {"code": agency.code})
            return redirect("administration:agency_list")
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "core/agency_form.html", {"form": form, "agency": agency})


def _user_filters(request: HttpRequest) -> dict[str, Any]:
    agency_id = request.GET.get("agency", "")
    role = request.GET.get("role", "")
    return {
        "q": request.GET.get("q", "").strip(),
        "agency": Agency.objects.filter(pk=agency_id).first() if _is_uuid(agency_id) else None,
        "role": role if role in RoleCode.values else "",
        "active": {"1": True, "0": False}.get(request.GET.get("active", "")),
    }


@admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    filters = _user_filters(request)
    if filters["q"] and not request.GET.get("page"):
        audit_record(
            action=registry.SEARCH, actor=request.user, object_type="core.user", payload={"q": filters["q"]}
        )
    qs = restrict(selectors.user_list(**filters), request.user, Action.ADMINISTER)
    return render(
        request,
        "core/user_list.html",
        {
            "page": _page(request, qs),
            **filters,
            "active": request.GET.get("active", ""),
            "agencies": Agency.objects.order_by("code"),
            "roles": RoleCode.choices,
            "query_string": request.GET.urlencode(),
        },
    )


USER_EXPORT_COLUMNS = [
    ("username", _l("Tên đăng nhập")),
    ("full_name", _l("Họ và tên")),
    ("agency", _l("Cơ quan")),
    ("position", _l("Chức vụ")),
    ("roles", _l("Vai trò")),
    ("clearance", _l("Mức được tiếp cận bí mật")),
    ("kind", _l("Loại tài khoản")),
    ("active", _l("Trạng thái")),
    ("last_login", _l("Đăng nhập gần nhất")),
]


@admin_required
def user_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    filters = _user_filters(request)
    qs = restrict(selectors.user_list(**filters), request.user, Action.EXPORT)
    rows = (
        {
            "username": u.username,
            "full_name": u.full_name,
            "agency": u.agency.code,
            "position": u.position,
            "roles": ", ".join(str(r) for r in u.roles.all()),
            "clearance": u.get_clearance_display(),
            "kind": _("Tích hợp (chỉ API)") if u.is_api_only else _("Người dùng"),
            "active": _("Hoạt động") if u.is_active else _("Đã khóa"),
            "last_login": u.last_login,
        }
        for u in qs.iterator(chunk_size=500)
    )
    columns = [(key, str(label)) for key, label in USER_EXPORT_COLUMNS]
    try:
        return tabular_export(
            actor=request.user,
            what="core.user",
            columns=columns,
            rows=rows,
            fmt=fmt,
            filename="nguoi-dung",
            filters={k: str(v) for k, v in filters.items() if v not in (None, "")},
            row_count=qs.count(),
        )
    except ExportTooLargeError as exc:
        messages.error(request, str(exc))
        return redirect("administration:user_list")


@admin_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, initial={"clearance": 0})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["password"] = data.get("password") or None
        try:
            user, generated = services.user_create(actor=actor_of(request), **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": user.username})
            if generated:
                # Shown once, on the next page only; never stored in clear.
                request.session["phoihop.generated_password"] = {"user": str(user.pk), "password": generated}
            return redirect("administration:user_detail", user_id=user.pk)
    return render(request, "core/user_form.html", {"form": form, "target": None})


class UserDetailView(VisibleObjectView):
    queryset = User.objects.select_related("agency")
    lookup_url_kwarg = "user_id"
    access_action = Action.ADMINISTER
    read_unaudited_because = (
        "an account in the administration (no case content); every change to it is audited"
    )

    def guard(self, request: HttpRequest) -> None:
        if not can_administer(request.user):
            raise PermissionDenied(_("Chỉ quản trị viên được vào trang này."))

    def show(self, request: HttpRequest, target: User) -> HttpResponse:
        return _user_page(request, target)


user_detail = UserDetailView.as_view()


def _user_page(request: HttpRequest, target: User) -> HttpResponse:
    shown = request.session.pop("phoihop.generated_password", None)
    generated = shown["password"] if shown and shown.get("user") == str(target.pk) else None
    new_token = request.session.pop("phoihop.new_token", None)
    return render(
        request,
        "core/user_detail.html",
        {
            "target": target,
            "generated_password": generated,
            "new_token": new_token if new_token and new_token.get("user") == str(target.pk) else None,
            "tokens": restrict(selectors.token_list(user=target), request.user, Action.VIEW)
            if target.is_api_only
            else [],
            "has_totp": selectors.user_has_totp(target),
            "reason_form": ReasonForm(),
            "token_form": TokenForm(),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: str) -> HttpResponse:
    target = get_visible_or_404(request, User.objects.select_related("agency"), Action.ADMINISTER, pk=user_id)
    initial = {
        "full_name": target.full_name,
        "position": target.position,
        "email": target.email,
        "agency": target.agency,
        "roles": sorted(target.role_codes),
        "clearance": target.clearance,
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=actor_of(request), user=target, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tài khoản %(username)s.") % {"username": target.username})
            return redirect("administration:user_detail", user_id=target.pk)
    return render(request, "core/user_form.html", {"form": form, "target": target})


def _reason_action(request: HttpRequest, user_id: str, action: Callable[[User, str], str]) -> HttpResponse:
    target = get_visible_or_404(request, User.objects.all(), Action.ADMINISTER, pk=user_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do."))
    else:
        try:
            messages.success(request, action(target, form.cleaned_data["reason"]))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("administration:user_detail", user_id=target.pk)


@admin_required
@require_POST
def user_deactivate(request: HttpRequest, user_id: str) -> HttpResponse:
    def act(target: User, reason: str) -> str:
        services.user_set_active(actor=actor_of(request), user=target, active=False, reason=reason)
        return _("Đã khóa tài khoản %(username)s và đăng xuất mọi phiên của tài khoản này.") % {
            "username": target.username
        }

    return _reason_action(request, user_id, act)


@admin_required
@require_POST
def user_reactivate(request: HttpRequest, user_id: str) -> HttpResponse:
    def act(target: User, reason: str) -> str:
        services.user_set_active(actor=actor_of(request), user=target, active=True, reason=reason)
        return _("Đã mở lại tài khoản %(username)s.") % {"username": target.username}

    return _reason_action(request, user_id, act)


@admin_required
@require_POST
def user_reset_mfa(request: HttpRequest, user_id: str) -> HttpResponse:
    def act(target: User, reason: str) -> str:
        services.user_reset_mfa(actor=actor_of(request), user=target, reason=reason)
        return _("Đã đặt lại xác thực hai lớp: %(username)s sẽ đăng ký lại ở lần đăng nhập tới.") % {
            "username": target.username
        }

    return _reason_action(request, user_id, act)


@admin_required
@require_POST
def token_create(request: HttpRequest, user_id: str) -> HttpResponse:
    target = get_visible_or_404(request, User.objects.all(), Action.ADMINISTER, pk=user_id)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.token_create(
                actor=actor_of(request), user=target, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            request.session["phoihop.new_token"] = {"user": str(target.pk), "key": raw}
    return redirect("administration:user_detail", user_id=target.pk)


@admin_required
@require_POST
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    token = get_visible_or_404(request, ApiToken.objects.all(), Action.ADMINISTER, pk=token_id)
    services.token_revoke(actor=actor_of(request), token=token)
    messages.success(request, _("Đã thu hồi khóa %(prefix)s….") % {"prefix": token.prefix})
    return redirect("administration:user_detail", user_id=token.user_id)


@login_required
@require_http_methods(["GET"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The working-day calendar of a year, with a deadline calculator; administrators also edit it."""
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and FIRST_YEAR <= int(year_text) <= LAST_YEAR else today.year
    form = DeadlineForm(request.GET if "start" in request.GET else None)
    deadline = None
    if form.is_bound and form.is_valid():
        try:
            deadline = compute_deadline(
                form.cleaned_data["start"], form.cleaned_data["days"], form.cleaned_data["unit"]
            )
        except CalendarError as exc:
            form.add_error(None, str(exc))
    overrides = {
        d.date: d
        for d in restrict(
            CalendarDay.objects.filter(date__year=year, agency__isnull=True), request.user, Action.VIEW
        )
    }
    agency_days = restrict(
        CalendarDay.objects.filter(date__year=year, agency__isnull=False), request.user, Action.VIEW
    )
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "days": year_days(year),
            "overrides": overrides,
            "agency_days": agency_days.select_related("agency"),
            "form": form,
            "deadline": deadline,
            "day_form": CalendarDayForm(),
            "can_edit": can_administer(request.user),
            "years": range(today.year - 1, today.year + 3),
        },
    )


@admin_required
@require_POST
def calendar_day_add(request: HttpRequest) -> HttpResponse:
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.calendar_day_add(
                actor=actor_of(request),
                day=data["date"],
                kind=data["kind"],
                name=data["name"],
                agency=data["agency"],
            )
        except ValidationError as exc:
            report_service_errors(request, exc)
        else:
            messages.success(request, _("Đã điều chỉnh lịch ngày %(d)s.") % {"d": f"{data['date']:%d/%m/%Y}"})
        return redirect(f"{reverse('calendar')}?year={data['date'].year}")
    report_form_errors(request, form)
    return redirect("calendar")


@admin_required
@require_POST
def calendar_day_remove(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_visible_or_404(request, CalendarDay.objects.all(), Action.CHANGE, pk=day_id)
    services.calendar_day_remove(actor=actor_of(request), calendar_day=day)
    messages.success(request, _("Đã xóa điều chỉnh ngày %(d)s.") % {"d": f"{day.date:%d/%m/%Y}"})
    return redirect(f"{reverse('calendar')}?year={day.date.year}")
