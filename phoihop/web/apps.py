"""App config for web: base layout, navigation, static assets, error pages."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phoihop.web"
    label = "web"
