"""`{% deadline_badge obj %}`: the one rendering of a deadline's state, for `obj` from a queryset's
with_deadline_flags() (cases/querysets.py). A tag rather than an included template: lists render it once per
row, and an include costs a template render each time (issue 15)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
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


@register.simple_tag
def case_rows(cases: Any, columns: Any = ()) -> SafeString:
    """The rows of a case list (number, title, owner, opened, level, state and deadline, the kind's columns),
    written in Python: a list renders 50 of them, and as template nodes they were most of the page's time."""
    from django.urls import reverse
    from django.utils.text import Truncator

    rows = []
    for case in cases:
        level = (
            format_html('<span class="badge text-bg-danger">{}</span>', case.get_classification_display())
            if case.classification
            else "—"
        )
        extra = format_html_join(
            "", "<td>{}</td>", ((value or "—",) for value in getattr(case, "kind_values", ()))
        )
        rows.append(
            format_html(
                '<tr><td class="text-nowrap"><a '
                'href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span '
                'class="badge text-bg-{}">{}</span>{}</td>{}</tr>',
                reverse("cases:case_detail", args=[case.pk]),
                case.number,
                Truncator(case.title).chars(90),
                case.owner_agency.code,
                case.opened_on.strftime("%d/%m/%Y"),
                level,
                case.state_tone,
                case.state_label,
                deadline_badge(case),
                extra,
            )
        )
    if not rows:
        return format_html(
            '<tr><td colspan="{}" class="text-body-secondary">{}</td></tr>',
            6 + len(columns),
            _("Không có hồ sơ nào."),
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (each row is format_html's)
