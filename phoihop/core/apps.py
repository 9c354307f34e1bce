"""App config for core: agencies, users, roles, clearance levels and API tokens."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phoihop.core"
    label = "core"
    verbose_name = _("Cơ quan và người dùng")

    def ready(self) -> None:
        from phoihop import textsafety
        from phoihop.core import access_rules, signals  # noqa: F401  (access rules; sign-in events → audit)
        from phoihop.core.api import schema  # noqa: F401  (OpenAPI security schemes)

        # Every form and serializer text field, in every app, refuses control characters (phoihop/textsafety.py).
        textsafety.install()

