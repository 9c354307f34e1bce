"""App config of the general-coordination kind: registers its spec with the case engine (the example to
copy)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeneralConfig(AppConfig):
    name = "phoihop.general"
    label = "general"
    verbose_name = _("Phối hợp chung")

    def ready(self) -> None:
        from phoihop.cases.kinds import register_kind
        from phoihop.general.kind import SPEC

        register_kind(SPEC)
