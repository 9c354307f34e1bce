"""The form renderer: Django's own templates, with the commonest widgets rendered in Python (issue 15).

Django renders every widget through templates, and every option of a select through an include of its own:
the audit trail's filter (one select of every event type) cost about 7 ms a page. The widgets whose template
is exactly Django's (an input, a select and its options, a textarea) are written here to the same bytes;
any other template, or one a project overrides, goes to the templates as before.
`web/tests/test_renderers.py` compares both renderings for every kind of widget, value and option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_WIDGETS = Path(django.__file__).parent / "forms" / "templates" / "django" / "forms" / "widgets"
_INPUT_INCLUDE = '{% include "django/forms/widgets/input.html" %}'


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescaping."""
    return str(conditional_escape(str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{_text(value)}"'
        )
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict[str, Any]) -> str:
    return (
        "<option "
        f'value="{_text(option["value"])}"{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>'
    )


def _select(widget: dict[str, Any]) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                raise _Unknown
            out.append(f"\n  {_option(option)}\n")  # an included template keeps its file's last newline
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget: dict[str, Any]) -> str:
    body = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>'
    )


class _Unknown(Exception):
    pass


def _fast_templates() -> dict[str, Any]:
    """The widget templates rendered here: only those whose
    source is still exactly what this module writes."""
    known = {
        "select.html": _select,
        "select_option.html": _option,
        "textarea.html": _textarea,
        "input.html": _input,
    }
    sources = {
        "input.html": (
            '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if '
            "widget.value != None %} value=\"{{ widget.value|stringformat:'s' "
            '}}"{% endif %}{% include "django/forms/widgets/attrs.html" %}>'
        ),
        "select_option.html": "<option value=\"{{ widget.value|stringformat:'s' }}\"{% include "
        '"django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>',
        "textarea.html": '<textarea name="{{ widget.name }}"{% include '
        '"django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>",
        "select.html": '<select name="{{ widget.name }}"{% include '
        '"django/forms/widgets/attrs.html" %}>{% for '
        "group_name, group_choices, group_index in widget.optgroups "
        '%}{% if group_name %}\n  <optgroup label="'
        '{{ group_name }}">{% endif %}{% for option in group_choices %}\n  {% include option.template_name '
        "with widget=option %}{% endfor %}{% if group_name "
        "%}\n  </optgroup>{% endif %}{% endfor %}\n</select>",
    }
    fast: dict[str, Any] = {}
    for name, render in known.items():
        path = _WIDGETS / name
        if path.exists() and path.read_text().strip() == sources[name]:
            fast[f"django/forms/widgets/{name}"] = render
    if "django/forms/widgets/input.html" in fast:
        for path in _WIDGETS.glob("*.html"):
            if path.read_text().strip() == _INPUT_INCLUDE:
                fast[f"django/forms/widgets/{path.name}"] = _input
    return fast


_FAST = _fast_templates()


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, but the widgets above are written in Python to the same bytes."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
        render = _FAST.get(template_name)
        if render is not None and "widget" in context:
            try:
                # every name, value, label and attribute was escaped above, as the templates escape them
                return mark_safe(render(context["widget"]))  # noqa: S308
            except _Unknown:
                pass
        return SafeString(super().render(template_name, context, request))
