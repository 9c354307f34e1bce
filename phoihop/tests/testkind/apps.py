"""A test-only case kind (installed only under pytest): registers its spec like any kind app, with a
details model, its own three-state workflow, a deadline step, a request kind, a panel, list columns and an
on-open hook. Nothing in `phoihop/cases/` knows it."""

from django.apps import AppConfig


class TestKindConfig(AppConfig):
    name = "phoihop.tests.testkind"
    label = "testkind"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phoihop.cases.kinds import register_kind
        from phoihop.tests.testkind.kind import SPEC

        register_kind(SPEC)
