from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "phoihop.people"
    label = "people"
    verbose_name = "Nhân sự"

    def ready(self) -> None:
        from phoihop.people import access_rules, audit_events, notices  # noqa: F401  (rules, event types, notifications)
        from phoihop.people.search_sources import register_sources

        register_sources()
        from phoihop.core.loaders import register_demo, register_synth
        from phoihop.people.demo import demo_people
        from phoihop.people.synth import synth_persons

        register_demo("people", demo_people)
        register_synth("persons", synth_persons, help="số cán bộ, đảng viên hư cấu")
        from django.utils.translation import gettext_lazy as _
        from django.utils.translation import pgettext_lazy

        from phoihop.navigation import NavEntry, register

        register(
            NavEntry(
                "people",
                pgettext_lazy("menu", "Cán bộ, đảng viên"),
                30,
                "people:person_list",
                icon="bi-people",
                active_app="people",
            )
        )
        register(
            NavEntry(
                "admin.registration_bases",
                _("Căn cứ đăng ký"),
                40,
                "people:registration_bases",
                role="admin",
                menu="admin",
            )
        )
