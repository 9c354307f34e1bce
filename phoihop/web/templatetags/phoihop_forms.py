"""Template helpers to render Django form fields with Bootstrap classes and accessible errors."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bs_field(bound: BoundField) -> SafeString:
    """Render the widget of a bound field with the Bootstrap class that fits its kind."""
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if bound.errors:
        css += " is-invalid"
    attrs: dict[str, str | bool] = {"class": css.strip()} if css.strip() else {}
    if bound.errors:
        attrs["aria-describedby"] = f"{bound.auto_id}_errors"
    elif bound.help_text:
        attrs["aria-describedby"] = f"{bound.auto_id}_help"
    return bound.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound: BoundField) -> bool:
    return isinstance(bound.field.widget, forms.CheckboxInput)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
