"""App config of the vetting kind (thẩm định tiêu chuẩn chính trị): registers its spec with the case engine
and, like every kind app, its access rules, audit event types, timeline lines, demo and synth loaders and menu
entries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VettingConfig(AppConfig):
    name = "phoihop.vetting"
    label = "vetting"
    verbose_name = _("Thẩm định tiêu chuẩn chính trị")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phoihop.cases.kinds import register_kind
        from phoihop.vetting import access_rules, audit_events, history  # noqa: F401
        from phoihop.vetting.kind import SPEC

        register_kind(SPEC)
        from phoihop.core.loaders import register_synth
        from phoihop.vetting.synth import synth_vetting

        register_synth("vetting", synth_vetting, help="số hồ sơ thẩm định hư cấu", after=["persons"])
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "vetting",
                pgettext_lazy("menu", "Thẩm định"),
                26,
                "vetting:list",
                icon="bi-shield-check",
                active_url_names=("list", "new", "batches", "batch", "dispatches", "dispatch"),
                menu="kinds",
            )
        )
        register(
            NavEntry(
                "admin.vetting_rules",
                _("Quy định thẩm định"),
                32,
                "vetting:rules",
                role="admin",
                menu="admin",
            )
        )
