"""The documents app's notifications, rendered when read (notify/messages.py): a paper waits for a leader's
signature, or for the clerk to number and issue it — named by its case's number, only to a reader who may
still see the case."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.core.readtime import Params
from phoihop.notify.messages import register_message


def _number(p: Params) -> str:
    case = p.obj("case")
    # Translators: in place of a case's number, in a notification, when the reader may no longer see the case
    return case.number if case is not None else _("(không còn xem được)")


def _to_sign(p: Params) -> str:
    return _("Văn bản dự thảo chờ lãnh đạo ký trong hồ sơ %(number)s") % {"number": _number(p)}


def _to_issue(p: Params) -> str:
    return _("Văn bản đã ký chờ văn thư cấp số, ban hành trong hồ sơ %(number)s") % {"number": _number(p)}


register_message("paper_to_sign", _to_sign, case="case")
register_message("paper_to_issue", _to_issue, case="case")
