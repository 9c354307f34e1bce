from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "phoihop.search"
    label = "search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from phoihop.search import fulltext  # noqa: F401  (registers phoihop_fold on SQLite connections)
