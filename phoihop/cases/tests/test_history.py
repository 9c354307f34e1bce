"""Issue 14 §2: the timeline and notifications are rendered when read — an English reader reads English, a
Vietnamese reader Vietnamese, from the same stored rows; what the reader may not see is named neutrally; a
page renders in a number of queries that does not grow with its lines; old text rows are converted by the
migration or kept as they were, marked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from phoihop.cases import history, services, timeline
from phoihop.cases.models import TimelineEvent
from phoihop.cases.tests.helpers import login
from phoihop.core.tests.factories import partner_world
from phoihop.notify.models import Notification
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
TITLE = "Vụ Ánh Trăng Khuyết"


@pytest.fixture
def world(hub):
    people = partner_world()
    case = services.case_open(actor=people["owner"], title=TITLE, classification=1)
    return {**people, "case": case}


def _english(client):
    client.cookies["phoihop_language"] = "en"
    return client


def _lines(user, case):
    return [e.line for e in history.render(TimelineEvent.objects.filter(case=case).order_by("id"), user)]


def _story(world, django_capture_on_commit_callbacks):
    case, owner = world["case"], world["owner"]
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_send(
            actor=owner, case=case, to_agency=world["CA"], kind="verify", body="Xác minh", days=5
        )
        services.request_open(actor=world["recipient"], req=req)
        services.request_respond(actor=world["recipient"], req=req, response="Đã xác minh")
        services.case_team_add(actor=owner, case=case, user=world["member"])
        services.case_transition(actor=world["leader"], case=case, name="stop", reason="Chờ chỉ đạo mới")
    return req


def test_english_readers_read_english_and_vietnamese_readers_vietnamese(
    world, django_capture_on_commit_callbacks
):
    _story(world, django_capture_on_commit_callbacks)
    case, owner = world["case"], world["owner"]
    vi = login(owner)
    en = _english(login(owner))
    page_vi = vi.get(f"/cases/{case.pk}/").content.decode()
    page_en = en.get(f"/cases/{case.pk}/").content.decode()
    assert "Mở hồ sơ" in page_vi and "CA đã trả lời yêu cầu" in page_vi and "Chờ chỉ đạo mới" in page_vi
    assert f"Case {case.number} opened" in page_en
    assert "CA answered the request" in page_en and "Mở hồ sơ" not in page_en
    assert "Chờ chỉ đạo mới" in page_en  # the reason is what the person wrote, read from its own row
    api_vi = vi.get(f"/api/v1/cases/{case.pk}/events/").json()
    api_en = en.get(f"/api/v1/cases/{case.pk}/events/").json()
    assert [e["kind"] for e in api_vi] == [e["kind"] for e in api_en]
    assert any("đã trả lời yêu cầu" in e["text"] for e in api_vi)
    assert any("answered the request" in e["text"] for e in api_en)
    assert not any("đã trả lời yêu cầu" in e["text"] for e in api_en)


def test_notifications_in_the_readers_language(world, django_capture_on_commit_callbacks):
    _story(world, django_capture_on_commit_callbacks)
    recipient = world["recipient"]  # told of the new request
    assert Notification.objects.filter(user=recipient, code="request_new").exists()
    vi, en = login(recipient), _english(login(recipient))
    assert "Yêu cầu phối hợp mới từ BTC" in vi.get("/notifications/").content.decode()
    page_en = en.get("/notifications/").content.decode()
    assert "New coordination request from BTC" in page_en and "Yêu cầu phối hợp mới" not in page_en
    api_en = en.get("/api/v1/notifications/").json()["results"]
    assert api_en and all("Yêu cầu" not in n["text"] for n in api_en)
    assert any("New coordination request from BTC" in n["text"] for n in api_en)
    one = en.get(f"/api/v1/notifications/{api_en[0]['id']}/").json()
    assert one["text"] == api_en[0]["text"] and one["code"] == "request_new"
    member = world["member"]  # told of the team
    member_en = _english(login(member)).get("/api/v1/notifications/").json()["results"]
    assert [n["code"] for n in member_en] == ["team_added"] and world["case"].number in member_en[0]["text"]


def test_what_the_reader_may_not_see_is_named_neutrally(world, settings, tmp_path):
    from phoihop.documents.services import document_add

    settings.DATA_DIR = tmp_path
    case, owner, leader = (
        world["case"],
        world["owner"],
        world["leader"],
    )  # owner: Mật (2); leader: Tuyệt mật (3)
    secret = document_add(
        actor=leader, case=case, file_name="a.txt", data=b"x", title="Báo cáo Sao Băng", classification=3
    )
    hidden = make_person(leader, "Hoàng Thị Ẩn Danh", classification=3)
    timeline.subject_added(case, leader, hidden)
    other = services.case_open(actor=world["colleague"], title="Vụ khác", classification=3)
    timeline.linked(case, leader, other)
    seen_by_leader = " | ".join(_lines(leader, case))
    assert "Báo cáo Sao Băng" in seen_by_leader and "Hoàng Thị Ẩn Danh" in seen_by_leader
    seen = " | ".join(_lines(owner, case))
    assert "Báo cáo Sao Băng" not in seen and "Hoàng Thị Ẩn Danh" not in seen and other.number not in seen
    assert "Đính kèm một tài liệu" in seen and "Thêm một người liên quan" in seen
    assert "Liên kết với một hồ sơ khác" in seen
    with translation.override("en"):
        seen_en = " | ".join(_lines(owner, case))
    assert "Attached a document" in seen_en and "Added a person concerned" in seen_en
    api = login(owner).get(f"/api/v1/cases/{case.pk}/events/").content.decode()
    assert str(secret.pk) not in api and str(hidden.uuid) not in api and str(other.pk) not in api
    assert "Báo cáo Sao Băng" not in api and "Hoàng Thị Ẩn Danh" not in api
    assert str(secret.pk) in login(leader).get(f"/api/v1/cases/{case.pk}/events/").content.decode()


def test_the_timeline_renders_in_queries_that_do_not_grow_with_its_lines(
    world, django_capture_on_commit_callbacks
):
    _story(world, django_capture_on_commit_callbacks)
    case, owner = world["case"], world["owner"]
    client = login(owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/cases/{case.pk}/events/").status_code == 200
        return len(queries)

    def more_lines(rounds: int) -> None:  # each kind of object a line can name: a person, an officer, a case
        for _ in range(rounds):
            person = make_person(owner, "Người Thêm Vào")
            timeline.subject_added(case, owner, person)
            timeline.team_added(case, owner, world["member"], "member")
            timeline.linked(case, owner, services.case_open(actor=owner, title="Vụ liên kết"))

    count()  # the first request of a session also saves the session (its start time): not part of the page
    more_lines(1)
    before = count()
    more_lines(5)
    assert TimelineEvent.objects.filter(case=case).count() >= 24
    assert count() == before


def test_old_text_rows_are_converted_or_kept_marked(world):
    """The data migration: rows it can convert become codes; the others keep their text, shown as old."""
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("phoihop.cases.migrations.0012_timeline_rows_to_codes")
    case, owner = world["case"], world["owner"]
    old_view = TimelineEvent.objects.create(case=case, kind="viewed", actor=owner, text="Ai đó đã xem hồ sơ")
    old_edit = TimelineEvent.objects.create(
        case=case, kind="edited", actor=owner, text="Sửa thông tin hồ sơ", data={"fields": ["title"]}
    )
    old_stop = TimelineEvent.objects.create(
        case=case,
        kind="transition",
        actor=owner,
        text="Dừng xử lý: Hết việc",
        data={"source": "open", "target": "withdrawn"},
    )
    unknown = TimelineEvent.objects.create(
        case=case, kind="document_added", actor=owner, text="Đính kèm tài liệu: Không còn tài liệu này"
    )
    migration.convert(django_apps, None)
    for row in (old_view, old_edit, old_stop, unknown):
        row.refresh_from_db()
    assert (old_view.text, old_view.data) == ("", {})
    assert (old_edit.text, old_edit.data) == ("", {"fields": ["title"]})
    assert old_stop.text == "" and old_stop.data["source"] == "open" and "change" in old_stop.data
    assert unknown.text == "Đính kèm tài liệu: Không còn tài liệu này"  # kept as written
    lines = {e.pk: e for e in history.render([old_stop, unknown], owner)}
    assert lines[old_stop.pk].line == "Đã dừng xử lý hồ sơ: Hết việc" and not lines[old_stop.pk].legacy
    assert lines[unknown.pk].legacy
    with translation.override("en"):
        assert history.line(old_stop, owner).text == "Handling stopped: Hết việc"
    page = login(owner).get(f"/cases/{case.pk}/").content.decode()
    assert "bản ghi cũ" in page and "Không còn tài liệu này" in page
