"""What the audit records, when, and how auditors read it."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta

import pytest
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from phoihop.access.testing import body
from phoihop.access.tests.testapp.models import Dossier
from phoihop.audit import registry
from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import audit_verify
from phoihop.audit.services import audit_record
from phoihop.core import services
from phoihop.core.models import Agency
from phoihop.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(hub):
    return UserFactory(username="giamsat", agency=hub, roles=["auditor"])


@pytest.mark.urls("phoihop.access.tests.testapp.urls")
def test_read_is_recorded_even_when_the_page_then_fails(hub, officer):
    dossier = Dossier.objects.create(title="Hồ sơ đọc rồi lỗi", owner_agency=hub, classification=0)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.get(f"/t/dossiers/{dossier.pk}/read-then-fail")
    assert response.status_code == 500
    event = AuditEvent.objects.get(action="record.read", object_id=str(dossier.pk))
    assert event.actor_name == officer.username and event.request_id


def test_database_error_in_the_audit_aborts_the_change(admin_user, monkeypatch):
    from phoihop.audit import services as audit_services

    real_sql = audit_services._sql

    def broken_sql(**kwargs):
        head, insert = real_sql(**kwargs)
        return head, insert.replace("INSERT INTO", "INSERT INTO khong_co_bang_nay_", 1)

    monkeypatch.setattr(audit_services, "_sql", broken_sql)
    with pytest.raises(DatabaseError):
        services.agency_create(actor=admin_user, code="MAT", name="Không được lưu")
    assert not Agency.objects.filter(code="MAT").exists()


def test_request_context_is_recorded(officer, signed_in):
    client = signed_in(officer)
    client.get("/", HTTP_USER_AGENT="Trình duyệt thử", HTTP_X_REQUEST_ID="req-thu-nghiem-01")
    client.get("/admin/users/", HTTP_USER_AGENT="Trình duyệt thử", HTTP_X_REQUEST_ID="req-thu-nghiem-02")
    denied = AuditEvent.objects.filter(action="access.denied").latest("seq")
    assert denied.request_id == "req-thu-nghiem-02" and denied.user_agent == "Trình duyệt thử"
    assert denied.ip == "127.0.0.1" and denied.actor_name == officer.username and denied.agency_code == "BTC"


def test_searches_and_exports_are_recorded(admin_user, signed_in):
    client = signed_in(admin_user)
    client.get("/admin/users/?q=nguyễn")
    assert AuditEvent.objects.get(action="search").payload_data == {"q": "nguyễn"}
    response = client.get("/admin/users/export.xlsx?q=quan")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:2] == ["Tên đăng nhập", "Họ và tên"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["quantri"]
    export = AuditEvent.objects.get(action="export")
    assert export.payload_data["format"] == "xlsx" and export.payload_data["rows"] == 1
    csv_text = body(client.get("/admin/users/export.csv"))
    assert csv_text.startswith("\ufeffTên đăng nhập,")
    assert client.get("/admin/users/export.pdf").status_code == 404


def test_auditor_filters_and_vietnamese_date_errors(auditor, officer, signed_in):
    one = audit_record(
        action=registry.RECORD_READ,
        actor=officer,
        object_type="cases.case",
        object_id="hs-1",
        object_repr="Hồ sơ 1",
    )
    two = audit_record(
        action=registry.RECORD_READ,
        actor=officer,
        object_type="cases.case",
        object_id="hs-2",
        object_repr="Hồ sơ 2",
        occurred_at=timezone.now() - timedelta(days=40),
    )
    link_one, link_two = f'href="/audit/events/{one.seq}/"', f'href="/audit/events/{two.seq}/"'
    client = signed_in(auditor)
    page = body(client.get(f"/audit/?action=record.read&actor={officer.username}"))
    assert link_one in page and link_two in page
    assert "Hồ sơ 1" not in page  # what was stored about a case this auditor may not see is not shown
    recent = body(
        client.get(f"/audit/?action=record.read&since={(timezone.localdate() - timedelta(days=7)):%d/%m/%Y}")
    )
    assert link_one in recent and link_two not in recent
    who_saw = body(client.get("/audit/?action=record.read&object_id=hs-2"))
    assert link_two in who_saw and link_one not in who_saw
    bad = client.get("/audit/?since=31/02/2026")
    assert bad.status_code == 200 and "Nhập một ngày hợp lệ" in body(bad)
    backwards = body(client.get("/audit/?since=10/10/2026&until=01/10/2026"))
    assert "“Từ ngày” phải trước hoặc bằng “Đến ngày”." in backwards


def test_audit_pages_are_paged_without_counting(auditor, officer, signed_in, django_assert_max_num_queries):
    for i in range(60):
        audit_record(action=registry.RECORD_READ, actor=officer, object_type="cases.case", object_id=f"p{i}")
    client = signed_in(auditor)
    # A fixed number whatever the events on the page: the page shell (session, user, MFA, roles, agency, the
    # bell, the probe that marks a notification pointing here as read, the session's save), the page of
    # events, and two per object type on the page to disclose it through the access policy
    # (audit/disclosure.py) — here the auditor's own sign-in; the 60 events name no real case.
    with django_assert_max_num_queries(13) as ctx:
        first = client.get("/audit/")
    counted = [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "AUDIT_AUDITEVENT" in q["sql"].upper()
    ]
    assert not counted, counted  # the audit table is never counted (a bounded count elsewhere is fine)
    html = body(first)
    assert "Cũ hơn" in html
    older = body(client.get("/audit/?before=10"))
    assert 'href="/audit/events/9/"' in older and 'href="/audit/events/10/"' not in older
    assert older.count('href="/audit/events/') == 9


def test_verify_page_and_api(auditor, signed_in, officer):
    client = signed_in(auditor)
    response = client.post("/audit/verify/", follow=True)
    assert "Nguyên vẹn" in body(response)
    api = client.get("/api/v1/audit/verify/").json()
    assert api["ok"] is True and api["checked"] >= 1
    assert AuditEvent.objects.filter(action="audit.verify").count() == 2
    outsider = Client()
    outsider.force_login(officer)
    assert outsider.get("/api/v1/audit/verify/").status_code == 404
    assert outsider.get("/audit/verify/").status_code == 404


def test_ordinary_users_never_see_the_audit_link(officer, signed_in, auditor):
    assert "/audit/" not in body(signed_in(officer).get("/"))
    client = Client()
    client.force_login(auditor)
    assert 'href="/audit/"' in body(client.get("/"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_linear_chain():
    agency = AgencyFactory(code="BTC", is_hub=True)
    writers = [UserFactory(username=f"ghi{i}", agency=agency) for i in range(8)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(writers))

    def write(user):
        try:
            start.wait()
            for n in range(25):
                audit_record(
                    action=registry.RECORD_READ,
                    actor=user,
                    object_type="cases.case",
                    object_id=f"{user.username}-{n}",
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(u,)) for u in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    reads = AuditEvent.objects.filter(action="record.read")
    assert reads.count() == 200
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_rolls_back_leaves_no_gap_for_the_writer_waiting_behind_it():
    """The chain stays locked until the transaction holding an event ends: a rolled-back event's place is
    taken by the next writer, so the sequence has no gap and every link points at a committed event."""
    agency = AgencyFactory(code="BTC", is_hub=True)
    first, second = (UserFactory(username=name, agency=agency) for name in ("truoc", "sau"))
    audit_record(action=registry.RECORD_READ, actor=first, object_type="cases.case", object_id="0")
    written, errors = threading.Event(), []

    def rolls_back():
        try:
            with transaction.atomic():
                audit_record(
                    action=registry.RECORD_READ, actor=first, object_type="cases.case", object_id="x"
                )
                written.set()
                time.sleep(0.3)  # the other writer is waiting for the chain meanwhile
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def waits():
        try:
            written.wait(5)
            audit_record(action=registry.RECORD_READ, actor=second, object_type="cases.case", object_id="y")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=rolls_back), threading.Thread(target=waits)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    rows = list(
        AuditEvent.objects.filter(action="record.read").order_by("seq").values_list("object_id", "seq")
    )
    assert [object_id for object_id, _ in rows] == ["0", "y"]
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_verify().ok


def _seen_elsewhere(object_id: str) -> bool:
    """Whether another connection (another thread, its own database connection) sees the event."""
    seen: list[bool] = []

    def look():
        try:
            seen.append(AuditEvent.objects.filter(object_id=object_id).exists())
        finally:
            connection.close()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return seen[0]


@pytest.mark.django_db(transaction=True)
def test_a_lone_event_is_committed_and_on_disk_before_audit_record_returns():
    """An event written on its own is committed when audit_record returns, on both databases. PostgreSQL
    releases the chain lock before that commit's WAL flush (early lock release), so the writer must then wait
    for the flush itself: the WAL position right after the event's commit must be flushed by the time
    audit_record returns."""
    user = UserFactory(username="ghi", agency=AgencyFactory(code="BTC", is_hub=True))
    committed_at: list[str] = []

    def note_commit_position(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if (
            connection.vendor == "postgresql"
            and sql.startswith("INSERT INTO")
            and AuditEvent._meta.db_table in sql
        ):
            raw = connection.connection  # the event's statement has committed (autocommit); no xid here
            committed_at.append(raw.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()[0])
        return result

    with connection.execute_wrapper(note_commit_position):
        audit_record(action=registry.RECORD_READ, actor=user, object_type="cases.case", object_id="lone-1")
    assert not connection.in_atomic_block
    assert _seen_elsewhere("lone-1"), "audit_record returned with its event still uncommitted"
    if connection.vendor != "postgresql":
        return  # SQLite: the commit above is the lock release; nothing is released before it
    assert committed_at
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [committed_at[0]])
        assert cursor.fetchone()[0], "audit_record returned before its event was flushed to disk"
        cursor.execute("SHOW synchronous_commit")  # the early release was for that one transaction only
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_an_event_inside_a_change_commits_with_the_change_and_keeps_it_synchronous():
    """Inside a caller's transaction the event is not visible before the change commits (both databases), and
    on PostgreSQL that transaction keeps synchronous commit: no early release for a change."""
    user = UserFactory(username="ghi", agency=AgencyFactory(code="BTC", is_hub=True))
    with transaction.atomic():
        event = audit_record(
            action=registry.RECORD_READ, actor=user, object_type="cases.case", object_id="chg-1"
        )
        assert not _seen_elsewhere("chg-1")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone()[0] == "on"
    assert _seen_elsewhere("chg-1")
    assert event.seq >= 1 and audit_verify().ok
