"""How long the free texts of cases and requests may be: the one place these limits are set.

Forms (`max_length`, which also stops typing in the browser), API serializers and the services read them from here,
so a page, the API and a direct service call refuse the same text with a clear message. Issue 14 will make limits
administrator-editable rules like the deadline rules (`cases/rules.py`); until then they are constants.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

CASE_TITLE = 300  # = Case.title max_length
CASE_SUBJECT_NAME = 200  # = Case.subject_name max_length
CASE_SUMMARY = 10_000
TRANSITION_REASON = 5_000  # also the conclusion: the reason of "conclude" becomes the case's outcome
REQUEST_BODY = 10_000
REQUEST_RESPONSE = 20_000
REQUEST_REASON = 500  # extending, withdrawing, pausing or resuming a request


def too_long(**texts: tuple[str, int]) -> dict[str, list[str]]:
    """{field: [message]} for each (text, limit) whose text, as it would be stored (stripped), is over the limit."""
    errors: dict[str, list[str]] = {}
    for field, (text, limit) in texts.items():
        length = len((text or "").strip())
        if length > limit:
            errors[field] = [
                _("Quá dài: %(n)s ký tự, tối đa %(max)s ký tự.")
                % {
                    "n": number_format(length, force_grouping=True),
                    "max": number_format(limit, force_grouping=True),
                }
            ]
    return errors
