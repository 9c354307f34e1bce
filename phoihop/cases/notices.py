"""The case engine's notifications, rendered when read (notify/messages.py): codes and identifiers only — an
agency, a case, a due date, a transition's code. A case the reader may no longer see is not named."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.cases.models import Case
from phoihop.core.models import Agency
from phoihop.core.readtime import Params, Render, policy_fetch
from phoihop.notify.messages import register_message, register_ref

register_ref("agency", policy_fetch(Agency))
register_ref("case", policy_fetch(Case))


def _agency(p: Params, name: str = "agency") -> str:
    agency = p.obj(name)
    return agency.code if agency is not None else "—"


def _number(p: Params) -> str:
    case = p.obj("case")
    # Translators: in place of a case's number, in a notification, when the reader may no longer see the case
    return case.number if case is not None else _("(không còn xem được)")


def _request_new(p: Params) -> str:
    return _("Yêu cầu phối hợp mới từ %(agency)s, hạn %(due)s") % {"agency": _agency(p), "due": p.date("due")}


def _case_transition(p: Params) -> str:
    from phoihop.cases.kinds import get_kind, is_kind

    workflow = get_kind(p["kind"]).workflow if is_kind(p["kind"]) else None
    step = workflow.get(p["transition"]) if workflow is not None else None
    label = str(step.event_label) if step is not None else p["transition"]
    return _("Hồ sơ %(number)s: %(label)s") % {"number": _number(p), "label": label}


def _request_answered(p: Params) -> str:
    return _("%(agency)s đã trả lời yêu cầu trong hồ sơ %(number)s") % {
        "agency": _agency(p),
        "number": _number(p),
    }


def _team_added(p: Params) -> str:
    return _("Bạn được phân công vào tổ xử lý hồ sơ %(number)s") % {"number": _number(p)}


def _request_reminder(*, overdue: bool) -> Render:
    def render(p: Params) -> str:
        text = (
            _("Quá hạn: yêu cầu phối hợp %(from)s → %(to)s, hạn %(due)s")
            if overdue
            else _("Sắp đến hạn: yêu cầu phối hợp %(from)s → %(to)s, hạn %(due)s")
        )
        return text % {"from": _agency(p, "from"), "to": _agency(p, "to"), "due": p.date("due")}

    return render


def _case_reminder(*, overdue: bool) -> Render:
    def render(p: Params) -> str:
        text = (
            _("Quá hạn: hồ sơ %(number)s, hạn xử lý %(due)s")
            if overdue
            else _("Sắp đến hạn: hồ sơ %(number)s, hạn xử lý %(due)s")
        )
        return text % {"number": _number(p), "due": p.date("due")}

    return render


register_message("request_new", _request_new, agency="agency", due="date")
register_message("case_transition", _case_transition, case="case", kind="code", transition="code")
register_message("request_answered", _request_answered, agency="agency", case="case")
register_message("team_added", _team_added, case="case")
register_message(
    "request_overdue", _request_reminder(overdue=True), **{"from": "agency", "to": "agency", "due": "date"}
)
register_message(
    "request_due_soon", _request_reminder(overdue=False), **{"from": "agency", "to": "agency", "due": "date"}
)
register_message("case_overdue", _case_reminder(overdue=True), case="case", due="date")
register_message("case_due_soon", _case_reminder(overdue=False), case="case", due="date")
