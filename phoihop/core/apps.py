"""App config for core: agencies, users, roles, clearance levels and API tokens."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phoihop.core"
    label = "core"
    verbose_name = _("Cơ quan và người dùng")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from phoihop import textsafety
        from phoihop.core import access_rules, audit_events, signals  # noqa: F401  (rules, event types, sign-ins)
        from phoihop.core.api import schema  # noqa: F401  (OpenAPI security schemes)

        # Every form and serializer text field, in every app,
        # refuses control characters (phoihop/textsafety.py).
        textsafety.install()
        # The database cache (shared by every process when there is no Redis) is a table of its own: `migrate`
        # creates it, so `make run`, a deployment's `phoihop migrate` and the test database all have it.
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="phoihop_create_cache_table")
        # The cached "due soon" windows (core/calendar.py) are forgotten whenever a calendar day changes here.
        from django.db.models.signals import post_delete, post_save

        from phoihop.core.calendar import forget_windows
        from phoihop.core.models import CalendarDay

        post_save.connect(forget_windows, sender=CalendarDay, dispatch_uid="phoihop_calendar_windows_saved")
        post_delete.connect(
            forget_windows, sender=CalendarDay, dispatch_uid="phoihop_calendar_windows_deleted"
        )
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "calendar",
                _("Lịch làm việc"),
                60,
                "calendar",
                icon="bi-calendar3",
                active_url_names=("calendar",),
            )
        )
        # the administration menu, which the other apps' administration pages join
        register(
            NavEntry("admin", _("Quản trị"), 80, icon="bi-gear", role="admin", active_app="administration")
        )
        register(
            NavEntry(
                "admin.agencies",
                _("Cơ quan phối hợp"),
                10,
                "administration:agency_list",
                role="admin",
                menu="admin",
            )
        )
        register(
            NavEntry(
                "admin.users", _("Người dùng"), 20, "administration:user_list", role="admin", menu="admin"
            )
        )


def _create_cache_table(
    sender: AppConfig, using: str = "default", verbosity: int = 1, **kwargs: object
) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
