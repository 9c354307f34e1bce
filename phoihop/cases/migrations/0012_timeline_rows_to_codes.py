"""Timeline rows written as text become codes and identifiers (cases/history.py renders them when read).

What each old row needs is mostly in its `data` already; a reason moves to the row that owns it (a `StateChange`
for a transition or a withdrawal; the `ClockEntry` of an extension or a pause, found by its reason). A row that
cannot be converted with certainty (its text was written in another language, its reason or its document cannot
be found) keeps its text and is shown as it was, marked as an old line: no history is lost. Reversing restores
nothing (the old text of converted rows is rebuilt when read) and is allowed."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import migrations

SIMPLE = {"opened", "viewed", "edited", "team_added", "team_removed"}
ON_REQUEST = {"request_sent", "request_received", "request_answered", "request_shared"}
KEYS = {
    "request_sent": {"due"},
    "edited": {"fields"},
    "team_added": {"user", "role"},
    "team_removed": {"user"},
    "request_shared": {"shared"},
    "subject_added": {"person"},
    "transition": {"source", "target"},
    "deadline_changed": {"old", "new"},
    "case_deadline_extend": {"old", "new"},
    "case_deadline_pause": {"old", "new"},
    "case_deadline_resume": {"old", "new"},
}
CALENDAR = "(lịch ngày làm việc thay đổi)"
PAUSED = re.compile(r"^Tạm dừng tính hạn yêu cầu gửi .+ \(còn (\d+) ngày\): (.*)$", re.S)


def _after(text, prefix_re):
    match = re.match(prefix_re, text, re.S)
    return match.group(1) if match else None


def convert(apps, schema_editor):
    TimelineEvent = apps.get_model("cases", "TimelineEvent")
    StateChange = apps.get_model("cases", "StateChange")
    ClockEntry = apps.get_model("cases", "ClockEntry")
    Case = apps.get_model("cases", "Case")
    Document = apps.get_model("documents", "Document")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    def entry_by_reason(event, kind, reason):
        owner = (
            {"clock__request_id": event.request_id} if event.request_id else {"clock__case_id": event.case_id}
        )
        found = list(
            ClockEntry.objects.filter(kind=kind, reason=reason, **owner)
            .order_by("-id")
            .values_list("pk", flat=True)[:1]
        )
        return found[0] if found else None

    def entry_near(event, kind):
        entries = ClockEntry.objects.filter(
            clock__case_id=event.case_id,
            kind=kind,
            at__gte=event.at - timedelta(minutes=1),
            at__lte=event.at + timedelta(minutes=1),
        )
        best = min(entries, key=lambda e: abs((e.at - event.at).total_seconds()), default=None)
        return best.pk if best is not None else None

    def state_change(event, reason, **fields):
        change = StateChange.objects.create(
            case_id=event.case_id, reason=reason, actor_id=event.actor_id, **fields
        )
        StateChange.objects.filter(pk=change.pk).update(at=event.at)
        return change.pk

    for event in TimelineEvent.objects.exclude(text="").order_by("pk").iterator(chunk_size=500):
        kind, text = event.kind, event.text
        old = dict(event.data or {})
        data = {k: v for k, v in old.items() if k in KEYS.get(kind, set()) and v is not None}
        if not (KEYS.get(kind, set()) - {"role"}) <= old.keys():
            continue  # a row of an older shape: keep its text
        new = None
        if kind in SIMPLE or kind == "subject_added":
            new = data
        elif kind in ON_REQUEST:
            new = data if event.request_id else None
        elif kind == "transition":
            reason = text.split(": ", 1)[1] if ": " in text else None
            if reason is not None and data.get("source") and data.get("target"):
                change = state_change(event, reason, name="", source=data["source"], target=data["target"])
                new = {**data, "change": change}
        elif kind == "request_withdrawn":
            reason = _after(text, r"^Rút yêu cầu gửi [^:]+: (.*)$")
            if reason is not None and event.request_id:
                change = state_change(
                    event, reason, request_id=event.request_id, name="withdraw", target="withdrawn"
                )
                new = {"change": change}
        elif kind == "deadline_changed":
            if text.endswith(CALENDAR):
                new = {**data, "cause": "calendar"}
            elif " (" in text and text.endswith(")"):
                reason = text[text.index(" (", text.index(" thành ")) + 2 : -1] if " thành " in text else None
                entry = None
                for entry_kind in ("extend", "resume"):
                    entry = entry or (reason and entry_by_reason(event, entry_kind, reason))
                if entry:
                    new = {**data, "entry": entry}
        elif kind == "clock_paused":
            match = PAUSED.match(text)
            entry = entry_by_reason(event, "pause", match.group(2)) if match and event.request_id else None
            if entry:
                new = {"remaining": int(match.group(1)), "entry": entry}
        elif kind.startswith("case_deadline_"):
            entry = entry_near(event, kind.removeprefix("case_deadline_"))
            new = {**data, "entry": entry} if entry else data
        elif kind == "linked":
            number = _after(text, r"^Liên kết với hồ sơ (\S+)$")
            other = (
                Case.objects.filter(number=number).values_list("pk", flat=True).first() if number else None
            )
            if other:
                new = {"case": str(other)}
        elif kind == "assigned":
            name = _after(text, r"^Giao (.+) chủ trì hồ sơ$")
            lead = Case.objects.filter(pk=event.case_id).values_list("lead_officer_id", flat=True).first()
            user = User.objects.filter(pk=lead).first() if lead else None
            if name and user is not None and name in (user.full_name, user.username):
                new = {"user": str(user.pk)}
        elif kind == "document_added":
            title = _after(text, r"^Đính kèm tài liệu: (.*)$")
            version = 1
            if title is not None and (m := re.match(r"^(.*) \(v(\d+)\)$", title, re.S)):
                candidates = list(
                    Document.objects.filter(case_id=event.case_id, title=m.group(1)).values_list(
                        "pk", flat=True
                    )[:2]
                )
                if len(candidates) == 1:
                    title, version = m.group(1), int(m.group(2))
            if title is not None:
                found = list(
                    Document.objects.filter(case_id=event.case_id, title=title).values_list("pk", flat=True)[
                        :2
                    ]
                )
                if len(found) == 1:
                    new = {"document": str(found[0]), "version": version}
        if new is not None:
            TimelineEvent.objects.filter(pk=event.pk).update(text="", data=new)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_history_codes"),
        ("documents", "0004_request_carried_documents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
