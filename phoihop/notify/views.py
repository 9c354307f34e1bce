"""The notifications page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from phoihop.access.policy import Action, restrict
from phoihop.notify.messages import render as render_lines
from phoihop.notify.models import Notification
from phoihop.notify.services import mark_all_read


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    items = render_lines(
        restrict(Notification.objects.all(), request.user, Action.VIEW).order_by("-created_at")[:100],
        request.user,
    )
    return render(request, "notify/list.html", {"items": items})


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(user=request.user)
    return redirect("notify:list")
