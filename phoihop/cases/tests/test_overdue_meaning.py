"""One meaning of "open", "due soon" and "overdue" (issue 13 §2, docs/deadlines.md): on one fixture, the home
page, the API filters, the inbox, the reminders, the case list and the case pages all name the same things."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.reminders import send_reminders
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.notify.models import Notification

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 15)  # Mon; three working days ahead is Thu 18/3


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def _login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def fixture(hub, on_day, settings):
    settings.DUE_SOON_DAYS = 3
    police = AgencyFactory(code="CA")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    leader = UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=2)
    liaison = UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=2)

    def send(case, days, reason=""):
        return services.request_send(
            actor=officer, case=case, to_agency=police, kind="verify", body="Y", days=days
        )

    on_day(date(2027, 1, 4))
    own_late = services.case_open(actor=officer, title="Hạn hồ sơ đã qua")  # due 22/2
    own_late_paused = services.case_open(actor=officer, title="Hạn đã qua nhưng đang tạm dừng")
    concluded = services.case_open(actor=officer, title="Đã kết luận, hạn đã qua")
    services.case_transition(actor=leader, case=concluded, name="conclude", reason="Xong")
    on_day(date(2027, 2, 1))
    services.case_pause(actor=leader, case=own_late_paused, reason="Chờ")
    on_day(date(2027, 3, 1))
    late_request_case = services.case_open(actor=officer, title="Có yêu cầu quá hạn")  # own due 12/4
    quiet = services.case_open(actor=officer, title="Yêu cầu quá hạn đã trả lời hoặc tạm dừng")
    soon_case = services.case_open(actor=officer, title="Có yêu cầu sắp đến hạn")
    late = send(late_request_case, 5)  # due 8/3
    paused = send(quiet, 5)
    answered = send(quiet, 5)
    services.request_respond(actor=liaison, req=answered, response="Đã trả lời")
    on_day(date(2027, 3, 3))
    services.request_pause(actor=officer, req=paused, reason="Chờ")
    on_day(date(2027, 3, 11))
    soon = send(soon_case, 5)  # due Thu 18/3: due soon
    later = send(soon_case, 6)  # due Fri 19/3: not yet
    on_day(TODAY)
    return {
        "officer": officer,
        "leader": leader,
        "liaison": liaison,
        "overdue_cases": {late_request_case.pk, own_late.pk},
        "overdue_requests": {late.pk},
        "soon_cases": {soon_case.pk},
        "soon_requests": {soon.pk},
        "all_cases": {
            c.pk for c in (own_late, own_late_paused, concluded, late_request_case, quiet, soon_case)
        },
        "all_requests": {r.pk for r in (late, paused, answered, soon, later)},
    }


def _ids(text, kind):
    return set(re.findall(rf'href="/{kind}/([0-9a-f-]{{36}})/"', text))


def _section(page, key):
    return page.split(f'aria-labelledby="queue-{key}"', 1)[1].split("</section>", 1)[0]


def test_the_querysets_say_it_once(fixture):
    assert set(Case.objects.overdue().values_list("pk", flat=True)) == fixture["overdue_cases"]
    assert set(Case.objects.not_overdue().values_list("pk", flat=True)) == (
        fixture["all_cases"] - fixture["overdue_cases"]
    )
    assert set(Case.objects.due_soon().values_list("pk", flat=True)) == fixture["soon_cases"]
    assert (
        set(CoordinationRequest.objects.overdue().values_list("pk", flat=True)) == fixture["overdue_requests"]
    )
    assert (
        set(CoordinationRequest.objects.due_soon().values_list("pk", flat=True)) == fixture["soon_requests"]
    )
    flags = {c.pk: c.is_overdue for c in Case.objects.with_deadline_flags()}
    assert {pk for pk, late in flags.items() if late} == fixture["overdue_cases"]
    # a page's flags (asked after the fetch, by key) are the annotations' flags, case by case
    names = ("is_overdue", "is_own_overdue", "is_due_soon")
    annotated = {c.pk: tuple(getattr(c, n) for n in names) for c in Case.objects.with_deadline_flags()}
    paged = {c.pk: tuple(getattr(c, n) for n in names) for c in Case.objects.with_page_flags()}
    assert paged == annotated and {pk for pk, f in paged.items() if f[2]} == fixture["soon_cases"]


def test_home_api_inbox_reminders_and_case_pages_agree(fixture):
    str_ids = {k: {str(x) for x in v} for k, v in fixture.items() if isinstance(v, set)}
    officer, liaison = _login(fixture["officer"]), _login(fixture["liaison"])

    home = officer.get("/").content.decode()
    assert _ids(_section(home, "overdue"), "cases") == str_ids["overdue_cases"]
    assert _ids(_section(home, "overdue"), "requests") == str_ids["overdue_requests"]
    assert _ids(_section(home, "due_soon"), "cases") == str_ids["soon_cases"]
    assert _ids(_section(home, "due_soon"), "requests") == str_ids["soon_requests"]

    api_late = officer.get("/api/v1/cases/?overdue=true").json()["results"]
    api_on_time = officer.get("/api/v1/cases/?overdue=false").json()["results"]
    assert {c["id"] for c in api_late} == str_ids["overdue_cases"] and all(c["overdue"] for c in api_late)
    assert {c["id"] for c in api_on_time} == str_ids["all_cases"] - str_ids["overdue_cases"]  # cases kept
    assert {c["id"] for c in officer.get("/api/v1/cases/?due_soon=true").json()["results"]} == str_ids[
        "soon_cases"
    ]
    inbox_api = liaison.get("/api/v1/requests/?overdue=true").json()["results"]
    assert {r["id"] for r in inbox_api} == str_ids["overdue_requests"]
    assert {r["id"] for r in liaison.get("/api/v1/requests/?due_soon=true").json()["results"]} == str_ids[
        "soon_requests"
    ]

    inbox = liaison.get("/requests/").content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", inbox, re.S)
    assert {i for row in rows if "deadline-overdue" in row for i in _ids(row, "requests")} == str_ids[
        "overdue_requests"
    ]
    assert {i for row in rows if "deadline-due-soon" in row for i in _ids(row, "requests")} == str_ids[
        "soon_requests"
    ]

    listed = officer.get("/cases/?overdue=on").content.decode()
    assert _ids(listed, "cases") == str_ids["overdue_cases"]
    for pk in str_ids["all_cases"]:
        page = officer.get(f"/cases/{pk}/").content.decode()
        badge = page.split('id="case-due"', 1)[1].split("</dd>", 1)[0] if 'id="case-due"' in page else ""
        assert ("deadline-overdue" in badge) == (pk in str_ids["overdue_cases"]), pk

    send_reminders()
    told_late = Notification.objects.filter(user=fixture["officer"], code__endswith="_overdue")
    late_links = {n.link for n in told_late}
    late_cases = {link.split("/")[2] for link in late_links if link.startswith("/cases/")}
    late_requests = {link.split("/")[2] for link in late_links if link.startswith("/requests/")}
    late_cases |= {str(CoordinationRequest.objects.get(pk=pk).case_id) for pk in late_requests}
    assert late_requests == str_ids["overdue_requests"] and late_cases == str_ids["overdue_cases"]
    told_soon = Notification.objects.filter(user=fixture["liaison"], code__endswith="_due_soon")
    assert {n.link.split("/")[2] for n in told_soon} == str_ids["soon_requests"]


def test_due_soon_counts_working_days_for_working_day_deadlines(hub, on_day, settings):
    settings.DUE_SOON_DAYS = 3
    police = AgencyFactory(code="CA")
    officer = UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)
    on_day(date(2027, 3, 5))  # Fri
    case = services.case_open(actor=officer, title="Cuối tuần")
    working = services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Y", days=3
    )
    calendar = services.request_send(
        actor=officer, case=case, to_agency=police, kind="verify", body="Y", days=5, unit="calendar"
    )
    assert (working.due_on, calendar.due_on) == (date(2027, 3, 10), date(2027, 3, 10))
    # Three working days from Friday reach Wednesday; three calendar days only Monday.
    assert set(CoordinationRequest.objects.due_soon()) == {working}
    settings.DUE_SOON_DAYS = 5
    assert set(CoordinationRequest.objects.due_soon()) == {working, calendar}
    # An agency's own day off inside the window lengthens its window.
    settings.DUE_SOON_DAYS = 2
    assert not CoordinationRequest.objects.due_soon().exists()
    from phoihop.core import services as core_services

    admin = UserFactory(username="qt", agency=hub, roles=["admin"], clearance=3)
    core_services.calendar_day_add(
        actor=admin, day=date(2027, 3, 8), kind="off", name="Nghỉ riêng", agency=police
    )
    working.refresh_from_db()
    assert working.due_on == date(2027, 3, 11)
    assert not CoordinationRequest.objects.due_soon().exists()  # Fri + 2 working days of CA = Wed 10/3
    settings.DUE_SOON_DAYS = 3
    assert set(CoordinationRequest.objects.due_soon()) == {working}
