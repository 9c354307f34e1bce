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

        # Every form and serializer text field, in every app, refuses control characters (phoihop/textsafety.py).
        textsafety.install()
        # The database cache (shared by every process when there is no Redis) is a table of its own: `migrate`
        # creates it, so `make run`, a deployment's `phoihop migrate` and the test database all have it.
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="phoihop_create_cache_table")


def _create_cache_table(
    sender: AppConfig, using: str = "default", verbosity: int = 1, **kwargs: object
) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
