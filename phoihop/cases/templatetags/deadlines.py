"""`{% deadline_badge obj %}`: the one rendering of a deadline's state, for `obj` from a queryset's
with_deadline_flags() (cases/querysets.py). A tag rather than an included template: lists render it once per
row, and an include costs a template render each time (issue 15)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def deadline_badge(obj: Any, no_paused: bool = False) -> SafeString:
    """Overdue, due soon or (unless `no_paused`: the page already says so) paused; nothing otherwise."""
    if getattr(obj, "is_overdue", False):
        return format_html(' <span class="badge text-bg-danger deadline-overdue">{}</span>', _("Quá hạn"))
    if getattr(obj, "is_due_soon", False):
        return format_html(
            ' <span class="badge text-bg-warning deadline-due-soon">{}</span>', _("Sắp đến hạn")
        )
    if getattr(obj, "paused_on", None) and not no_paused:
        return format_html(' <span class="badge text-bg-secondary deadline-paused">{}</span>', _("Tạm dừng"))
    return mark_safe("")
