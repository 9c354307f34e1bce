"""Characters no text input may hold, and their removal from
what we export; imports Django only (any app may use it).

Control characters come from pasted text and crafted requests, never from a keyboard. Stored, they break what
reads the text later: an XLSX cannot hold most C0 controls (openpyxl refuses the whole workbook), terminals
and logs interpret them, bidirectional overrides make a reason read backwards on screen. So every text field
of every form and serializer refuses them (`install()`, run once at start-up from `phoihop.core`), with a
Vietnamese message naming the character and its position; tab and line breaks are accepted only where
multi-line text is (a textarea, or an API field without a length limit). What was stored before this rule, or
arrives without a form (a URL path, a sign-in name), is made visible at export by `printable()`.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

LINE_BREAKS = "\t\n\r"
# Refused in every text input: C0 controls but tab/LF/CR, DEL and the C1 controls (Unicode category Cc), the
# Unicode line and paragraph separators, the bidirectional embeddings, overrides and isolates, the
# noncharacters U+FFFE and U+FFFF, and lone surrogates.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
_FORBIDDEN_SINGLE_LINE = re.compile(f"[{LINE_BREAKS}]|{_FORBIDDEN.pattern}")
# Not storable in an XML 1.0 document (so not in an XLSX
# cell), plus DEL and the C1 controls, which are invisible.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def shown_safely(text: str) -> str:
    """`text` echoed back in a message: the characters no input may hold (controls, direction overrides, …)
    shown as their visible symbol (C0) or U+FFFD, so a message cannot be reordered or cut by what it
    quotes."""
    return _FORBIDDEN.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd", text)


def control_character_problem(text: str, *, multiline: bool) -> str | None:
    """Why `text` cannot be accepted (a message naming the first bad character and where it is), or None."""
    found = (_FORBIDDEN if multiline else _FORBIDDEN_SINGLE_LINE).search(text)
    if found is None:
        return None
    char, position = found.group(), found.start() + 1
    if char in LINE_BREAKS:
        return _("Trường này chỉ nhận một dòng: có ký tự xuống dòng hoặc tab ở vị trí %(pos)d.") % {
            "pos": position
        }
    return _(
        "Có ký tự điều khiển không được phép (%(code)s) ở vị "
        "trí %(pos)d; hãy xóa nó hoặc gõ lại đoạn văn bản."
    ) % {"code": f"U+{ord(char):04X}", "pos": position}


def printable(text: str) -> str:
    """`text` with every character a spreadsheet cannot hold or would hide shown instead: a C0 control or DEL
    as its visible symbol (U+0001 → ␁, the Control Pictures block), anything else as U+FFFD. Tab and line
    breaks stay."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(_picture, text)


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def _form_field_is_multiline(field: Any) -> bool:
    from django import forms

    return isinstance(field.widget, forms.Textarea)


def _api_field_is_multiline(field: Any) -> bool:
    # ModelSerializer maps a model TextField to an unbounded CharField styled as a textarea; our explicit
    # free-text fields (contents, answers, reasons) have no max_length either, while names, titles and codes
    # all have one.
    return field.max_length is None or field.style.get("base_template") == "textarea.html"


def install() -> None:
    """Make every Django form CharField and every DRF CharField (and their subclasses, ours and third
    parties') refuse control characters. Patched on the classes' validator step, so fields created before this
    call are covered too, like the NUL-character check both frameworks already run on every CharField."""
    from django import forms
    from django.core.exceptions import ValidationError
    from rest_framework import fields
    from rest_framework.exceptions import ValidationError as ApiValidationError

    if getattr(forms.CharField, "_phoihop_control_characters", False):
        return
    form_run_validators = forms.CharField.run_validators
    api_run_validators = fields.CharField.run_validators

    def form_checked(self: forms.CharField, value: Any) -> None:
        if isinstance(value, str):
            problem = control_character_problem(value, multiline=_form_field_is_multiline(self))
            if problem:
                raise ValidationError(problem, code="control_characters")
        form_run_validators(self, value)

    def api_checked(self: fields.CharField, value: Any) -> None:
        if isinstance(value, str):
            problem = control_character_problem(value, multiline=_api_field_is_multiline(self))
            if problem:
                raise ApiValidationError([problem], code="control_characters")
        api_run_validators(self, value)

    forms.CharField.run_validators = form_checked  # type: ignore[method-assign,assignment]
    fields.CharField.run_validators = api_checked  # type: ignore[method-assign,assignment]
    forms.CharField._phoihop_control_characters = True  # type: ignore[attr-defined]
