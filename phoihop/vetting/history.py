"""How the vetting kind's timeline lines and notifications read (registered with cases/history.py and
notify/messages.py): in the reader's language; purposes and checklist papers by their current labels."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.cases.history import register_ref, register_renderer
from phoihop.core.readtime import Params, policy_fetch
from phoihop.notify.messages import register_message
from phoihop.vetting.choices import Concluder, DossierStatus, FindingGroup, SourceKind, VerifierPlace
from phoihop.vetting.models import ChecklistItem, Purpose

register_ref("vetting_purpose", policy_fetch(Purpose, key="code"))
register_ref("vetting_item", policy_fetch(ChecklistItem))


def _label(choices: type, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value  # type: ignore[attr-defined]


def _opened(p: Params) -> str:
    purpose = p.obj("purpose")
    return _("Mở hồ sơ thẩm định (%(purpose)s); cấp kết luận: %(who)s; %(n)s tài liệu cần có") % {
        "purpose": purpose.label if purpose is not None else "—",
        "who": _label(Concluder, p["concluder"]),
        "n": p["items"],
    }


def _dossier(p: Params) -> str:
    item = p.obj("item")
    return _("Tài liệu “%(item)s”: %(status)s") % {
        "item": item.label if item is not None else "—",
        "status": _label(DossierStatus, p["status"]),
    }


def _finding(p: Params) -> str:
    return _("Ghi kết quả thẩm tra (%(group)s, %(flags)s đánh dấu; nguồn: %(source)s)") % {
        "group": _label(FindingGroup, p["group"]),
        "flags": p["flags"],
        "source": _label(SourceKind, p["source"]),
    }


def _explanation(p: Params) -> str:
    return _("Ghi nhận giải trình của người được thẩm định (ngày %(day)s)") % {"day": p.date("given_on")}


def _verifier(p: Params) -> str:
    return _("Giao người đi xác minh (%(place)s)") % {"place": _label(VerifierPlace, p["place"])}


register_renderer("vetting_opened", _opened, purpose="vetting_purpose", concluder="code", items="int")
register_renderer("vetting_dossier", _dossier, item="vetting_item", status="code")
register_renderer("vetting_finding", _finding, group="code", flags="int", source="code")
register_renderer("vetting_explanation", _explanation, given_on="date")
register_renderer("vetting_verifier", _verifier, place="code")


def _batch_ready(p: Params) -> str:
    return _("Đã tạo xong %(n)s hồ sơ của đợt thẩm định") % {"n": p["created"]}


def _dispatch_in(p: Params) -> str:
    return _("Có yêu cầu thẩm tra theo đợt (%(n)s ứng viên) chờ trả lời") % {"n": p["candidates"]}


def _to_approve(p: Params) -> str:
    return _("Có đề xuất kết luận thẩm định chờ bạn duyệt")


register_message("vetting_batch_ready", _batch_ready, created="int")
register_message("vetting_to_approve", _to_approve, case="case")
register_message("vetting_dispatch_in", _dispatch_in, candidates="int")
