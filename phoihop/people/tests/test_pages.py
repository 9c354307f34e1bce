"""People pages and API end to end: search, create with
the duplicate check, reveal (audited), merge, units."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.audit.models import AuditEvent
from phoihop.core.tests.factories import UserFactory
from phoihop.people import services
from phoihop.people.models import Person, PersonMerge
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(hub):
    return UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)


@pytest.fixture
def unit(admin_user):
    return services.unit_create(actor=admin_user, code="CB-TH", name="Chi bộ Tân Hòa", kind="cell")


def test_search_page_finds_accent_free_and_reordered(client, officer):
    make_person(officer, "Nguyễn Văn Đức", birth_year=1975)
    client.force_login(officer)
    for q in ("nguyen van duc", "ĐỨC NGUYỄN", "Nguyen Van Duc 1975"):
        page = client.get("/persons/", {"q": q}).content.decode()
        assert "Nguyễn Văn Đức" in page, q
    assert AuditEvent.objects.filter(action="search", object_type="people.person").count() == 3


def test_create_flags_duplicate_then_saves_when_confirmed(client, officer, unit, member_basis):
    make_person(officer, "Trần Thị Mai", birth_year=1980)
    client.force_login(officer)
    form = {
        "full_name": "Mai Trần Thị",
        "birth_year": "1980",
        "management_level": "none",
        "status": "member",
        "classification": "0",
        "unit": str(unit.pk),
        "basis": str(member_basis.pk),
    }
    first = client.post("/persons/new/", form)
    assert first.status_code == 200 and 'id="duplicate-matches"' in first.content.decode()
    assert "Trùng họ tên và năm sinh" in first.content.decode() and Person.objects.count() == 1
    second = client.post("/persons/new/", {**form, "confirm_distinct": "on"})
    assert second.status_code == 302 and Person.objects.count() == 2


def test_bad_input_gets_vietnamese_errors_not_500(client, officer, member_basis):
    client.force_login(officer)
    base = {
        "management_level": "none",
        "status": "member",
        "classification": "0",
        "basis": str(member_basis.pk),
    }
    page = client.post("/persons/new/", {**base, "full_name": "<script>x</script>", "national_id": "12"})
    text = page.content.decode()
    assert page.status_code == 200 and "12 chữ số" in text and "Họ tên không được chứa" in text
    impossible = client.post("/persons/new/", {**base, "full_name": "Lý Văn Tám", "birth_date": "31/02/1990"})
    assert impossible.status_code == 200 and 'id="id_birth_date_errors"' in impossible.content.decode()
    assert not Person.objects.exists()


def test_sensitive_fields_are_masked_and_reveal_is_audited(client, officer):
    p = make_person(officer, "Lò Văn Páo", birth_year=1969, ethnicity="Thái", religion="Không")
    client.force_login(officer)
    page = client.get(f"/persons/{p.uuid}/").content.decode()
    assert "Thái" not in page and "•••" in page
    assert AuditEvent.objects.filter(action="record.read", object_id=str(p.uuid)).exists()
    shown = client.get(f"/persons/{p.uuid}/?reveal=ethnicity").content.decode()
    assert "Thái" in shown
    assert AuditEvent.objects.filter(action="record.unmask", object_id=str(p.uuid)).count() == 1
    api = client.get(f"/api/v1/persons/{p.uuid}/").json()
    assert api["ethnicity"] == "•••" and api["id"] == str(p.uuid)


def test_list_page_query_count_does_not_grow_with_rows(client, officer, unit):
    for i, given in enumerate(["An", "Bình", "Cường", "Dũng", "Hà"]):
        make_person(officer, f"Phạm Văn {given}", birth_year=1970 + i, unit=unit)
    client.force_login(officer)
    client.get("/persons/")
    with CaptureQueriesContext(connection) as few:
        client.get("/persons/")
    for i, given in enumerate(["Khánh", "Long", "Minh", "Nam", "Phúc", "Quang", "Sơn"]):
        make_person(officer, f"Phạm Văn {given}", birth_year=1980 + i, unit=unit)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/persons/")
    assert len(many) == len(few), [q["sql"] for q in many]
    text = page.content.decode()
    assert text.index("Phạm Văn An") < text.index("Phạm Văn Bình") < text.index("Phạm Văn Sơn")


def test_merge_page_and_undo(client, officer):
    keep = make_person(officer, "Đặng Văn Hưng", birth_year=1966, home_town="Xã Yên Lạc")
    dup = make_person(officer, "Dang Van Hung", birth_year=1966)
    client.force_login(officer)
    listing = client.get(f"/persons/{keep.uuid}/merge/").content.decode()
    assert "Dang Van Hung" in listing
    bad = client.post(
        f"/persons/{keep.uuid}/merge/", {"other": str(keep.uuid), "reason": "Cùng một người thôi"}
    )
    assert "chính nó" in bad.content.decode()
    ok = client.post(
        f"/persons/{keep.uuid}/merge/", {"other": str(dup.uuid), "reason": "Cùng quê, cùng năm sinh, cùng bố"}
    )
    assert ok.status_code == 302
    merge = PersonMerge.objects.get()
    client.post(f"/persons/merges/{merge.pk}/undo/", {"reason": "Kiểm tra lại: khác người"})
    dup.refresh_from_db()
    assert dup.merged_into_id is None


def test_api_create_conflict_carries_matches_and_validation_is_vietnamese(client, officer):
    make_person(officer, "Hoàng Thị Lan", birth_year=1979)
    client.force_login(officer)
    conflict = client.post(
        "/api/v1/persons/",
        {"full_name": "Hoang Thi Lan", "birth_year": 1979, "basis": "member-register"},
        content_type="application/json",
    )
    assert (
        conflict.status_code == 409
        and conflict.json()["matches"][0]["person"]["full_name"] == "Hoàng Thị Lan"
    )
    bad = client.post(
        "/api/v1/persons/",
        {
            "full_name": "Hoàng Lan",
            "national_id": "abc",
            "confirm_distinct": True,
            "basis": "member-register",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "12 chữ số" in bad.json()["errors"]["national_id"][0]
    ok = client.post(
        "/api/v1/persons/",
        {
            "full_name": "Hoàng Thị Lan",
            "birth_year": 1979,
            "confirm_distinct": True,
            "basis": "member-register",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    found = client.get("/api/v1/persons/", {"q": "lan hoang"}).json()
    assert found["count"] == 2


def test_unit_tree_page_and_api(client, officer, admin_user, unit):
    child = services.unit_create(actor=admin_user, code="TO1", name="Tổ đảng số 1", kind="group", parent=unit)
    client.force_login(officer)
    page = client.get(f"/units/?unit={unit.pk}").content.decode()
    assert "Tổ đảng số 1" in page
    api = client.get("/api/v1/party-units/", {"parent": str(unit.pk)}).json()
    assert [u["code"] for u in api["results"]] == [child.code]
    assert client.get("/api/v1/party-units/", {"parent": "not-a-uuid"}).json()["results"] == []


def test_case_links_a_person_and_the_person_page_lists_only_visible_cases(client, officer, hub):
    from phoihop.cases import services as case_services
    from phoihop.core.tests.factories import AgencyFactory

    person = make_person(officer, "Kiều Văn Toàn", birth_year=1972)
    case = case_services.case_open(actor=officer, title="Thẩm tra Kiều Văn Toàn")
    secret = case_services.case_open(
        actor=officer, title="Hồ sơ tối mật", classification=2, subjects=[person]
    )
    client.force_login(officer)
    found = client.get(f"/cases/{case.pk}/", {"subject_q": "kieu toan"}).content.decode()
    assert 'id="subject-candidates"' in found and "Kiều Văn Toàn" in found
    client.post(f"/cases/{case.pk}/subjects/", {"person": str(person.uuid)})
    assert case.subjects.filter(person=person).exists()
    low = UserFactory(username="cv.mat", agency=hub, roles=["officer"], clearance=1)
    client.force_login(low)
    page = client.get(f"/persons/{person.uuid}/").content.decode()
    assert case.number in page and secret.number not in page
    outsider = UserFactory(username="cv.qs", agency=AgencyFactory(code="QS"), roles=["officer"], clearance=3)
    client.force_login(outsider)
    assert client.post(f"/cases/{case.pk}/subjects/", {"person": str(person.uuid)}).status_code == 404


def test_search_results_page_through_common_names(client, officer, member_basis):
    from phoihop.people.models import Person as P

    services.person_create(
        actor=officer, full_name="Nguyễn Thị Lan", birth_year=1980, confirm_distinct=True, basis=member_basis
    )
    twins = [
        P(
            **{
                **services.derived_columns("Nguyễn Thị Lan"),
                "full_name": "Nguyễn Thị Lan",
                "birth_year": 1980,
                "owner_agency_id": officer.agency_id,
            }
        )
        for _ in range(59)
    ]
    P.objects.bulk_create(twins)
    client.force_login(officer)
    first = client.get("/persons/", {"q": "nguyen thi lan 1980"}).content.decode()
    second = client.get("/persons/", {"q": "nguyen thi lan 1980", "page": 2}).content.decode()
    assert first.count("Nguyễn Thị Lan</a>") == 50 and second.count("Nguyễn Thị Lan</a>") == 10
    assert "Trang sau" in first and "Trang sau" not in second


def test_api_patch_with_version_and_matches(client, officer):
    person = make_person(officer, "Võ Thị Sáu Mươi", birth_year=1961)
    make_person(officer, "Vo Thi Sau Muoi", birth_year=1961)
    client.force_login(officer)
    url = f"/api/v1/persons/{person.uuid}/"
    ok = client.patch(url, {"position": "Bí thư chi bộ", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["position"] == "Bí thư chi bộ" and ok.json()["version"] == 2
    stale = client.patch(url, {"position": "Khác", "version": 1}, content_type="application/json")
    assert stale.status_code == 400 and "phiên bản" in str(stale.json()["errors"])
    bad = client.patch(url, {"birth_date": "2999-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "birth_date" in bad.json()["errors"]
    matches = client.get(f"{url}matches/").json()
    assert (
        matches[0]["person"]["full_name"] == "Vo Thi Sau Muoi"
        and "Trùng họ tên và năm sinh" in matches[0]["reasons"]
    )
