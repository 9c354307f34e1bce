from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "phoihop.people"
    label = "people"
    verbose_name = "Nhân sự"

    def ready(self) -> None:
        from phoihop.people import access_rules  # noqa: F401  (registers the rules of this app's models)
        from phoihop.people.search_sources import register_sources

        register_sources()
