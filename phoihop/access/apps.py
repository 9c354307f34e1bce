"""App config for access: the single need-to-know policy."""

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "phoihop.access"
    label = "access"

    def ready(self) -> None:
        from phoihop.access import audit_events  # noqa: F401  (registers the access app's audit event types)
