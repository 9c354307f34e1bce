"""Background work of the consultation kind: each morning, the periods run out where silence is consent."""

from __future__ import annotations

from huey import crontab

from phoihop.audit.background import periodic_task
from phoihop.consultations.services import silence_sweep


@periodic_task(crontab(minute="30", hour="6"))
def consultation_silence() -> None:
    silence_sweep()
