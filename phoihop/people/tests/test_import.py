"""Importing persons: row-level report, nothing saved unless
all rows pass, duplicates flagged before saving."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from phoihop.audit.models import AuditEvent
from phoihop.core.tests.factories import UserFactory
from phoihop.people.imports import run_import
from phoihop.people.models import Person
from phoihop.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

GOOD = (
    "Họ và tên,Năm sinh,Giới tính,Quê quán\nLê Văn "
    "Tâm,1970,Nam,Xã Yên Lạc\nTrịnh Thị Hạnh,1982,Nữ,Xã Phú Mỹ\n"
)


@pytest.fixture
def clerk(hub):
    return UserFactory(username="vt.btc", agency=hub, roles=["clerk"], clearance=2)


def test_all_rows_valid_are_saved_in_one_go(clerk):
    report = run_import(actor=clerk, name="ds.csv", content=GOOD.encode())
    assert report.saved == 2 and Person.objects.count() == 2
    assert AuditEvent.objects.filter(action="person.import").count() == 1


def test_one_bad_row_saves_nothing_and_names_the_line(clerk):
    bad = GOOD + "Hồ <b>Văn</b> X,19a0,Không rõ,\n"
    report = run_import(actor=clerk, name="ds.csv", content=bad.encode())
    assert report.saved == 0 and not Person.objects.exists()
    (row,) = report.invalid
    assert row.line == 4 and len(row.errors) == 3
    skipped = run_import(actor=clerk, name="ds.csv", content=bad.encode(), skip_invalid=True)
    assert skipped.saved == 2


def test_existing_person_is_flagged_before_saving(clerk):
    make_person(clerk, "Lê Văn Tâm", birth_year=1970)
    report = run_import(actor=clerk, name="ds.csv", content=GOOD.encode())
    assert report.saved == 0 and Person.objects.count() == 1
    assert "Trùng họ tên và năm sinh" in report.flagged[0].duplicates[0]
    accepted = run_import(actor=clerk, name="ds.csv", content=GOOD.encode(), accept_duplicates=True)
    assert accepted.saved == 2


def test_xlsx_and_bad_files(clerk, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số CCCD", "Giới tính"])
    sheet.append(["Phan Văn Lực", "05/06/1975", "001075000123", "Nam"])
    data = io.BytesIO()
    book.save(data)
    assert run_import(actor=clerk, name="ds.xlsx", content=data.getvalue()).saved == 1
    for name, content, message in [
        ("a.xlsx", b"not a workbook", "Không đọc được"),
        ("a.exe", b"x", "Chỉ nhận"),
        ("a.csv", "Tên lạ\nA\n".encode(), "Cột không nhận ra"),
        ("a.csv", b"\xff\xfe", "UTF-8"),
    ]:
        with pytest.raises(Exception, match=message):
            run_import(actor=clerk, name=name, content=content)


def test_command_reports_and_refuses_partial_saves(hub, tmp_path, capsys):
    path = tmp_path / "ds.csv"
    path.write_text(GOOD + "X1,abc,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Không lưu gì"):
        call_command("import", "persons", str(path))
    assert "dòng 4" in capsys.readouterr().out and not Person.objects.exists()
    call_command("import", "persons", str(path), "--skip-invalid")
    assert Person.objects.count() == 2
    assert Person.objects.first().owner_agency == hub


def test_import_page_dry_run_then_import(client, clerk, member_basis):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(clerk)
    assert (
        f'value="{member_basis.pk}" selected' in client.get("/persons/import/").content.decode()
    )  # the default
    page = client.post(
        "/persons/import/",
        {
            "file": SimpleUploadedFile("ds.csv", (GOOD + "X,abc,,\n").encode()),
            "dry_run": "on",
            "basis": str(member_basis.pk),
        },
    )
    assert 'id="import-report"' in page.content.decode() and not Person.objects.exists()
    done = client.post(
        "/persons/import/",
        {"file": SimpleUploadedFile("ds.csv", GOOD.encode()), "basis": str(member_basis.pk)},
    )
    assert "Đã nhập 2 người" in done.content.decode() and Person.objects.count() == 2
    assert client.get("/persons/import/template.csv").content.decode("utf-8-sig").startswith("Họ và tên")


def test_control_characters_in_a_cell_are_refused_naming_the_column(clerk):
    bad = GOOD + "Đỗ Văn Bình,1975,Nam,Xã An\x1b[2JPhú\n"
    report = run_import(actor=clerk, name="ds.csv", content=bad.encode())
    assert report.saved == 0 and not Person.objects.exists()
    (row,) = report.invalid
    assert row.line == 4 and row.errors == [
        "Quê quán: Có ký tự điều khiển không được phép (U+001B) "
        "ở vị trí 6; hãy xóa nó hoặc gõ lại đoạn văn bản."
    ]


SHARED_CARD = (
    "Họ và tên,Năm sinh,Giới tính,Số thẻ đảng viên\n"
    "Lê Văn Tâm,1970,Nam,99.123.456\n"
    "Trịnh Thị Hạnh,1982,Nữ,99123456\n"
    "Đỗ Văn Bình,1979,Nam,99123457\n"
)


def test_rows_sharing_a_party_card_are_row_errors_in_the_dry_run(clerk):
    """Issue 12 §4: the dry run said "0 errors" for two rows
    with one Party card (compared after normalising)."""
    report = run_import(actor=clerk, name="ds.csv", content=SHARED_CARD.encode(), dry_run=True)
    assert [(r.line, r.errors) for r in report.invalid] == [(3, ["Trùng số thẻ đảng viên với dòng 2."])]
    assert report.saved == 0 and not Person.objects.exists()


def test_rows_sharing_a_party_card_save_nothing_unless_skipped(clerk):
    report = run_import(actor=clerk, name="ds.csv", content=SHARED_CARD.encode())
    assert report.saved == 0 and not Person.objects.exists()
    skipped = run_import(actor=clerk, name="ds.csv", content=SHARED_CARD.encode(), skip_invalid=True)
    assert skipped.saved == 2
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Lê Văn Tâm", "Đỗ Văn Bình"]


def test_rows_sharing_a_citizen_id_and_a_party_card_get_both_errors(clerk):
    both = (
        "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số thẻ đảng viên\n"
        "Phan Văn Lực,05/06/1975,Nam,001075000123,99123456\n"
        "Phan Văn Lực,05/06/1975,Nam,001075000123,99123456\n"
    )
    report = run_import(actor=clerk, name="ds.csv", content=both.encode(), dry_run=True)
    assert [(r.line, r.errors) for r in report.invalid] == [
        (3, ["Trùng số CCCD với dòng 2.", "Trùng số thẻ đảng viên với dòng 2."])
    ]


def test_import_page_with_rows_sharing_a_party_card(client, clerk, member_basis):
    """The page answered 500 (the second row broke the unique card in the middle of the save); "skip invalid"
    aborted the whole file instead of skipping the row."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(clerk)
    dry = client.post(
        "/persons/import/",
        {
            "file": SimpleUploadedFile("ds.csv", SHARED_CARD.encode()),
            "dry_run": "on",
            "basis": str(member_basis.pk),
        },
    )
    assert dry.status_code == 200
    assert (
        "3 dòng; 1 dòng lỗi" in dry.content.decode()
        and "Trùng số thẻ đảng viên với dòng 2." in dry.content.decode()
    )
    refused = client.post(
        "/persons/import/",
        {"file": SimpleUploadedFile("ds.csv", SHARED_CARD.encode()), "basis": str(member_basis.pk)},
    )
    assert refused.status_code == 200 and not Person.objects.exists()
    skipped = client.post(
        "/persons/import/",
        {
            "file": SimpleUploadedFile("ds.csv", SHARED_CARD.encode()),
            "skip_invalid": "on",
            "basis": str(member_basis.pk),
        },
    )
    assert skipped.status_code == 200 and "Đã nhập 2 người" in skipped.content.decode()
    assert Person.objects.count() == 2


def test_command_skip_invalid_skips_rows_sharing_a_party_card(hub, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(SHARED_CARD, encoding="utf-8")
    with pytest.raises(CommandError, match="Không lưu gì"):
        call_command("import", "persons", str(path))
    assert not Person.objects.exists()
    call_command("import", "persons", str(path), "--skip-invalid")
    assert Person.objects.count() == 2


def test_a_card_registered_between_check_and_save_saves_nothing_and_names_the_line(clerk, monkeypatch):
    from phoihop.people import imports

    real = imports.validate

    def validate_then_someone_registers(actor, rows, progress=None, **kwargs):
        report = real(actor, rows, progress, **kwargs)
        make_person(clerk, "Người Khác", birth_year=1990, party_card="99123457")
        return report

    monkeypatch.setattr(imports, "validate", validate_then_someone_registers)
    with pytest.raises(
        imports.ImportError_, match="Dòng 4: Số thẻ đảng viên này đã ghi cho một người khác trong sổ đăng ký"
    ):
        run_import(actor=clerk, name="ds.csv", content=SHARED_CARD.encode(), skip_invalid=True)
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Người Khác"]
