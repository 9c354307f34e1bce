"""How the discipline kind's timeline lines and notifications read (registered with cases/history.py and
notify/messages.py): in the reader's language; sanctions and bodies by their current labels."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.cases.history import register_ref, register_renderer
from phoihop.core.readtime import Params, policy_fetch
from phoihop.discipline.choices import Origin
from phoihop.discipline.models import NotifyBody, Sanction
from phoihop.notify.messages import register_message

register_ref("discipline_sanction", policy_fetch(Sanction, key="code"))
register_ref("discipline_body", policy_fetch(NotifyBody, key="code"))


def _opened(p: Params) -> str:
    sanction = p.obj("sanction")
    origin = p["origin"]
    return _("Ghi nhận thông báo kỷ luật (%(origin)s): %(sanction)s") % {
        "origin": str(Origin(origin).label) if origin in Origin.values else origin,
        "sanction": sanction.label if sanction is not None else "—",
    }


def _ack(p: Params) -> str:
    body = p.obj("body")
    return _("%(body)s xác nhận đã nắm kỷ luật") % {"body": body.label if body is not None else "—"}


register_renderer("discipline_opened", _opened, origin="code", sanction="discipline_sanction")
register_renderer("discipline_ack", _ack, body="discipline_body")


def _appeal_ending(p: Params) -> str:
    return _("Sắp hết thời hạn khiếu nại kỷ luật (đến %(day)s)") % {"day": p.date("until")}


register_message("discipline_appeal_ending", _appeal_ending, case="case", until="date")
