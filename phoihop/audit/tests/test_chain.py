"""The hash chain and its signed checkpoints: every kind of tampering is found and named."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from phoihop.audit import checkpoints, registry
from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import audit_verify
from phoihop.audit.services import audit_checkpoint, audit_prune, audit_record, mask
from phoihop.core import audit_events as core_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"


@pytest.fixture
def chain(officer):
    for i in range(6):
        audit_record(
            action=core_events.AGENCY_UPDATE,
            actor=officer,
            object_type="core.agency",
            object_id=str(i),
            payload={"i": i, "tên": "Ủy ban Kiểm tra"},
        )
    return list(AuditEvent.objects.order_by("seq"))


def _seqs():
    return list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


def test_intact_chain_verifies(chain, capsys):
    audit_checkpoint()
    result = audit_verify()
    assert result.ok and result.checked == AuditEvent.objects.count() and result.checkpoints == 1
    call_command("audit", "verify")
    assert "nguyên vẹn" in capsys.readouterr().out


def test_sequence_is_gap_free_and_linked(chain):
    assert _seqs() == list(range(1, len(_seqs()) + 1))
    for prev, cur in pairwise(AuditEvent.objects.order_by("seq")):
        assert cur.prev_hash == prev.hash


def test_edited_event_is_named(chain):
    target = chain[2]
    AuditEvent.objects.filter(pk=target.pk).update(reason="sửa lén")
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == target.seq and "changed" in result.problem
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit", "verify")


def test_edited_payload_is_named(chain):
    target = chain[3]
    AuditEvent.objects.filter(pk=target.pk).update(payload=json.dumps({"i": 999}))
    assert audit_verify().first_bad_seq == target.seq


def test_deleted_event_is_named(chain):
    target = chain[3]
    AuditEvent.objects.filter(pk=target.pk)._raw_delete(AuditEvent.objects.db)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == target.seq and "missing" in result.problem


def test_inserted_event_is_named(chain, officer):
    # Make room after #3 and slip in a forged event whose
    # own hash is right but whose neighbours no longer link.
    tail = list(AuditEvent.objects.filter(seq__gt=3).order_by("-seq"))
    for event in tail:
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)
    forged = chain[2]
    AuditEvent.objects.create(
        **{f.name: getattr(forged, f.name) for f in AuditEvent._meta.fields if f.name != "id"}
        | {"seq": 4, "reason": "giả"}
    )
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 4


def test_swapped_pair_is_named(chain):
    a, b = chain[1], chain[2]
    AuditEvent.objects.filter(pk=a.pk).update(seq=-1)
    AuditEvent.objects.filter(pk=b.pk).update(seq=a.seq)
    AuditEvent.objects.filter(pk=a.pk).update(seq=b.seq)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == a.seq


def test_removed_tail_is_caught_by_the_signed_checkpoint(chain):
    audit_checkpoint()
    last = AuditEvent.objects.order_by("-seq").first()
    AuditEvent.objects.filter(pk=last.pk)._raw_delete(AuditEvent.objects.db)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == last.seq and "removed" in result.problem


def test_rewritten_history_is_caught_by_the_checkpoint(chain):
    """An attacker who rewrites an event and recomputes every
    later hash still disagrees with the signature."""
    from phoihop.audit.chain import event_texts, record_hash

    audit_checkpoint()
    events = list(AuditEvent.objects.order_by("seq"))
    prev = events[1].hash
    for event in events[2:]:
        event.reason = "viết lại" if event.seq == 3 else event.reason
        event.prev_hash = prev
        event.hash = record_hash(prev, event_texts(event))
        AuditEvent.objects.filter(pk=event.pk).update(
            reason=event.reason, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    result = audit_verify()
    assert not result.ok and "checkpoint" in result.problem


def test_truncated_checkpoint_file_is_named(chain, settings):
    audit_checkpoint()
    path = settings.AUDIT_CHECKPOINT_FILE
    path.write_bytes(path.read_bytes()[:-20])
    result = audit_verify()
    assert not result.ok and "truncated" in result.problem


def test_edited_checkpoint_line_is_named(chain, settings, officer):
    audit_checkpoint()
    audit_record(action=core_events.AGENCY_UPDATE, actor=officer, object_type="core.agency", object_id="x")
    audit_checkpoint()
    path = settings.AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    entry = json.loads(lines[0])
    entry["seq"] = 1
    lines[0] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n")
    result = audit_verify()
    assert not result.ok and "line 1" in result.problem


def test_removed_checkpoint_line_is_named(chain, settings, officer):
    for i in range(3):
        audit_record(
            action=core_events.AGENCY_UPDATE, actor=officer, object_type="core.agency", object_id=f"c{i}"
        )
        audit_checkpoint()
    path = settings.AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[2]]) + "\n")
    result = audit_verify()
    assert not result.ok and "line 2" in result.problem


def test_checkpoint_skips_when_nothing_new(chain):
    assert audit_checkpoint() is not None
    assert audit_checkpoint() is None
    assert len(checkpoints.read_checkpoints()) == 1


def test_signing_key_lives_outside_the_database_with_tight_permissions(chain, settings):
    audit_checkpoint()
    key = settings.AUDIT_SIGNING_KEY_FILE
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert key.with_suffix(".pub").exists()


def test_prune_keeps_a_verifiable_chain(chain, officer):
    old = timezone.now() - timedelta(days=400)
    for i in range(3):
        audit_record(
            action=core_events.AGENCY_UPDATE,
            actor=officer,
            object_type="core.agency",
            object_id=f"cu{i}",
            occurred_at=old,
        )
    cutoff = timezone.now() - timedelta(days=365)
    before_count = AuditEvent.objects.count()
    removed = audit_prune(before=cutoff)
    assert removed == before_count  # every event up to the last old one
    result = audit_verify()
    assert result.ok, result.problem
    assert result.notes and "pruned" in result.notes[0]
    prune_event = AuditEvent.objects.get(action="audit.prune")
    assert prune_event.payload_data["count"] == removed


def test_rolled_back_change_leaves_no_event(officer):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(
            action=core_events.AGENCY_UPDATE, actor=officer, object_type="core.agency", object_id="r"
        )
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before


def test_events_cannot_be_updated_or_deleted_through_the_model(chain):
    event = chain[0]
    event.reason = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_unregistered_event_type_is_refused():
    with pytest.raises(LookupError):
        audit_record(action=registry.EventType("khong.ton.tai", "x"))


def test_registering_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        registry.register("auth.login", "x")


def test_masking_of_sensitive_values():
    assert mask({"password": "x", "nested": [{"api_token": "y", "name": "z"}]}) == {
        "password": "***",
        "nested": [{"api_token": "***", "name": "z"}],
    }


def test_deleting_a_user_never_rewrites_their_events(admin_user):
    from phoihop.core.services import agency_create

    agency_create(actor=admin_user, code="XOA", name="Thử")
    admin_user.roles.clear()
    type(admin_user).objects.filter(pk=admin_user.pk).delete()
    assert audit_verify().ok
    assert AuditEvent.objects.filter(actor_name="quantri").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", ["none", "edit-late", "delete-boundary", "relink-boundary"])
def test_parallel_verification_finds_the_same_things(settings, tmp_path, tamper):
    from phoihop.core.tests.factories import AgencyFactory, UserFactory

    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "cp.jsonl"
    user = UserFactory(username="song.song", agency=AgencyFactory(code="BTC", is_hub=True))
    for i in range(300):
        audit_record(action=registry.RECORD_READ, actor=user, object_type="cases.case", object_id=str(i))
    last = AuditEvent.objects.order_by("-seq").first().seq
    boundary = 1 + -(-last // 2)  # the first event of the second range with two workers
    if tamper == "edit-late":
        AuditEvent.objects.filter(seq=last - 5).update(reason="sửa")
    elif tamper == "delete-boundary":
        AuditEvent.objects.filter(seq=boundary)._raw_delete(AuditEvent.objects.db)
    elif tamper == "relink-boundary":
        AuditEvent.objects.filter(seq=boundary).update(prev_hash="f" * 64)
    serial = audit_verify()
    parallel = audit_verify(workers=2, parallel_from=0)
    assert (serial.ok, serial.first_bad_seq, serial.checked) == (
        parallel.ok,
        parallel.first_bad_seq,
        parallel.checked,
    )
    expected = {
        "none": None,
        "edit-late": last - 5,
        "delete-boundary": boundary,
        "relink-boundary": boundary,
    }[tamper]
    assert parallel.first_bad_seq == expected and parallel.ok is (tamper == "none")


def test_every_link_is_what_python_computes(chain, officer):
    """PostgreSQL links events in a trigger and verifies them with the same SQL expression: this recomputes
    every hash in Python from the stored values, so a fault in that shared expression cannot hide."""
    from phoihop.audit.chain import GENESIS_HASH, event_texts, record_hash

    with transaction.atomic():  # inside a caller's transaction, as most writes are
        audit_record(action=registry.RECORD_READ, actor=officer, obj=officer, reason="kiểm tra\x1fký tự")
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        assert event.prev_hash == prev
        assert event.hash == record_hash(prev, event_texts(event)), event.seq
        prev = event.hash
