from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "phoihop.documents"
    label = "documents"
    verbose_name = "Tài liệu"

    def ready(self) -> None:
        from phoihop.documents import access_rules, audit_events, notices  # noqa: F401  (rules, event types, notices)
        from phoihop.documents.search_sources import register_sources

        register_sources()
        from phoihop.documents.history import register as register_history

        register_history()  # its line on the case timeline
        from phoihop.cases.enclosures import EnclosureProvider, register_provider
        from phoihop.documents.services import enclosure_choices, enclosures_attach

        register_provider(EnclosureProvider(choices=enclosure_choices, attach=enclosures_attach))
        from phoihop.core.loaders import register_demo
        from phoihop.documents.demo import demo_documents

        register_demo("documents", demo_documents, after=["cases"])
        from django.utils.translation import gettext_lazy as _

        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "registers",
                _("Sổ văn bản"),
                50,
                "documents:registers",
                url_args=("outgoing",),
                icon="bi-journal-text",
                active_url_names=("registers",),
            )
        )
        register(
            NavEntry(
                "admin.templates",
                _("Mẫu văn bản"),
                50,
                "documents:template_admin",
                role="admin",
                menu="admin",
            )
        )
        register(
            NavEntry(
                "admin.formats",
                _("Thể thức văn bản, nhiệm kỳ"),
                51,
                "documents:formats",
                role="admin",
                menu="admin",
            )
        )
        from django.conf import settings

        from phoihop.documents.crypto import check_key_file

        if (
            not settings.TESTING
        ):  # tests use their own key and data directories (and test this check directly)
            check_key_file()  # a wrong PHOIHOP_ENCRYPTION_KEY stops the start with a clear message
