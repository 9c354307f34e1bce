"""`audit verify` must not pass when the checkpoint file went missing with the events it covered: a chain no
checkpoint covers fails unless the installation is new; the head is printed to be recorded elsewhere;
`--against FILE` checks a copy of the checkpoint file kept off the machine. The command, the API and the
auditor's page say the same."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from phoihop.audit import checkpoints
from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import NO_COVER, audit_verify
from phoihop.audit.services import audit_checkpoint, audit_prune, audit_record
from phoihop.core import audit_events as core_events
from phoihop.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def write(officer, n=6, *, age=timedelta(0), tag="e"):
    for i in range(n):
        audit_record(
            action=core_events.AGENCY_UPDATE,
            actor=officer,
            object_type="core.agency",
            object_id=f"{tag}{i}",
            occurred_at=timezone.now() - age,
        )


def drop_tail(n):
    for event in AuditEvent.objects.order_by("-seq")[:n]:
        AuditEvent.objects.filter(pk=event.pk)._raw_delete(AuditEvent.objects.db)


def cp_file():
    return checkpoints.checkpoint_path()


def verify_command(*args):
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


# --- no checkpoint covers the chain
# ------------------------------------------------------------------------------
def test_events_deleted_together_with_the_checkpoint_file_fail(officer):
    write(officer)
    audit_checkpoint()
    write(officer, 3, tag="later")
    drop_tail(3)  # the attacker removes the newest events …
    cp_file().unlink()  # … and the file whose line covered them
    result = audit_verify()
    assert not result.ok and NO_COVER in result.problem and "missing or empty" in result.problem
    with pytest.raises(CommandError, match=NO_COVER):
        verify_command()


def test_an_emptied_checkpoint_file_fails_too(officer):
    write(officer)
    audit_checkpoint()
    cp_file().write_bytes(b"")
    result = audit_verify()
    assert not result.ok and NO_COVER in result.problem


def test_an_old_chain_that_was_never_checkpointed_fails(settings):
    write(None, age=timedelta(minutes=2 * settings.AUDIT_CHECKPOINT_MINUTES + 1))
    assert not checkpoints.key_path().exists()
    result = audit_verify()
    assert not result.ok and NO_COVER in result.problem


def test_a_new_installation_needs_no_checkpoint_yet_and_says_so(officer, settings):
    write(officer, age=timedelta(minutes=2 * settings.AUDIT_CHECKPOINT_MINUTES - 5))
    result = audit_verify()
    assert result.ok and result.covered_seq is None
    assert any("new installation" in note for note in result.notes)
    assert "new installation" in verify_command()


def test_checkpoints_that_all_precede_the_chain_do_not_cover_it(officer):
    write(officer, 4, age=timedelta(days=400))
    audit_checkpoint()
    audit_prune(before=timezone.now() - timedelta(days=365))  # signs a checkpoint covering the prune event
    lines = cp_file().read_text().splitlines()
    assert len(lines) == 2
    cp_file().write_text(lines[0] + "\n")  # the line covering what remains is removed: the file still chains
    result = audit_verify()
    assert not result.ok and NO_COVER in result.problem and "before the chain's start" in result.problem


def test_a_covered_chain_reports_its_cover_and_uncovered_tail(officer):
    write(officer)
    audit_checkpoint()
    covered = AuditEvent.objects.order_by("-seq").first().seq
    write(officer, 2, tag="sau")
    result = audit_verify()
    assert result.ok and result.covered_seq == covered
    assert any("not yet covered" in note for note in result.notes)


# --- the head to record elsewhere
# --------------------------------------------------------------------------------
def test_the_head_is_printed_to_record_elsewhere(officer):
    write(officer)
    audit_checkpoint()
    head = AuditEvent.objects.order_by("-seq").first()
    out = verify_command()
    assert f"#{head.seq} {head.hash}" in out and "ghi lại ở nơi khác" in out
    result = audit_verify()
    assert (result.head_seq, result.head_hash) == (head.seq, head.hash)


# --- a copy kept off the machine
# ------------------------------------------------------------------------------------
@pytest.fixture
def copy(officer, tmp_path):
    write(officer)
    audit_checkpoint()
    write(officer, 2, tag="b")
    audit_checkpoint()
    kept = tmp_path / "usb" / "checkpoints.jsonl"
    kept.parent.mkdir()
    shutil.copy(cp_file(), kept)
    return kept


def test_a_copy_that_agrees_passes_and_the_local_file_may_have_grown(officer, copy):
    write(officer, 2, tag="c")
    audit_checkpoint()
    result = audit_verify(against=copy)
    assert result.ok and result.copy_lines == 2 and result.checkpoints == 3
    assert "khớp" in verify_command("--against", str(copy))


def test_lines_removed_from_the_local_file_with_their_events_are_found_by_the_copy(officer, copy):
    lines = cp_file().read_text().splitlines()
    cut = AuditEvent.objects.order_by("-seq").first().seq - int(lines[0].split('"seq":')[1].split(",")[0])
    drop_tail(cut)  # the events after the first checkpoint …
    cp_file().write_text(lines[0] + "\n")  # … and the line that covered them: locally everything still agrees
    assert audit_verify().ok
    result = audit_verify(against=copy)
    assert (
        not result.ok
        and "line 2 of the copy" in result.problem
        and "missing from the local" in result.problem
    )
    with pytest.raises(CommandError, match="line 2 of the copy"):
        verify_command("--against", str(copy))


def test_a_local_file_rewritten_with_a_new_key_disagrees_with_the_copy(officer, copy):
    """An attacker rewrites history, then replaces the key and re-signs a fresh file: the chain and the local
    file agree with each other, but not with the copy signed by the old key."""
    from phoihop.audit.chain import event_texts, record_hash

    events = list(AuditEvent.objects.order_by("seq"))
    prev = events[0].prev_hash
    for event in events:
        event.reason = "viết lại" if event.seq == 2 else event.reason
        event.prev_hash, event.hash = prev, record_hash(prev, event_texts(event))
        AuditEvent.objects.filter(pk=event.pk).update(
            reason=event.reason, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    cp_file().unlink()
    checkpoints.key_path().unlink()
    checkpoints.key_path().with_suffix(".pub").unlink()
    audit_checkpoint()
    assert audit_verify().ok
    result = audit_verify(against=copy)
    assert not result.ok and "copy line 1 is signed by an unknown key" in result.problem


def test_an_edited_copy_is_named(copy):
    text = copy.read_text().replace('"hash":"', '"hash":"0', 1)
    copy.write_text(text)
    result = audit_verify(against=copy)
    assert not result.ok and "copy line 1" in result.problem


def test_a_local_file_that_differs_from_the_copy_names_the_line(officer, copy):
    lines = copy.read_text().splitlines()
    # Another valid file of the same key: one checkpoint at the current head instead of the two the copy has.
    cp_file().unlink()
    audit_checkpoint()
    result = audit_verify(against=copy)
    assert not result.ok and "checkpoint line 1 differs from line 1 of the copy" in result.problem
    assert len(lines) == 2


def test_a_missing_local_file_with_a_copy_asks_for_the_copy_back(copy):
    cp_file().unlink()
    result = audit_verify(against=copy)
    assert (
        not result.ok
        and "line 1 of the copy" in result.problem
        and "missing from the local" in result.problem
    )
    shutil.copy(copy, cp_file())  # the operator restores it
    assert audit_verify(against=copy).ok


def test_an_unreadable_copy_is_a_clear_command_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được bản sao"):
        verify_command("--against", str(tmp_path / "khong-co.jsonl"))


# --- the API and the auditor's page say the same
# -----------------------------------------------------------------
@pytest.fixture
def auditor(hub):
    user = UserFactory(username="gs.btc", agency=hub, roles=["auditor"], clearance=3)
    client = Client()
    client.force_login(user)
    return client


def test_the_api_reports_a_chain_no_checkpoint_covers_and_the_head(officer, auditor):
    write(officer)
    audit_checkpoint()
    cp_file().unlink()
    data = auditor.get("/api/v1/audit/verify/").json()
    assert data["ok"] is False and NO_COVER in data["problem"]
    assert data["head_seq"] >= 6 and len(data["head_hash"]) == 64


def test_the_api_checks_an_uploaded_copy(officer, auditor, copy):
    ok = auditor.post("/api/v1/audit/verify/", {"against": SimpleUploadedFile("cp.jsonl", copy.read_bytes())})
    assert ok.status_code == 200 and ok.json()["ok"] is True and ok.json()["copy_lines"] == 2
    cp_file().write_text(cp_file().read_text().splitlines()[0] + "\n")
    bad = auditor.post(
        "/api/v1/audit/verify/", {"against": SimpleUploadedFile("cp.jsonl", copy.read_bytes())}
    ).json()
    assert bad["ok"] is False and "line 2 of the copy" in bad["problem"]
    missing = auditor.post("/api/v1/audit/verify/", {}, format="multipart")
    assert missing.status_code == 400 and "against" in missing.json()["errors"]


def test_the_page_reports_the_same_and_takes_a_copy(officer, auditor, copy):
    head = AuditEvent.objects.order_by("-seq").first()  # the verification is itself audited, after the check
    page = auditor.post("/audit/verify/").content.decode()
    assert "Nguyên vẹn" in page and f"#{head.seq} {head.hash}" in page
    checked = auditor.post("/audit/verify/", {"against": SimpleUploadedFile("cp.jsonl", copy.read_bytes())})
    assert "Bản sao: 2 dòng" in checked.content.decode()
    cp_file().unlink()
    broken = auditor.post("/audit/verify/").content.decode()
    assert "Phát hiện can thiệp" in broken and NO_COVER in broken
