"""The Python widget renderer writes exactly what Django's templates write (phoihop/web/renderers.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from phoihop.web.renderers import _FAST, FastWidgetRenderer

FAST, SLOW = FastWidgetRenderer(), DjangoTemplates()

CHOICES = [
    ("", "—"),
    ("a", "Đảng ủy <xã>"),
    (1, 'Công an "tỉnh"'),
    ("Nhóm & nhóm", [("x", "Một"), ("y", "Hai")]),
]

WIDGETS: list[tuple[forms.Widget, Any]] = [
    (forms.TextInput(), None),
    (forms.TextInput(attrs={"class": "form-control", "required": True, "disabled": False}), 'a "b" <c> & đ'),
    (forms.NumberInput(), 12),
    (forms.EmailInput(), "a@b.vn"),
    (forms.PasswordInput(render_value=True), "x"),
    (forms.HiddenInput(), "1"),
    (forms.DateInput(), "2026-12-02"),
    (forms.SearchInput() if hasattr(forms, "SearchInput") else forms.TextInput(), "tìm"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(), "Dòng một\n<b>Dòng hai</b>"),
    (forms.Textarea(attrs={"rows": 3}), ""),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select"}), 1),
    (forms.Select(choices=CHOICES), None),
    (forms.SelectMultiple(choices=CHOICES), ["a", "x"]),
    (forms.NullBooleanSelect(), True),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_every_widget_is_written_as_the_templates_write_it(widget, value):
    fast = widget.render("field", value, attrs={"id": "id_field"}, renderer=FAST)
    assert fast == widget.render("field", value, attrs={"id": "id_field"}, renderer=SLOW)


def test_the_common_widgets_take_the_python_path():
    for name in ("text", "select", "select_option", "textarea", "checkbox", "number", "date", "hidden"):
        assert f"django/forms/widgets/{name}.html" in _FAST


def test_other_widgets_still_use_their_templates():
    radio = forms.RadioSelect(choices=CHOICES)
    assert radio.render("r", "a", renderer=FAST) == radio.render("r", "a", renderer=SLOW)
    upload = forms.ClearableFileInput()
    assert upload.render("f", None, renderer=FAST) == upload.render("f", None, renderer=SLOW)


@settings(max_examples=200, deadline=None)
@given(
    value=st.text(max_size=40),
    label=st.text(max_size=40),
    attr=st.one_of(st.booleans(), st.text(max_size=10), st.integers()),
)
def test_any_text_is_escaped_alike(value, label, attr):
    for widget, shown in [
        (forms.TextInput(attrs={"data-x": attr}), value),
        (forms.Textarea(attrs={"data-x": attr}), value),
        (forms.Select(choices=[(value, label), ("k", label)], attrs={"data-x": attr}), value),
    ]:
        assert widget.render("n", shown, renderer=FAST) == widget.render("n", shown, renderer=SLOW)
