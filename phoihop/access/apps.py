"""App config for access: the single need-to-know policy."""

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "phoihop.access"
    label = "access"
