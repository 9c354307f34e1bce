"""How the letters kind's timeline lines and notifications read (registered with cases/history.py and
notify/messages.py): in the reader's language, an agency by its code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.cases.history import register_ref, register_renderer
from phoihop.core.models import Agency
from phoihop.core.readtime import Params, policy_fetch
from phoihop.letters.choices import Finding, MatchKind
from phoihop.notify.messages import register_message

register_ref("agency", policy_fetch(Agency))


def _agency(p: Params) -> str:
    agency = p.obj("agency")
    return agency.code if agency is not None else "—"


def _received(p: Params) -> str:
    return _("Tiếp nhận đơn: %(n)s nội dung, %(r)s đơn liên quan được phát hiện") % {
        "n": p["allegations"],
        "r": p["related"],
    }


def _match(p: Params) -> str:
    kind = MatchKind(p["kind"]).label if p["kind"] in MatchKind.values else p["kind"]
    if p["linked"] in (True, "True"):
        return _("Liên kết đơn liên quan (%(kind)s)") % {"kind": kind}
    return _("Xác định đơn được phát hiện là không liên quan (%(kind)s)") % {"kind": kind}


def _explanation(p: Params) -> str:
    return _("Ghi nhận giải trình của người bị phản ánh (ngày %(day)s)") % {"day": p.date("given_on")}


def _allegation(p: Params) -> str:
    finding = Finding(p["finding"]).label if p["finding"] in Finding.values else p["finding"]
    return _("Kết luận nội dung %(n)s: %(finding)s") % {"n": p["position"], "finding": finding}


def _transfer_received(p: Params) -> str:
    return _("%(agency)s đã tiếp nhận đơn được chuyển") % {"agency": _agency(p)}


def _result(p: Params) -> str:
    return _("%(agency)s đã kết luận đơn được chuyển; kết quả từng nội dung ở mục Đơn thư") % {
        "agency": _agency(p)
    }


register_renderer("letter_received", _received, allegations="int", related="int")
register_renderer("letter_match", _match, kind="code", linked="bool")
register_renderer("letter_explanation", _explanation, given_on="date")
register_renderer("letter_allegation", _allegation, position="int", finding="code")
register_renderer("letter_transfer_received", _transfer_received, agency="agency")
register_renderer("letter_result", _result, agency="agency")


def _transfer_in(p: Params) -> str:
    agency = p.obj("agency")
    return _("Có đơn do %(agency)s chuyển đến, chờ tiếp nhận") % {"agency": agency.code if agency else "—"}


def _result_note(p: Params) -> str:
    agency = p.obj("agency")
    return _("%(agency)s đã có kết quả giải quyết đơn bạn chuyển") % {
        "agency": agency.code if agency else "—"
    }


register_message("letter_transfer_in", _transfer_in, agency="agency")
register_message("letter_result", _result_note, agency="agency")
