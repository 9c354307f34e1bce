"""App config of the consultation kind (hiệp y, xin ý kiến nhân sự): registers its spec with the case engine
and, like every kind app, its access rules, audit event types, timeline lines, demo and synth loaders and
menu entries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsultationsConfig(AppConfig):
    name = "phoihop.consultations"
    label = "consultations"
    verbose_name = _("Hiệp y, xin ý kiến nhân sự")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phoihop.cases.kinds import register_kind
        from phoihop.consultations import access_rules, audit_events, history  # noqa: F401
        from phoihop.consultations.kind import SPEC

        register_kind(SPEC)
        from phoihop.consultations.synth import synth_consultations
        from phoihop.core.loaders import register_synth

        register_synth("consultations", synth_consultations, help="số hồ sơ hiệp y hư cấu", after=["persons"])
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "consultations",
                pgettext_lazy("menu", "Hiệp y nhân sự"),
                28,
                "consultations:list",
                icon="bi-people",
                active_url_names=("list", "new", "answer"),
                menu="kinds",
            )
        )
        register(
            NavEntry(
                "admin.consultation_types",
                _("Loại hiệp y, xin ý kiến"),
                34,
                "consultations:types",
                role="admin",
                menu="admin",
            )
        )
