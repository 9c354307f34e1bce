"""App config of the letters kind (đơn thư): registers its spec with the case engine and, like every kind
app, its access rules, audit event types, timeline lines, demo and synth loaders and menu entries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LettersConfig(AppConfig):
    name = "phoihop.letters"
    label = "letters"
    verbose_name = _("Đơn thư")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phoihop.cases.kinds import register_kind
        from phoihop.letters import access_rules, audit_events, history  # noqa: F401
        from phoihop.letters.kind import SPEC

        register_kind(SPEC)
        from phoihop.core.loaders import register_synth
        from phoihop.letters.synth import synth_letters

        # the demo runs with every kind's (its spec's `demo`, from the cases loader)
        register_synth("letters", synth_letters, help="số đơn thư hư cấu", after=["persons"])
        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "letters",
                pgettext_lazy("menu", "Đơn thư"),
                25,
                "letters:register",
                icon="bi-envelope-paper",
                active_url_names=("register", "intake", "classify", "vault", "transfers", "rules"),
                menu="kinds",
            )
        )
        register(
            NavEntry(
                "admin.letter_rules", _("Quy định đơn thư"), 31, "letters:rules", role="admin", menu="admin"
            )
        )
