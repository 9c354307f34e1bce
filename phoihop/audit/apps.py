"""App config for audit: the append-only, hash-chained record of every sensitive action."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "phoihop.audit"
    label = "audit"
    verbose_name = _("Nhật ký kiểm tra")

    def ready(self) -> None:
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "audit",
                _("Nhật ký kiểm tra"),
                90,
                "audit:event_list",
                icon="bi-journal-check",
                role="auditor",
                active_app="audit",
            )
        )
