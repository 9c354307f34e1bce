"""A case page shows the latest lines of its timeline and links to the whole of it, a page at a time (issue
15: a long-running case's timeline must not make its page grow without bound)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phoihop.cases import selectors, services, timeline
from phoihop.cases.tests.helpers import hub_and_police, login

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_the_latest_lines_and_the_timeline_page_all(hub):
    people = hub_and_police(hub, officer_clearance=2)
    case = services.case_open(actor=people["officer"], title="Hồ sơ có diễn biến dài")
    for _ in range(selectors.TIMELINE_ON_CASE_PAGE + 20):
        timeline.record(case, "viewed", people["officer"])
    client = login(people["officer"])
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    shown = html.split('id="timeline"')[1].split("</ol>")[0]
    assert shown.count("<li") == selectors.TIMELINE_ON_CASE_PAGE
    assert 'id="timeline-older"' in html and reverse("cases:case_timeline", args=[case.pk]) in html
    first = client.get(reverse("cases:case_timeline", args=[case.pk]))
    assert first.status_code == 200
    lines = first.content.decode().split('id="timeline"')[1].split("</ol>")[0].count("<li")
    total = case.timeline.count()
    assert lines == min(total, 100)
    if total > 100:
        rest = client.get(reverse("cases:case_timeline", args=[case.pk]) + "?page=2").content.decode()
        assert rest.split('id="timeline"')[1].split("</ol>")[0].count("<li") == total - 100


def test_a_short_timeline_has_no_link_and_outsiders_get_no_timeline(hub):
    people = hub_and_police(hub, officer_clearance=2)
    case = services.case_open(actor=people["officer"], title="Hồ sơ ngắn")
    html = login(people["officer"]).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'id="timeline-older"' not in html
    assert login(people["liaison"]).get(reverse("cases:case_timeline", args=[case.pk])).status_code == 404
