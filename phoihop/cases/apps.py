"""App config for cases: the case engine shared by every case kind (kinds register themselves:
cases/kinds.py)."""

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = _("Hồ sơ vụ việc")

    def ready(self) -> None:
        from phoihop.cases import access_rules, audit_events, deadlines, history, notices  # noqa: F401

        # Each kind app validates its spec when it registers it (in its own ready(), after this one); the
        # check sees the registry once every app is ready (`manage.py check`, `migrate`, `runserver`, `phoihop
        # serve`).
        checks.register(kinds_check)
        from phoihop.cases.search_sources import register_sources

        register_sources()
        from phoihop.cases.demo import demo_cases
        from phoihop.cases.synth import synth_cases
        from phoihop.core.loaders import register_demo, register_synth

        register_demo("cases", demo_cases, after=["people"])
        register_synth("cases", synth_cases, help="số hồ sơ phối hợp chung hư cấu", after=["persons"])
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "cases",
                _("Hồ sơ"),
                20,
                "cases:case_list",
                icon="bi-folder2",
                active_url_names=(
                    "case_list",
                    "case_detail",
                    "case_create",
                    "case_edit",
                    "case_documents",
                    "document_detail",
                ),
            )
        )
        # the kind apps' registers (letters, vetting, and the kinds to come) under one menu: one entry per
        # kind on the top bar would not fit a 1366 px screen
        register(NavEntry("kinds", pgettext_lazy("menu", "Nghiệp vụ"), 25, icon="bi-journal-check"))
        register(
            NavEntry(
                "requests",
                _("Yêu cầu đến"),
                40,
                "cases:request_inbox",
                icon="bi-envelope",
                active_url_names=("request_inbox", "request_detail"),
            )
        )
        register(
            NavEntry(
                "admin.deadline_rules",
                _("Quy tắc thời hạn"),
                30,
                "cases:deadline_rules",
                role="admin",
                menu="admin",
            )
        )


def kinds_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from phoihop.cases.kinds import validate_all

    return [checks.Error(problem, id="cases.E001") for problem in validate_all()]
