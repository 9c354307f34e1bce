"""Reading the audit chain: verification of every link."""

from __future__ import annotations

from dataclasses import dataclass

from phoihop.audit.models import AuditChainHead, AuditEvent
from phoihop.audit.services import GENESIS_HASH, compute_hash


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def _broken(checked: int, seq: int, problem: str) -> VerifyResult:
    return VerifyResult(ok=False, checked=checked, first_bad_seq=seq, problem=problem)


def audit_verify(*, batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in sequence order; report the first event changed, removed, inserted or reordered."""
    prev_hash, expected_seq, checked, last_seq = GENESIS_HASH, 1, 0, 0
    while True:
        batch = list(AuditEvent.objects.order_by("seq").filter(seq__gte=expected_seq)[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return _broken(checked, expected_seq, f"missing event #{expected_seq} (next is #{event.seq})")
            if event.prev_hash != prev_hash:
                return _broken(checked, event.seq, f"event #{event.seq} does not link to the previous one")
            if compute_hash(prev_hash, event) != event.hash:
                return _broken(checked, event.seq, f"event #{event.seq} was changed after it was written")
            prev_hash, expected_seq, last_seq = event.hash, expected_seq + 1, event.seq
            checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        return _broken(
            checked, last_seq + 1, f"chain head says #{head.seq} but the last event is #{last_seq}"
        )
    return VerifyResult(ok=True, checked=checked)
