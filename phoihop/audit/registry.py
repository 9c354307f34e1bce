"""Where audit event types are registered; a duplicate code is a programming error. Each app declares its own
types in `<app>/audit_events.py`, imported from its `AppConfig.ready()`; this module keeps only the audit's
own (reads, searches, exports, denials and the audit itself).

Each type also declares what its payload may hold, because an auditor is not a content reader (decision 64):
- `fields`: payload keys holding identifiers, codes, counts, dates, names of changed fields, and the
  before/after values of administrative fields (roles, clearance, statuses, deadlines). Every auditor who may
  read the event sees them.
- `searches`: payload keys holding what a user typed into a search box. Kept as evidence, shown only to
  auditors of the top clearance.
- `justification`: the event's reason is a justification auditors must judge (break-glass, grants, account
  actions), shown to every auditor who may read the event. Other reasons may describe the object and are shown
  only to an auditor who may see the object.
Anything else an event holds (older events wrote titles, names and snapshots) is shown only to an auditor who
may see the object at read time (audit/disclosure.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Keys every event may carry: `level` is the object's classification, added by audit_record itself.
COMMON_FIELDS = frozenset({"level"})


@dataclass(frozen=True)
class EventType:
    code: str
    label: str | Promise
    fields: frozenset[str] = field(default=frozenset())
    searches: frozenset[str] = field(default=frozenset())
    justification: bool = False

    def shows(self, key: str) -> bool:
        """Whether payload `key` holds only identifiers or administrative values."""
        return key in self.fields or key in COMMON_FIELDS


_REGISTRY: dict[str, EventType] = {}


def register(
    code: str,
    label: str | Promise,
    *,
    fields: Iterable[str] = (),
    searches: Iterable[str] = (),
    justification: bool = False,
) -> EventType:
    if code in _REGISTRY:
        raise ValueError(f"audit event type {code!r} is registered twice")
    event_type = EventType(code, label, frozenset(fields), frozenset(searches), justification)
    _REGISTRY[code] = event_type
    return event_type


def get(code: str) -> EventType:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"audit event type {code!r} is not registered") from None


def find(code: str) -> EventType | None:
    """The type of a stored event, or None for a code no
    longer registered (its payload is then all content)."""
    return _REGISTRY.get(code)


def all_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda t: t.code)


# --- The audit's own: reads, searches, exports, denials and the audit itself ---
# Translators: "audit event" labels name what happened, as a line of the audit log ("Agency edited"), where
# the same Vietnamese words elsewhere are a page's title or a button ("Edit agency"). Each app's
# audit_events.py uses it.
RECORD_READ = register("record.read", _("Xem hồ sơ nhạy cảm"))
SEARCH = register(
    "search", pgettext_lazy("audit event", "Tìm kiếm"), fields=["results", "api"], searches=["q"]
)
# `criteria` are the export's filters without the search text, which goes to `q` (older events kept all the
# filters, search text included, in `filters`: shown only with the object, like any undeclared key).
EXPORT = register("export", _("Xuất dữ liệu"), fields=["format", "criteria", "rows"], searches=["q"])
ACCESS_DENIED = register("access.denied", _("Truy cập bị từ chối"), fields=["attempted", "path"])
AUDIT_CHECKPOINT = register(
    "audit.checkpoint", _("Ký điểm kiểm tra chuỗi nhật ký"), fields=["seq", "head_hash"]
)
AUDIT_PRUNE = register(
    "audit.prune", _("Xóa nhật ký hết thời hạn lưu"), fields=["through_seq", "anchor_hash", "count", "before"]
)
AUDIT_VERIFY = register(
    "audit.verify",
    _("Kiểm tra tính toàn vẹn nhật ký"),
    fields=["checked", "first_bad_seq", "problem", "head_seq", "covered_seq", "copy_lines"],
)
