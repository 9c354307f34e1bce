"""App config of the discipline kind (thông báo thi hành kỷ luật): registers its spec with the case engine
and, like every kind app, its access rules, audit event types, timeline lines, reminders, demo and synth
loaders and menu entries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DisciplineConfig(AppConfig):
    name = "phoihop.discipline"
    label = "discipline"
    verbose_name = _("Thông báo thi hành kỷ luật")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phoihop.cases.kinds import register_kind
        from phoihop.discipline import access_rules, audit_events, history  # noqa: F401
        from phoihop.discipline.kind import SPEC

        register_kind(SPEC)
        from phoihop.core.loaders import register_synth
        from phoihop.discipline.synth import synth_discipline

        register_synth("discipline", synth_discipline, help="số thông báo kỷ luật hư cấu", after=["persons"])
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "discipline",
                pgettext_lazy("menu", "Kỷ luật"),
                27,
                "discipline:list",
                icon="bi-exclamation-octagon",
                active_url_names=("list", "new"),
                menu="kinds",
            )
        )
        register(
            NavEntry(
                "admin.discipline_rules",
                _("Quy định kỷ luật"),
                33,
                "discipline:rules",
                role="admin",
                menu="admin",
            )
        )
