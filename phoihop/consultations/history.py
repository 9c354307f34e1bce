"""How the consultation kind's timeline lines and notifications read (registered with cases/history.py and
notify/messages.py): in the reader's language; types by their current labels."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.cases.history import register_ref, register_renderer
from phoihop.consultations.choices import Decision
from phoihop.consultations.models import ConsultationType
from phoihop.core.readtime import Params, policy_fetch
from phoihop.notify.messages import register_message

register_ref("consultation_type", policy_fetch(ConsultationType, key="code"))


def _agency(p: Params) -> str:
    req = p.row.request
    return req.to_agency.code if req is not None else "—"


def _opened(p: Params) -> str:
    kind = p.obj("consultation_type")
    return _("Mở hồ sơ %(type)s: %(n)s nhân sự, hỏi ý kiến %(m)s cơ quan") % {
        "type": kind.label if kind is not None else "—",
        "n": p["candidates"],
        "m": p["bodies"],
    }


def _answered(p: Params) -> str:
    return _("%(agency)s cho ý kiến về %(n)s nhân sự") % {"agency": _agency(p), "n": p["candidates"]}


def _silence(p: Params) -> str:
    return _(
        "%(agency)s không trả lời đến hạn %(due)s: ghi nhận nhất trí do im lặng cho %(n)s nhân sự "
        "(theo quy định của loại hồ sơ)"
    ) % {"agency": _agency(p), "due": p.date("due"), "n": p["candidates"]}


def _decided(p: Params) -> str:
    value = p["decision"]
    label = Decision(value).label if value in Decision.values else value
    return _("Ghi nhận quyết định: %(decision)s") % {"decision": label}


register_renderer(
    "consultation_opened", _opened, consultation_type="consultation_type", candidates="int", bodies="int"
)
register_renderer("consultation_answered", _answered, candidates="int")
register_renderer("consultation_silence", _silence, candidates="int", due="date")
register_renderer("consultation_decided", _decided, decision="code")


def _silence_message(p: Params) -> str:
    return _("Hết hạn trả lời hiệp y: đã ghi nhận nhất trí do im lặng (%(n)s ý kiến)") % {"n": p["opinions"]}


register_message("consultation_silence", _silence_message, case="case", opinions="int")
