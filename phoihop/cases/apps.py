"""App config for cases: the case engine shared by every case kind."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = _("Hồ sơ vụ việc")

    def ready(self) -> None:
        from phoihop.cases import access_rules, deadlines, history, notices, workflow  # noqa: F401

        workflow.validate_all()
        from phoihop.cases.search_sources import register_sources

        register_sources()
