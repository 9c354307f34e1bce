"""A test-only app (installed only under pytest) whose model exercises every kind of access rule."""

from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "phoihop.access.tests.testapp"
    label = "access_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phoihop.access.tests.testapp import access_rules  # noqa: F401
