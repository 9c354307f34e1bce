"""Labels for the audit pages: an event type's name instead of its code, a model's name instead of its label,
agency codes instead of the agency ids an older request event's stored description holds. Display only — the
stored event (and its hash) is never changed. A filter applied to every row of the list must not query: the
list's query count stays flat whatever its length (audit/disclosure.py resolves objects once per type)."""

from __future__ import annotations

import re

from django import template
from django.apps import apps

from phoihop.audit import registry

register = template.Library()

_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


@register.filter
def action_label(code: str) -> str:
    try:
        return str(registry.get(code).label)
    except LookupError:
        return code


@register.filter
def object_type_label(label: str) -> str:
    """ "cases.case" → "hồ sơ vụ việc" (the model's verbose name); anything else as it is."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


@register.filter
def agency_codes(text: str) -> str:
    """Agency ids in a stored description (requests were described as "Thẩm tra → <agency id>") as agency
    codes. One query per call: for the one event of the event page, never per row of the list (whose labels
    are built from identifiers that name agencies by code, audit/identity.py)."""
    found = set(_UUID.findall(text or ""))
    if not found:
        return text
    agency = apps.get_model("core", "Agency")
    codes = {str(pk): code for pk, code in agency.objects.filter(pk__in=found).values_list("pk", "code")}
    return _UUID.sub(lambda m: codes.get(m.group(0), m.group(0)), text)
