from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "phoihop.documents"
    label = "documents"
    verbose_name = "Tài liệu"

    def ready(self) -> None:
        from phoihop.documents import access_rules  # noqa: F401  (registers the rules of this app's models)
        from phoihop.documents.search_sources import register_sources

        register_sources()
        from phoihop.documents.history import register as register_history

        register_history()  # its line on the case timeline
        from phoihop.cases.enclosures import EnclosureProvider, register_provider
        from phoihop.documents.services import enclosure_choices, enclosures_attach

        register_provider(EnclosureProvider(choices=enclosure_choices, attach=enclosures_attach))
        from django.conf import settings

        from phoihop.documents.crypto import check_key_file

        if (
            not settings.TESTING
        ):  # tests use their own key and data directories (and test this check directly)
            check_key_file()  # a wrong PHOIHOP_ENCRYPTION_KEY stops the start with a clear message
