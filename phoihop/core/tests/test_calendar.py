"""Working-day arithmetic across Tết and 2/9, with administrators' overrides, and its audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.audit.models import AuditEvent
from phoihop.core import calendar, services
from phoihop.core.calendar import (
    CalendarError,
    add_calendar_days,
    add_working_days,
    compute_deadline,
    day_info,
)
from phoihop.core.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_tet_2026_is_skipped():
    # Thu 12/02 + 5 working days: Fri 13, then Tết 16–20/02 and the weekends, then 23, 24, 25, 26.
    deadline = add_working_days(date(2026, 2, 12), 5)
    assert deadline.due == date(2026, 2, 26)
    reasons = {d.day: d.reason for d in deadline.skipped}
    assert reasons[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert date(2026, 2, 14) in reasons and date(2026, 2, 22) in reasons  # the weekends around it


def test_tet_2027_is_skipped():
    # Wed 03/02/2027 + 3 working days: Tết runs Thu 04 – Wed 10/02, so 11, 12, then Mon 15.
    assert add_working_days(date(2027, 2, 3), 3).due == date(2027, 2, 15)


def test_national_day_2026_with_adjacent_days_and_make_up_saturday():
    # 31/08 (substituted), 1/9 and 2/9 are off; Saturday 22/08 is a make-up working day.
    assert add_working_days(date(2026, 8, 28), 2).due == date(2026, 9, 4)
    assert add_working_days(date(2026, 8, 21), 1).due == date(2026, 8, 22)
    assert day_info(date(2026, 8, 22)).working and day_info(date(2026, 8, 22)).source == "law"


def test_roll_forward_for_calendar_days():
    deadline = add_calendar_days(date(2026, 2, 10), 7)  # 17/02/2026 is Tết
    assert deadline.due == date(2026, 2, 23)
    assert deadline.skipped[0].day == date(2026, 2, 17)
    assert add_calendar_days(date(2026, 3, 2), 5).due == date(2026, 3, 9)  # Sat 7/3 → Mon 9/3


def test_the_event_day_never_counts_and_zero_days_is_the_same_day():
    assert add_working_days(date(2026, 3, 2), 1).due == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 2), 0).due == date(2026, 3, 2)


def test_override_added_and_removed_changes_the_deadline(admin_user):
    assert add_working_days(date(2026, 8, 28), 2).due == date(2026, 9, 4)
    extra = services.calendar_day_add(
        actor=admin_user, day=date(2026, 9, 3), kind="off", name="Nghỉ bù theo Quyết định 12/QĐ-UBND"
    )
    assert add_working_days(date(2026, 8, 28), 2).due == date(2026, 9, 7)
    services.calendar_day_remove(actor=admin_user, calendar_day=extra)
    assert add_working_days(date(2026, 8, 28), 2).due == date(2026, 9, 4)
    changes = AuditEvent.objects.filter(action="calendar.change").order_by("seq")
    assert [e.payload_data["change"] for e in changes] == ["add", "remove"]


def test_make_up_saturday_override(admin_user):
    services.calendar_day_add(actor=admin_user, day=date(2026, 3, 7), kind="work", name="Làm bù ngày 27/4")
    assert add_working_days(date(2026, 3, 6), 1).due == date(2026, 3, 7)


def test_agency_specific_days_apply_only_to_that_agency(admin_user):
    police = AgencyFactory(code="CA")
    services.calendar_day_add(
        actor=admin_user, day=date(2026, 3, 3), kind="off", name="Ngày truyền thống", agency=police
    )
    assert add_working_days(date(2026, 3, 2), 1).due == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 2), 1, agency=police).due == date(2026, 3, 4)


def test_the_due_soon_window_is_kept_and_forgotten_when_a_day_changes(admin_user, django_assert_num_queries):
    police = AgencyFactory(code="CA")
    first = calendar.working_window_ends(date(2026, 3, 2), 3)
    assert (first.province, first.end_for(police.pk)) == (date(2026, 3, 5), date(2026, 3, 5))
    with django_assert_num_queries(0):  # kept: a list asks several times a page
        assert calendar.working_window_ends(date(2026, 3, 2), 3) == first
    services.calendar_day_add(
        actor=admin_user, day=date(2026, 3, 3), kind="off", name="Ngày truyền thống", agency=police
    )
    again = calendar.working_window_ends(date(2026, 3, 2), 3)  # forgotten at once in this process
    assert (again.province, again.end_for(police.pk)) == (date(2026, 3, 5), date(2026, 3, 6))
    province_day = services.calendar_day_add(actor=admin_user, day=date(2026, 3, 4), kind="off", name="Bão")
    assert calendar.working_window_ends(date(2026, 3, 2), 3).province == date(2026, 3, 6)
    services.calendar_day_remove(actor=admin_user, calendar_day=province_day)
    assert calendar.working_window_ends(date(2026, 3, 2), 3).province == date(2026, 3, 5)


def test_calendar_change_triggers_recalculation(admin_user, monkeypatch):
    seen = []
    monkeypatch.setattr(calendar, "_RECALCULATORS", [lambda days, actor: seen.append((list(days), actor))])
    services.calendar_day_add(actor=admin_user, day=date(2026, 10, 5), kind="off", name="Bão")
    assert seen == [([date(2026, 10, 5)], admin_user)]


@pytest.mark.parametrize(
    ("day", "kind", "name", "field", "message"),
    [
        (date(2026, 2, 17), "off", "Tết", "kind", "vốn đã là ngày nghỉ (Tết Nguyên Đán)"),
        (date(2026, 3, 4), "work", "Làm bù", "kind", "vốn đã là ngày làm việc"),
        (date(2026, 3, 4), "off", "  ", "name", "Cần ghi lý do"),
        (date(1990, 3, 4), "off", "Cũ", "date", "2000–2100"),
        (date(2026, 3, 4), "nghi", "X", "kind", "không hợp lệ"),
    ],
)
def test_bad_overrides_are_refused_in_vietnamese(admin_user, day, kind, name, field, message):
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_add(actor=admin_user, day=day, kind=kind, name=name)
    assert message in " ".join(exc.value.message_dict[field])


def test_duplicate_override_and_non_admin_refused(admin_user, officer):
    services.calendar_day_add(actor=admin_user, day=date(2026, 3, 4), kind="off", name="Bão")
    with pytest.raises(ValidationError, match="đã có điều chỉnh"):
        services.calendar_day_add(actor=admin_user, day=date(2026, 3, 4), kind="off", name="Bão lần hai")
    with pytest.raises(PermissionDenied):
        services.calendar_day_add(actor=officer, day=date(2026, 3, 5), kind="off", name="X")


def test_bad_arguments():
    with pytest.raises(CalendarError):
        compute_deadline(date(2026, 1, 1), 5, "tuần")
    with pytest.raises(CalendarError):
        add_working_days(date(2026, 1, 1), -1)
    with pytest.raises(CalendarError):
        add_working_days(date(2026, 1, 1), 100_000)


def test_year_listing_mixes_law_and_overrides(admin_user):
    services.calendar_day_add(actor=admin_user, day=date(2026, 3, 4), kind="off", name="Bão")
    days = {d.day: d for d in calendar.year_days(2026)}
    assert days[date(2026, 9, 2)].reason == "Quốc khánh" and days[date(2026, 3, 4)].source == "province"
    assert days[date(2026, 8, 22)].working


def test_deadline_api(officer, signed_in):
    client = signed_in(officer)
    data = client.get("/api/v1/calendar/deadline/?start=2026-02-12&days=5&unit=working").json()
    assert data["due"] == "2026-02-26"
    assert {"date": "2026-02-17", "reason": "Tết Nguyên Đán", "source": "law"} in data["skipped"]
    rolled = client.get("/api/v1/calendar/deadline/?start=10/02/2026&days=7&unit=calendar").json()
    assert rolled["due"] == "2026-02-23"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=31/02/2026&days=5", "start"),
        ("start=2026-02-12&days=-1", "days"),
        ("start=2026-02-12&days=5&unit=tuan", "unit"),
        ("days=5", "start"),
        ("start=1990-01-01&days=1", "days"),
    ],
)
def test_deadline_api_bad_input(officer, signed_in, query, field):
    response = signed_in(officer).get(f"/api/v1/calendar/deadline/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ." and field in body["errors"]


def test_calendar_days_api_for_admins_only(admin_user, officer, signed_in):
    admin = signed_in(admin_user)
    created = admin.post(
        "/api/v1/calendar/days/",
        {"date": "2026-10-05", "kind": "off", "name": "Bão số 3"},
        content_type="application/json",
    )
    assert created.status_code == 201
    bad = admin.post(
        "/api/v1/calendar/days/",
        {"date": "2026-02-17", "kind": "off", "name": "Tết"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "vốn đã là ngày nghỉ" in bad.json()["errors"]["kind"][0]
    reader = signed_in(officer)
    listed = reader.get("/api/v1/calendar/days/?year=2026").json()
    assert [d["name"] for d in listed["results"]] == ["Bão số 3"]
    refused = reader.post(
        "/api/v1/calendar/days/",
        {"date": "2026-10-06", "kind": "off", "name": "X"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert reader.delete(f"/api/v1/calendar/days/{created.json()['id']}/").status_code == 403
    assert admin.delete(f"/api/v1/calendar/days/{created.json()['id']}/").status_code == 204


@pytest.mark.parametrize("year", ["0", "-1", "10000", "9" * 30, "2026.5", "4.6e+42", "nam"])
def test_calendar_days_api_year_out_of_range_is_400(officer, signed_in, year):
    """Issue 12 §4: `?year=0` and friends were a 500 (the date lookup cannot build year 0 or 10000)."""
    response = signed_in(officer).get(f"/api/v1/calendar/days/?year={year}")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": {"year": ["Năm phải là số nguyên từ 2000 đến 2100."]},
    }


def test_calendar_page_calculator_and_admin_edit(admin_user, officer, signed_in):
    reader = signed_in(officer)
    page = reader.get("/calendar/?year=2026&start=12/02/2026&days=5&unit=working").content.decode()
    assert "Tết Nguyên Đán" in page and 'id="deadline-result"' in page and "26/02/2026" in page
    assert "Thêm ngày nghỉ hoặc ngày làm bù" not in page
    bad = reader.get("/calendar/?start=31/02/2026&days=5&unit=working").content.decode()
    assert "Nhập một ngày hợp lệ" in bad
    assert (
        reader.post("/admin/calendar/days/", {"date": "05/10/2026", "kind": "off", "name": "Bão"}).status_code
        == 403
    )
    admin = signed_in(admin_user)
    response = admin.post(
        "/admin/calendar/days/", {"date": "05/10/2026", "kind": "off", "name": "Bão số 3"}, follow=True
    )
    html = response.content.decode()
    assert "Đã điều chỉnh lịch ngày 05/10/2026." in html and "Bão số 3" in html
    refused = admin.post(
        "/admin/calendar/days/", {"date": "17/02/2026", "kind": "off", "name": "Tết"}, follow=True
    )
    assert "vốn đã là ngày nghỉ" in refused.content.decode()
