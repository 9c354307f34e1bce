"""The hash chain: intact chains verify; a changed, removed, inserted or reordered event is named."""

from __future__ import annotations

from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.audit import registry
from phoihop.audit.models import AuditChainHead, AuditEvent
from phoihop.audit.selectors import audit_verify
from phoihop.audit.services import audit_record, mask

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(officer):
    for i in range(5):
        audit_record(
            action=registry.AGENCY_UPDATE,
            actor=officer,
            object_type="core.agency",
            object_id=str(i),
            payload={"i": i},
        )
    return list(AuditEvent.objects.order_by("seq"))


def test_intact_chain_verifies(chain, capsys):
    result = audit_verify()
    assert result.ok and result.checked == AuditEvent.objects.count()
    call_command("audit", "verify")
    assert "nguyên vẹn" in capsys.readouterr().out


def test_sequence_and_links(chain):
    seqs = [e.seq for e in AuditEvent.objects.order_by("seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    events = list(AuditEvent.objects.order_by("seq"))
    for prev, cur in pairwise(events):
        assert cur.prev_hash == prev.hash


def test_changed_event_is_named(chain):
    target = chain[2]
    AuditEvent.objects.filter(pk=target.pk).update(payload={"i": 999})
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == target.seq and "changed" in result.problem
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit", "verify")


def test_removed_event_is_named(chain):
    target = chain[3]
    AuditEvent.objects.filter(pk=target.pk)._raw_delete(AuditEvent.objects.db)  # bypass the model's refusal
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == target.seq


def test_removed_tail_is_detected_by_the_head(chain):
    last = AuditEvent.objects.order_by("-seq").first()
    AuditEvent.objects.filter(pk=last.pk)._raw_delete(AuditEvent.objects.db)
    assert not audit_verify().ok


def test_reordered_events_are_detected(chain):
    a, b = chain[1], chain[2]
    AuditEvent.objects.filter(pk=a.pk).update(seq=-1)
    AuditEvent.objects.filter(pk=b.pk).update(seq=a.seq)
    AuditEvent.objects.filter(pk=a.pk).update(seq=b.seq)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == a.seq


def test_events_cannot_be_updated_or_deleted_through_the_model(chain):
    event = chain[0]
    event.reason = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_head_tracks_last_event(chain):
    head = AuditChainHead.objects.get(pk=1)
    last = AuditEvent.objects.order_by("-seq").first()
    assert (head.seq, head.hash) == (last.seq, last.hash)


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
