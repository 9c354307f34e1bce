"""App config for audit: the append-only, hash-chained record of every sensitive action."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "phoihop.audit"
    label = "audit"
    verbose_name = _("Nhật ký kiểm tra")
