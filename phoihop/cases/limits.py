"""The bounds of the case engine's inputs: the one place each is set.

Forms (`max_length` / `max_value`, which also stop typing in the browser), API serializers, templates and the
services read them from here, so a page, the API and a direct service call refuse the same input with the same
message. The limits that are rules of the work — how many extensions a step allows and how long each may be —
are not here: they are the administrator-edited deadline rules (`cases/rules.py`, `Period.longest_extension`),
read the same way by the extend forms (`ExtendForm(longest=…)`), the API (through the service) and the
services. The "due soon" window is `PHOIHOP_DUE_SOON_DAYS`, read only by `cases/querysets.py`.
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
REQUEST_REASON = 500  # extending, withdrawing, pausing or resuming a request (or a case's own deadline)
DECISION = 100  # the number of the written decision an extension cites

# What an administrator may set in a deadline rule (and the longest period a request may ask for).
PERIOD_DAYS = 365  # a period, and the longest one extension a rule may allow: 1 to this many days
RULE_EXTENSIONS = 10  # a rule allows 0 to this many extensions
RULE_BASIS = 300
RULE_REASON = 500


def too_long(**texts: tuple[str, int]) -> dict[str, list[str]]:
    """{field: [message]} for each (text, limit) whose text,
    as it would be stored (stripped), is over the limit."""
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
