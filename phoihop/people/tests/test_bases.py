"""Every registration states its basis: a case the user may see, or a basis from the administrator's list; a
person outside the Party only for a case. Cases keep their bases; the list of bases is administered with
audit."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from phoihop.audit.models import AuditEvent
from phoihop.cases import services as case_services
from phoihop.core.tests.factories import AgencyFactory, UserFactory
from phoihop.people import selectors, services
from phoihop.people.bases import add_months
from phoihop.people.imports import run_import
from phoihop.people.models import Person, PersonBasis, RegistrationBasis
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(hub, member_basis):
    return UserFactory(username="cv.btc", agency=hub, roles=["officer"], clearance=2)


@pytest.fixture
def case(officer):
    return case_services.case_open(actor=officer, title="Thẩm tra nhân sự (thử)")


def _errors(exc):
    return exc.value.message_dict


def test_registration_without_a_basis_is_refused_in_the_service(officer):
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=officer, full_name="Lê Văn Không", birth_year=1970, confirm_distinct=True
        )
    assert "Cần ghi căn cứ đăng ký" in _errors(exc)["basis"][0]
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=officer, full_name="Lê Văn Không", basis="khong-co", confirm_distinct=True
        )
    assert "khong-co" in _errors(exc)["basis"][0]
    legacy = RegistrationBasis.objects.get(code="legacy")
    with pytest.raises(ValidationError, match="không còn áp dụng"):
        services.person_create(actor=officer, full_name="Lê Văn Không", basis=legacy, confirm_distinct=True)
    assert not Person.objects.exists() and not AuditEvent.objects.filter(action="person.create").exists()


def test_registration_records_its_basis_and_audits_codes_only(officer, member_basis):
    person = make_person(officer, "Đỗ Văn Căn", birth_year=1971)
    (row,) = PersonBasis.objects.filter(person=person)
    assert (row.basis, row.agency_id, row.case_id, row.lapsed_on) == (
        member_basis,
        officer.agency_id,
        None,
        None,
    )
    payload = json.loads(AuditEvent.objects.filter(action="person.create").latest("seq").payload)
    assert payload["basis"] == "member-register" and payload["agency"] == "BTC"


def test_outside_the_party_only_for_a_case(officer, case):
    for status in ("non_member", "applicant", "deceased"):
        with pytest.raises(ValidationError) as exc:
            make_person(officer, "Bùi Thị Ngoài", birth_year=1990, status=status)
        assert "Người ngoài Đảng chỉ được đăng ký theo một hồ sơ vụ việc" in _errors(exc)["basis"][0]
    person = make_person(officer, "Bùi Thị Ngoài", birth_year=1990, status="non_member", case=case.number)
    (row,) = PersonBasis.objects.filter(person=person)
    assert row.basis.for_case and row.case_id == case.pk
    # an administrator's basis that says it covers persons outside the Party is accepted
    covered = RegistrationBasis.objects.create(
        code="doi-tuong-ket-nap", label="Đối tượng kết nạp đảng", retention_months=24, allows_non_members=True
    )
    assert make_person(officer, "Bùi Văn Kết", birth_year=2000, status="applicant", basis=covered)


def test_a_case_basis_names_only_an_open_case_the_user_may_see(officer, case):
    police = UserFactory(username="cv.ca", agency=AgencyFactory(code="CA"), roles=["officer"], clearance=2)
    with pytest.raises(
        ValidationError
    ) as exc:  # not the police's case: the same words as a case that is not there
        make_person(police, "Tạ Văn Hồ", birth_year=1980, status="non_member", case=case.number)
    assert _errors(exc)["case"] == ["Không tìm thấy hồ sơ vụ việc đang xử lý mà bạn được xem."]
    with pytest.raises(ValidationError) as again:
        make_person(police, "Tạ Văn Hồ", birth_year=1980, status="non_member", case="PH-2099-99999")
    assert _errors(again) == _errors(exc)
    leader = UserFactory(username="ld.btc", agency=officer.agency, roles=["leader"], clearance=2)
    case_services.case_transition(actor=leader, case=case, name="stop", reason="Dừng để thử nghiệm")
    with pytest.raises(ValidationError, match="đang xử lý"):
        make_person(officer, "Tạ Văn Hồ", birth_year=1980, status="non_member", case=case.pk)
    with pytest.raises(ValidationError, match="Cần chọn hồ sơ"):
        make_person(officer, "Tạ Văn Hồ", birth_year=1980, basis="case")
    with pytest.raises(ValidationError, match="mới ghi kèm hồ sơ"):
        make_person(officer, "Tạ Văn Hồ", birth_year=1980, basis="member-register", case=case.pk)


def test_linking_a_subject_keeps_a_case_basis_and_closing_starts_its_clock(officer, case):
    person = make_person(officer, "Kim Văn Liên", birth_year=1966)
    case_services.case_subject_add(actor=officer, case=case, person=person)
    row = PersonBasis.objects.get(person=person, case=case)
    assert row.basis.for_case and row.agency_id == case.owner_agency_id and row.lapsed_on is None
    leader = UserFactory(username="ld.btc", agency=officer.agency, roles=["leader"], clearance=2)
    case_services.case_transition(actor=leader, case=case, name="stop", reason="Không đủ căn cứ xử lý tiếp")
    row.refresh_from_db()
    assert row.lapsed_on == date.today()
    case_services.case_transition(actor=leader, case=case, name="resume", reason="Có thông tin mới cần xử lý")
    row.refresh_from_db()
    assert row.lapsed_on is None and PersonBasis.objects.filter(person=person, case=case).count() == 1
    opened = case_services.case_open(actor=officer, title="Hồ sơ khác", subjects=[person])
    assert PersonBasis.objects.filter(person=person, case=opened, lapsed_on__isnull=True).exists()
    assert AuditEvent.objects.filter(action="person.basis", payload__contains=str(case.pk)).count() >= 2
    # closing and reopening are filed under the case, with its number and level (never a person's particulars)
    followed = AuditEvent.objects.filter(
        action="person.basis", object_type="cases.case", object_id=str(case.pk)
    )
    assert [json.loads(e.payload) for e in followed.order_by("seq")] == [
        {
            "case": str(case.pk),
            "bases": 1,
            "lapsed_on": date.today().isoformat(),
            "level": case.classification,
        },
        {"case": str(case.pk), "bases": 1, "lapsed_on": None, "level": case.classification},
    ]
    assert {e.object_repr for e in followed} == {case.number}


def test_leaving_the_party_lapses_the_member_bases(officer, case):
    person = make_person(officer, "Mạc Văn Đi", birth_year=1950)
    case_services.case_subject_add(actor=officer, case=case, person=person)
    services.person_update(actor=officer, person=person, status="deceased")
    member, by_case = (
        PersonBasis.objects.get(person=person, case__isnull=True),
        PersonBasis.objects.get(case=case),
    )
    assert member.lapsed_on == date.today() and by_case.lapsed_on is None


def test_an_officer_adds_and_ends_bases_on_the_person_page(client, officer, case, member_basis):
    person = make_person(officer, "Lưu Văn Hai", birth_year=1962)
    client.force_login(officer)
    page = client.get(f"/persons/{person.uuid}/").content.decode()
    assert 'id="person-bases"' in page and member_basis.label in page
    cadre = RegistrationBasis.objects.get(code="managed-cadre")
    client.post(f"/persons/{person.uuid}/bases/add/", {"basis": str(cadre.pk)})
    client.post(
        f"/persons/{person.uuid}/bases/add/",
        {"basis": str(RegistrationBasis.objects.get(for_case=True).pk), "case": str(case.pk)},
    )
    assert set(PersonBasis.objects.filter(person=person).values_list("basis__code", flat=True)) == {
        "member-register",
        "managed-cadre",
        "case",
    }
    again = client.post(f"/persons/{person.uuid}/bases/add/", {"basis": str(cadre.pk)}, follow=True)
    assert "đã có căn cứ này" in again.content.decode()
    row = PersonBasis.objects.get(person=person, basis=cadre)
    client.post(
        f"/persons/{person.uuid}/bases/end/", {"basis": row.pk, "on": date.today().strftime("%d/%m/%Y")}
    )
    row.refresh_from_db()
    assert row.lapsed_on == date.today()
    case_row = PersonBasis.objects.get(person=person, case=case)
    refused = client.post(f"/persons/{person.uuid}/bases/end/", {"basis": case_row.pk, "on": ""}, follow=True)
    assert "tự kết thúc khi hồ sơ kết thúc" in refused.content.decode()


def test_form_and_api_refuse_a_registration_without_basis(client, officer, case):
    client.force_login(officer)
    form = {
        "full_name": "Hà Văn Form",
        "birth_year": "1977",
        "management_level": "none",
        "status": "member",
        "classification": "0",
    }
    page = client.post("/persons/new/", form)
    assert page.status_code == 200 and 'id="id_basis_errors"' in page.content.decode()
    outside = client.post(
        "/persons/new/",
        {
            **form,
            "status": "non_member",
            "basis": str(RegistrationBasis.objects.get(code="member-register").pk),
        },
    )
    assert "Người ngoài Đảng chỉ được đăng ký" in outside.content.decode()
    assert not Person.objects.exists()
    ok = client.post(
        "/persons/new/",
        {
            **form,
            "status": "non_member",
            "case": str(case.pk),
            "basis": str(RegistrationBasis.objects.get(for_case=True).pk),
        },
    )
    assert ok.status_code == 302 and Person.objects.count() == 1

    api = client.post(
        "/api/v1/persons/",
        {"full_name": "Hà Văn Api", "birth_year": 1977, "confirm_distinct": True},
        content_type="application/json",
    )
    assert api.status_code == 400 and "Cần ghi căn cứ" in api.json()["errors"]["basis"][0]
    outside = client.post(
        "/api/v1/persons/",
        {
            "full_name": "Hà Văn Api",
            "status": "non_member",
            "confirm_distinct": True,
            "basis": "member-register",
        },
        content_type="application/json",
    )
    assert outside.status_code == 400 and "basis" in outside.json()["errors"]
    by_case = client.post(
        "/api/v1/persons/",
        {"full_name": "Hà Văn Api", "status": "non_member", "case": case.number, "confirm_distinct": True},
        content_type="application/json",
    )
    assert by_case.status_code == 201
    person_id = by_case.json()["id"]
    bases = client.get(f"/api/v1/persons/{person_id}/bases/").json()
    assert [(b["basis"], b["agency"], b["case"]) for b in bases] == [("case", "BTC", str(case.pk))]
    patch = client.patch(
        f"/api/v1/persons/{person_id}/", {"basis": "managed-cadre"}, content_type="application/json"
    )
    assert patch.status_code == 400 and "basis" in patch.json()["errors"]
    listed = client.get("/api/v1/registration-bases/", {"active": "1"}).json()["results"]
    assert {"case", "member-register", "managed-cadre"} <= {b["code"] for b in listed}
    assert "legacy" not in {b["code"] for b in listed}
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "registration-bases" in schema and "A person outside the Party" in schema


def test_import_needs_a_basis_for_every_row(officer, case, tmp_path):
    rows = "Họ và tên,Năm sinh,Tình trạng,Căn cứ đăng ký,Số hồ sơ vụ việc\n"
    good = rows + "Vi Văn Một,1970,,,\nVi Thị Hai,1981,,Cán bộ thuộc diện cơ quan quản lý,\n"
    report = run_import(actor=officer, name="ds.csv", content=good.encode())
    assert report.saved == 2
    assert sorted(PersonBasis.objects.values_list("basis__code", flat=True)) == [
        "managed-cadre",
        "member-register",
    ]
    none = run_import(
        actor=officer, name="ds.csv", content=(rows + "Vi Văn Ba,1972,,,\n").encode(), basis=None
    )
    assert none.saved == 0 and "Cần ghi căn cứ đăng ký" in none.invalid[0].errors[0]
    outside = rows + f"Vi Thị Bốn,1990,Ngoài Đảng,,\nVi Thị Năm,1991,Ngoài Đảng,,{case.number}\n"
    mixed = run_import(actor=officer, name="ds.csv", content=outside.encode())
    assert mixed.saved == 0 and [r.line for r in mixed.invalid] == [2]
    assert "Người ngoài Đảng" in mixed.invalid[0].errors[0]
    assert run_import(actor=officer, name="ds.csv", content=outside.encode(), skip_invalid=True).saved == 1
    assert PersonBasis.objects.filter(case=case).count() == 1


def test_import_command_takes_a_basis_option_and_defaults_to_the_member_register(hub, member_basis, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Năm sinh\nThân Văn Lệnh,1969\n", encoding="utf-8")
    with pytest.raises(CommandError, match="khong-co"):
        call_command("import", "persons", str(path), "--basis", "khong-co")
    call_command("import", "persons", str(path))
    assert PersonBasis.objects.get().basis == member_basis
    path.write_text("Họ và tên,Năm sinh\nThân Văn Khác,1968\n", encoding="utf-8")
    call_command("import", "persons", str(path), "--basis", "managed-cadre")
    assert PersonBasis.objects.filter(basis__code="managed-cadre").count() == 1


def test_import_page_without_basis_is_refused(client, officer):
    client.force_login(officer)
    page = client.post(
        "/persons/import/", {"file": SimpleUploadedFile("ds.csv", "Họ và tên\nAn Văn Bé\n".encode())}
    )
    assert 'id="id_basis_errors"' in page.content.decode() and not Person.objects.exists()


def test_merge_moves_the_bases_and_undo_moves_them_back(officer):
    keep = make_person(officer, "Đàm Văn Gộp", birth_year=1960)
    dup = make_person(officer, "Dam Van Gop", birth_year=1960, basis="managed-cadre")
    merge = services.person_merge(actor=officer, survivor=keep, merged=dup, reason="Cùng một người, cùng quê")
    assert set(PersonBasis.objects.filter(person=keep).values_list("basis__code", flat=True)) == {
        "member-register",
        "managed-cadre",
    }
    services.person_unmerge(actor=officer, merge=merge, reason="Kiểm tra lại: khác người")
    assert PersonBasis.objects.get(person=dup).basis.code == "managed-cadre"


def test_administrator_edits_the_list_with_audit_and_others_only_read_it(client, admin_user, officer):
    client.force_login(admin_user)
    page = client.get("/registry/bases/").content.decode()
    assert 'id="basis-table"' in page and "member-register" in page and 'id="basis-form"' in page
    created = client.post("/registry/bases/", {"code": "Bad Code", "label": "X", "retention_months": "12"})
    assert "Mã gồm 2–40 chữ thường" in created.content.decode()
    client.post(
        "/registry/bases/",
        {
            "code": "ban-chi-dao",
            "label": "Thành viên Ban Chỉ đạo",
            "retention_months": "36",
            "active": "on",
            "source": "Quyết định thành lập",
        },
    )
    basis = RegistrationBasis.objects.get(code="ban-chi-dao")
    assert basis.retention_months == 36 and basis.active and not basis.allows_non_members
    client.post(
        f"/registry/bases/{basis.pk}/", {"label": "Thành viên Ban Chỉ đạo tỉnh", "retention_months": "48"}
    )
    basis.refresh_from_db()
    assert basis.retention_months == 48 and not basis.active and basis.code == "ban-chi-dao"
    events = [
        json.loads(e.payload)
        for e in AuditEvent.objects.filter(action="registration_basis.change").order_by("seq")
    ]
    assert [e["basis"] for e in events] == ["ban-chi-dao", "ban-chi-dao"]
    assert events[1]["changed"]["retention_months"] == {"before": 36, "after": 48}
    assert events[1]["changed"]["label"] == {} and events[1]["changed"]["active"] == {
        "before": True,
        "after": False,
    }
    assert "Ban Chỉ đạo" not in str(events[1])  # which texts changed, not the texts
    case_basis = RegistrationBasis.objects.get(for_case=True)
    off = client.post(
        f"/registry/bases/{case_basis.pk}/", {"label": case_basis.label, "retention_months": "120"}
    )
    assert "luôn áp dụng" in off.content.decode()
    client.force_login(officer)
    assert "ban-chi-dao" in client.get("/registry/bases/").content.decode()  # everyone reads the list
    assert (
        client.post("/registry/bases/", {"code": "x-y", "label": "X", "retention_months": "1"}).status_code
        == 403
    )
    assert not RegistrationBasis.objects.filter(code="x-y").exists()


def test_add_months_clamps_the_day():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_partner_sees_only_its_own_bases(officer):
    police_agency = AgencyFactory(code="CA")
    police = UserFactory(username="cv.ca", agency=police_agency, roles=["officer"], clearance=2)
    person = make_person(police, "Ninh Văn Chung", birth_year=1970)
    services.person_basis_add(actor=officer, person=person, basis="managed-cadre")
    assert [b.row.agency.code for b in selectors.person_bases(police, person)] == ["CA"]
    assert sorted(b.row.agency.code for b in selectors.person_bases(officer, person)) == ["BTC", "CA"]


def test_the_person_page_names_a_case_by_its_number_not_from_a_list_of_every_case(client, officer, case):
    """The case of a case basis is typed as its number (the page held a select of every open case the user may
    see: thousands of options, 2.4 s a page at a province's size, issue 15)."""
    from phoihop.cases import services as case_services

    others = [case_services.case_open(actor=officer, title=f"Hồ sơ khác {i}") for i in range(3)]
    person = make_person(officer, "Lò Văn Số", birth_year=1979)
    client.force_login(officer)
    page = client.get(f"/persons/{person.uuid}/").content.decode()
    assert not any(other.number in page for other in others)
    for_case = str(RegistrationBasis.objects.get(for_case=True).pk)
    wrong = client.post(
        f"/persons/{person.uuid}/bases/add/", {"basis": for_case, "case": "PH-1999-99999"}, follow=True
    )
    assert "Không tìm thấy hồ sơ vụ việc đang xử lý mà bạn được xem." in wrong.content.decode()
    client.post(f"/persons/{person.uuid}/bases/add/", {"basis": for_case, "case": case.number.lower()})
    assert PersonBasis.objects.filter(person=person, case=case).exists()
