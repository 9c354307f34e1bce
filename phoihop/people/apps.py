from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "phoihop.people"
    label = "people"
    verbose_name = "Nhân sự"

    def ready(self) -> None:
        from phoihop.people import access_rules, notices  # noqa: F401  (registers its rules and notifications)
        from phoihop.people.search_sources import register_sources

        register_sources()
