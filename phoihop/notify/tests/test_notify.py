"""Notifications after commit, reminders once per day, and nobody sees another person's notifications."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.reminders import send_reminders
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.notify.messages import line, register_message
from phoihop.notify.models import Notification

pytestmark = pytest.mark.django_db

# A code of these tests' own: a notification says what its renderer makes of its parameters.
register_message("test_note", lambda p: f"Ghi chú số {p['n']}", n="int")


@pytest.fixture
def people(hub):
    police = AgencyFactory(code="CA")
    return {
        "officer": UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=1),
        "leader": UserFactory(username="ld.btc", agency=hub, roles=["leader"], clearance=3),
        "liaison": UserFactory(username="dm.ca", agency=police, roles=["liaison"], clearance=1),
        "low_liaison": UserFactory(username="dm.ca.thap", agency=police, roles=["liaison"], clearance=0),
        "police": police,
    }


def test_recipients_are_told_after_commit_only_if_they_may_see_it(people, django_capture_on_commit_callbacks):
    case = services.case_open(actor=people["officer"], title="Thông báo", classification=1)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_send(
            actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
        )
    told = Notification.objects.get(user=people["liaison"])
    assert told.link == f"/requests/{req.pk}/" and "Yêu cầu phối hợp mới từ BTC" in line(told)
    assert not Notification.objects.filter(
        user=people["low_liaison"]
    ).exists()  # clearance too low: not even told
    with django_capture_on_commit_callbacks(execute=True):
        services.request_respond(actor=people["liaison"], req=req, response="Xong")
    assert Notification.objects.filter(user=people["officer"], kind="case").count() == 1


def test_rolled_back_change_tells_nobody(people):
    case = services.case_open(actor=people["officer"], title="Không thông báo")
    services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
    )
    assert not Notification.objects.exists()  # the test transaction never commits


def test_reminders_once_per_day(people, monkeypatch):
    case = services.case_open(actor=people["officer"], title="Nhắc hạn", classification=1)
    services.request_send(
        actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=1
    )
    assert (
        send_reminders() == 2
    )  # the cleared police liaison and the lead officer (not the uncleared liaison)
    assert send_reminders() == 0
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2099, 1, 5))
    # The request (liaison and lead officer) and, since cases
    # have a clock, the case's own deadline (lead officer).
    assert send_reminders() == 3
    assert "Quá hạn" in line(Notification.objects.filter(user=people["liaison"]).latest("created_at"))


def test_notifications_page_is_private(people):
    from phoihop.notify.services import notify

    notify(users=[people["liaison"]], kind="x", code="test_note", params={"n": 7})
    mine, other = Client(), Client()
    mine.force_login(people["liaison"])
    other.force_login(people["officer"])
    assert "Ghi chú số 7" in mine.get("/notifications/").content.decode()
    assert 'id="notifications-link"' in mine.get("/").content.decode()
    assert "Ghi chú số 7" not in other.get("/notifications/").content.decode()
    mine.post("/notifications/read/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_notifications_api_lists_only_my_own(people):
    from phoihop.notify.services import notify

    notify(users=[people["liaison"]], kind="x", code="test_note", params={"n": 1})
    notify(users=[people["officer"]], kind="x", code="test_note", params={"n": 2})
    client = Client()
    client.force_login(people["liaison"])
    data = client.get("/api/v1/notifications/?unread=true").json()
    assert [n["text"] for n in data["results"]] == ["Ghi chú số 1"]
    other_id = Notification.objects.get(user=people["officer"]).pk
    assert client.get(f"/api/v1/notifications/{other_id}/").status_code == 404
    assert client.post("/api/v1/notifications/read/").json() == {"marked": 1}


def test_email_delivery_is_opt_in_and_carries_no_content(people, settings, mailoutbox):
    from phoihop.notify.services import notify

    people["liaison"].email = "daumoi.ca@sonha.lan"
    people["liaison"].save()
    due = {"from": str(people["officer"].agency_id), "to": str(people["police"].pk), "due": "2027-03-08"}
    notify(users=[people["liaison"]], kind="x", code="request_due_soon", params=due, link="/requests/abc/")
    assert mailoutbox == []
    settings.EMAIL_NOTIFICATIONS = True
    settings.BASE_URL = "https://phoihop.sonha.lan"
    notify(
        users=[people["liaison"], people["officer"]],
        kind="x",
        code="request_due_soon",
        params=due,
        link="/requests/abc/",
    )
    assert len(mailoutbox) == 1  # the officer has no e-mail address
    message = mailoutbox[0]
    assert (
        message.to == ["daumoi.ca@sonha.lan"]
        and message.subject == "[phoihop] Sắp đến hạn: yêu cầu phối hợp BTC → CA, hạn 08/03/2027"
    )
    assert "https://phoihop.sonha.lan/requests/abc/" in message.body


def test_opening_what_a_notification_points_to_marks_it_read(people, django_capture_on_commit_callbacks):
    """Issue 13: notifications stayed unread after the user
    had opened and answered the request they point to."""
    case = services.case_open(actor=people["officer"], title="Đọc thông báo", classification=1)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_send(
            actor=people["officer"], case=case, to_agency=people["police"], kind="verify", body="Y", days=5
        )
    other = services.case_open(actor=people["officer"], title="Khác")
    Notification.objects.create(
        user=people["liaison"], kind="request", code="test_note", params={"n": 3}, link=f"/cases/{other.pk}/"
    )
    client = Client()
    client.force_login(people["liaison"])
    assert client.get("/").status_code == 200
    assert Notification.objects.filter(user=people["liaison"], read_at__isnull=True).count() == 2
    missing = client.get(f"/cases/{other.pk}/")  # not the liaison's to see: the notification stays unread
    assert missing.status_code == 404
    page = client.get(f"/requests/{req.pk}/")
    assert page.status_code == 200
    told = Notification.objects.get(user=people["liaison"], link=f"/requests/{req.pk}/")
    assert told.read_at is not None
    assert Notification.objects.get(link=f"/cases/{other.pk}/").read_at is None
    assert 'id="notifications-link"' in page.content.decode()
    assert ">1</span></a>" in page.content.decode().replace(
        "\n", ""
    )  # the bell already counts only the other one


def test_a_notification_about_what_the_reader_may_no_longer_see_has_no_link(people):
    """The line names the case neutrally, and the link (which holds the case's id) is not shown either."""
    from django.urls import reverse

    from phoihop.notify.services import notify

    case = services.case_open(actor=people["officer"], title="Hồ sơ riêng của Ban")
    link = reverse("cases:case_detail", args=[case.pk])
    for user in (people["officer"], people["liaison"]):
        notify(users=[user], kind="case", code="team_added", params={"case": str(case.pk)}, link=link)
    outsider = Client()
    outsider.force_login(people["liaison"])
    row = outsider.get("/api/v1/notifications/").json()["results"][0]
    assert row["link"] == "" and str(case.pk) not in outsider.get("/notifications/").content.decode()
    assert case.number not in row["text"]
    owner = Client()
    owner.force_login(people["officer"])
    assert owner.get("/api/v1/notifications/").json()["results"][0]["link"] == link
    assert Notification.objects.get(user=people["liaison"]).link == link  # the row itself is unchanged
