"""The people app's notifications, rendered when read (notify/messages.py): identifiers only."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.core.models import Agency
from phoihop.core.readtime import Params, policy_fetch
from phoihop.notify.messages import register_message, register_ref


def _identifier_hold(p: Params) -> str:
    agency = p.obj("agency")
    return _("Cần đối chiếu một số định danh do %(agency)s nhập.") % {
        "agency": agency.code if agency else "—"
    }


register_ref("agency", policy_fetch(Agency))
register_message("identifier_hold", _identifier_hold, agency="agency")
