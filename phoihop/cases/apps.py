"""App config for cases: the case engine shared by every case kind (kinds register themselves:
cases/kinds.py)."""

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = _("Hồ sơ vụ việc")

    def ready(self) -> None:
        from phoihop.cases import access_rules, deadlines  # noqa: F401

        # Each kind app validates its spec when it registers it (in its own ready(), after this one); the
        # check sees the registry once every app is ready (`manage.py check`, `migrate`, `runserver`, `phoihop
        # serve`).
        checks.register(kinds_check)
        from phoihop.cases.search_sources import register_sources

        register_sources()


def kinds_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from phoihop.cases.kinds import validate_all

    return [checks.Error(problem, id="cases.E001") for problem in validate_all()]
