"""App config for notify: in-app notifications and reminder sweeps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "phoihop.notify"
    label = "notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from phoihop.notify import access_rules  # noqa: F401
