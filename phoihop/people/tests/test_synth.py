"""`phoihop synth`: fictional persons in bulk, searchable at once, refused in production mode."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.people import selectors
from phoihop.people.models import Person, Relative

pytestmark = pytest.mark.django_db(transaction=True)  # like the command line: no enclosing transaction


def test_synth_persons_are_searchable_and_fictional(settings):
    settings.DEMO = True
    hub = AgencyFactory(code="BTC", is_hub=True)
    officer = UserFactory(username="cv", agency=hub, roles=["officer"], clearance=3)
    call_command("synth", "--persons", "300", "--relatives", "1", stdout=io.StringIO(), stderr=io.StringIO())
    assert Person.objects.count() == 300 and Relative.objects.filter(relation="father").count() == 300
    assert all(n.startswith("99") for n in Person.objects.values_list("national_id", flat=True))
    family = Person.objects.values_list("full_name", flat=True)
    assert sum(1 for n in family if n.startswith("Nguyễn ")) > 60  # about 38%
    someone = Person.objects.order_by("?").first()
    hits = selectors.person_search(
        officer, f"{selectors.fold_vi(someone.full_name)} {someone.birth_year}", limit=500
    )
    assert someone.pk in [h.person.pk for h in hits.hits]


def test_synth_refuses_production(settings):
    AgencyFactory(code="BTC", is_hub=True)
    settings.DEMO, settings.DEBUG = False, False
    with pytest.raises(CommandError, match="vận hành"):
        call_command("synth", "--persons", "5")


def test_synth_cases_come_from_the_cases_apps_loader_after_the_persons(settings):
    from phoihop.cases.models import Case

    settings.DEMO = True
    hub = AgencyFactory(code="BTC", is_hub=True)
    UserFactory(username="cv", agency=hub, roles=["officer"], clearance=3)
    out = io.StringIO()
    call_command(
        "synth", "--cases", "3", "--persons", "20", "--relatives", "0", stdout=out, stderr=io.StringIO()
    )
    assert Person.objects.count() == 20 and Case.objects.count() == 3
    assert out.getvalue().index("Đã sinh 20 người.") < out.getvalue().index("Đã mở 3 hồ sơ.")
