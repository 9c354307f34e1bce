"""The case timeline, rendered when read: one renderer per code (`TimelineEvent.kind`), registered here for
the engine's codes and by other apps for theirs (the documents app registers `document_added`; a kind app
registers its own with `register_renderer`). The stored row keeps the code and identifiers
(`TimelineEvent.data`); the line is built in the reader's language, and an object the reader may not see (a
document above their clearance, a person they may not see, another case) is named neutrally. Free text (a
reason) is read from the row that owns it: the `StateChange` of a transition or a withdrawal, the `ClockEntry`
of an extension or a pause.

    register_renderer("my_code", render, document="document", due="date")

`render(p)` gets a `core.readtime.Params`: `p.row` (the TimelineEvent, with its case, request and actor),
`p.obj("document")` (the document, or None when the reader may not see it), `p.date("due")`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from phoihop.cases.choices import ClockEntryKind, RequestKind, TeamRole
from phoihop.cases.models import Case, ClockEntry, StateChange, TimelineEvent
from phoihop.core.readtime import Line, Params, Registry, Render, policy_fetch, valid_keys
from phoihop.people.models import Person

TIMELINE = Registry("timeline")


def register_renderer(code: str, render: Render, **params: str) -> None:
    TIMELINE.register_renderer(code, render, **params)


def register_ref(kind: str, fetch: Any) -> None:
    TIMELINE.register_ref(kind, fetch)


def render(events: Iterable[TimelineEvent], reader: Any) -> list[TimelineEvent]:
    """Each event with `line` (its text for this reader, in
    the active language) and `legacy` (old stored text)."""
    events = list(events)
    lines = TIMELINE.render(
        events, reader, code=lambda e: e.kind, params=lambda e: e.data or {}, legacy=lambda e: e.text
    )
    for event, line in zip(events, lines, strict=True):
        setattr(event, "line", line.text)  # noqa: B010  (attributes for the template and the serializer)
        setattr(event, "legacy", line.legacy)  # noqa: B010
        setattr(event, "shown_data", line.shown)  # noqa: B010
    return events


def line(event: TimelineEvent, reader: Any) -> Line:
    return TIMELINE.render(
        [event], reader, code=lambda e: e.kind, params=lambda e: e.data or {}, legacy=lambda e: e.text
    )[0]


# --- References ---------------------------------------------------------------------------------------------


def _users(reader: Any, keys: set[str]) -> dict[str, Any]:
    """Officers named on a case's timeline (its lead, its team) are the ones its page already names to whoever
    sees the case, like the line's actor: their names are shown as the actor's are."""
    from phoihop.core.models import User

    return {str(u.pk): u for u in User.objects.filter(pk__in=valid_keys(User, keys))}


def _by_key(model: Any) -> Any:
    """Rows owned by the event's case or request (a clock entry, a state change): the event already passed the
    policy, and they are read only through it."""

    def fetch(reader: Any, keys: set[str]) -> dict[str, Any]:
        return {str(o.pk): o for o in model.objects.filter(pk__in=valid_keys(model, keys))}

    return fetch


register_ref("user", _users)
register_ref("case", policy_fetch(Case))
register_ref("person", policy_fetch(Person, key="uuid"))
register_ref("clock_entry", _by_key(ClockEntry))
register_ref("state_change", _by_key(StateChange))


# --- The engine's codes
# ---------------------------------------------------------------------------------------


def _agency(p: Params) -> str:
    req = p.row.request
    return req.to_agency.code if req is not None else "—"


def _reason(p: Params, name: str) -> str:
    obj = p.obj(name)
    return obj.reason if obj is not None else "—"


def _user(p: Params, name: str = "user") -> str:
    user = p.obj(name)
    # Translators: an officer the timeline names who no longer exists
    return user.get_full_name() if user is not None else pgettext("timeline", "một cán bộ")


def _opened(p: Params) -> str:
    return _("Mở hồ sơ %(number)s") % {"number": p.row.case.number}


def _request_sent(p: Params) -> str:
    req = p.row.request
    kind = RequestKind(req.kind).label.lower() if req is not None else "—"
    return _("Gửi yêu cầu %(kind)s đến %(agency)s, hạn %(due)s") % {
        "kind": kind,
        "agency": _agency(p),
        "due": p.date("due"),
    }


def _request_received(p: Params) -> str:
    return _("%(agency)s đã nhận yêu cầu") % {"agency": _agency(p)}


def _request_answered(p: Params) -> str:
    return _("%(agency)s đã trả lời yêu cầu") % {"agency": _agency(p)}


def _transition(p: Params) -> str:
    from phoihop.cases.kinds import get_kind, is_kind

    kind = p.row.case.kind
    workflow = get_kind(kind).workflow if is_kind(kind) else None
    steps = workflow.transitions if workflow is not None else ()
    step = next((t for t in steps if t.name == p["transition"]), None) or next(
        (t for t in steps if (t.source, t.target) == (p["source"], p["target"])), None
    )
    if step is not None:
        label = str(step.event_label)
    else:
        state = workflow.states.get(p["target"]) if workflow is not None else None
        # Translators: a case moved to a state (the state's name), when its transition is no longer known
        label = _("Chuyển sang “%(state)s”") % {"state": state or p["target"]}
    reason = _reason(p, "change").strip()
    if not reason:  # a step that asks no reason reads as what happened, without a dangling colon
        return label
    return _("%(label)s: %(reason)s") % {"label": label, "reason": reason}


def _deadline_reason(p: Params) -> str:
    if p["cause"] == "calendar":
        return _("lịch ngày làm việc thay đổi")
    return _reason(p, "entry")


def _deadline_changed(p: Params) -> str:
    values = {"old": p.date("old"), "new": p.date("new"), "reason": _deadline_reason(p)}
    if p.row.request is None:
        return _("Hạn xử lý hồ sơ đổi từ %(old)s thành %(new)s (%(reason)s)") % values
    return _("Hạn trả lời của %(agency)s đổi từ %(old)s thành %(new)s (%(reason)s)") % {
        **values,
        "agency": _agency(p),
    }


def _subject_added(p: Params) -> str:
    person = p.obj("person")
    if person is None:
        return _("Thêm một người liên quan")
    return _("Thêm người liên quan: %(name)s") % {"name": person.full_name}


def _request_withdrawn(p: Params) -> str:
    return _("Rút yêu cầu gửi %(agency)s: %(reason)s") % {
        "agency": _agency(p),
        "reason": _reason(p, "change"),
    }


def _assigned(p: Params) -> str:
    return _("Giao %(user)s chủ trì hồ sơ") % {"user": _user(p) if p["user"] else "—"}


def _edited(p: Params) -> str:
    return _("Sửa thông tin hồ sơ")


def _clock_paused(p: Params) -> str:
    return _("Tạm dừng tính hạn yêu cầu gửi %(agency)s (còn %(n)d ngày): %(reason)s") % {
        "agency": _agency(p),
        "n": int(p["remaining"] or 0),
        "reason": _reason(p, "entry"),
    }


def _linked(p: Params) -> str:
    other = p.obj("case")
    if other is None:
        return _("Liên kết với một hồ sơ khác")
    return _("Liên kết với hồ sơ %(number)s") % {"number": other.number}


def _viewed(p: Params) -> str:
    actor = p.row.actor
    return _("%(user)s đã xem hồ sơ") % {"user": actor.get_full_name() if actor else "—"}


def _case_clock(event: str) -> Render:
    def render(p: Params) -> str:
        entry = p.obj("entry")
        if event == ClockEntryKind.EXTEND and entry is not None and entry.decision:
            label = _("gia hạn theo quyết định %(decision)s") % {"decision": entry.decision}
        elif event == ClockEntryKind.EXTEND:
            label = pgettext("deadline event", "gia hạn")
        elif event == ClockEntryKind.PAUSE:
            label = _("tạm dừng tính hạn")
        else:
            label = _("tiếp tục tính hạn")
        values = {"label": label, "old": p.date("old"), "new": p.date("new")}
        if entry is not None and entry.reason:
            return _("Hạn xử lý hồ sơ: %(label)s (hạn %(old)s → %(new)s): %(reason)s") % {
                **values,
                "reason": entry.reason,
            }
        return _("Hạn xử lý hồ sơ: %(label)s (hạn %(old)s → %(new)s)") % values

    return render


def _team_added(p: Params) -> str:
    role = TeamRole(p["role"]).label if p["role"] in TeamRole.values else p["role"]
    return _("Thêm %(user)s vào tổ xử lý hồ sơ (%(role)s)") % {"user": _user(p), "role": role}


def _team_removed(p: Params) -> str:
    return _("Đưa %(user)s ra khỏi tổ xử lý hồ sơ") % {"user": _user(p)}


def _request_shared(p: Params) -> str:
    if p["shared"]:
        text = _("Chia sẻ yêu cầu gửi %(agency)s và trả lời với cơ quan cùng xử lý")
    else:
        text = _("Thôi chia sẻ yêu cầu gửi %(agency)s và trả lời với cơ quan cùng xử lý")
    return text % {"agency": _agency(p)}


register_renderer("opened", _opened)
register_renderer("request_sent", _request_sent, due="date")
register_renderer("request_received", _request_received)
register_renderer("request_answered", _request_answered)
register_renderer(
    "transition", _transition, transition="code", source="code", target="code", change="state_change"
)
register_renderer(
    "deadline_changed", _deadline_changed, old="date", new="date", cause="code", entry="clock_entry"
)
register_renderer("subject_added", _subject_added, person="person")
register_renderer("request_withdrawn", _request_withdrawn, change="state_change")
register_renderer("assigned", _assigned, user="user")
register_renderer("edited", _edited, fields="codes")
register_renderer("clock_paused", _clock_paused, remaining="int", entry="clock_entry")
register_renderer("linked", _linked, case="case")
register_renderer("viewed", _viewed)
for _event in ClockEntryKind.values:
    register_renderer(
        f"case_deadline_{_event}", _case_clock(_event), old="date", new="date", entry="clock_entry"
    )
register_renderer(
    "case_deadline_start",
    lambda p: _("Bắt đầu tính hạn xử lý hồ sơ: hạn %(new)s") % {"new": p.date("new")},
    new="date",
    old="date",
    entry="clock_entry",
)
register_renderer("team_added", _team_added, user="user", role="code")
register_renderer("team_removed", _team_removed, user="user")
register_renderer("request_shared", _request_shared, shared="bool")
