"""App config for web: base layout, navigation, static assets, error pages."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phoihop.web"
    label = "web"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from phoihop.navigation import NavEntry, register

        register(
            NavEntry("home", _("Việc của tôi"), 10, "web:home", icon="bi-inbox", active_url_names=("home",))
        )
