"""`phoihop synth --discipline N`: N fictional discipline notices about members of the hub's registry, opened
and recorded through the same services as the pages (registered with core/loaders.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from phoihop.cases.services import case_open
from phoihop.core.models import Agency, User
from phoihop.discipline import rules, services
from phoihop.people.models import Person
from phoihop.transactions import batch

SANCTIONS = ("reprimand", "warning", "reprimand", "warning", "expulsion")


def synth_discipline(n: int, *, hub: Agency, options: dict[str, Any], stdout: Any, stderr: Any) -> str:
    officer = User.objects.filter(agency=hub, is_active=True, roles__code__in=["officer", "leader"]).first()
    if officer is None:
        raise CommandError("Cơ quan đầu mối chưa có chuyên viên hoặc lãnh đạo để ghi thông báo kỷ luật.")
    rules.ensure_defaults()
    pool = list(
        Person.objects.filter(
            owner_agency=hub, status="member", merged_into__isnull=True, anonymised_at__isnull=True
        ).order_by("id")[:n]
    )
    if len(pool) < n:
        raise CommandError("Sổ đăng ký không đủ đảng viên; hãy tạo thêm người trước.")
    today, made = timezone.localdate(), 0
    for start in range(0, n, 50):

        @batch()
        def chunk(rows: list[Person] = pool[start : start + 50], first: int = start) -> None:
            for i, person in enumerate(rows, first):
                decided = today - timedelta(days=30 + i % 700)
                case = case_open(
                    actor=officer,
                    kind="discipline",
                    title=f"Thông báo kỷ luật tổng hợp số {i + 1} (hư cấu)",
                    subject_name=person.full_name,
                    classification=min(2, int(officer.clearance)),
                    details={
                        "person": str(person.uuid),
                        "subject_type": "member",
                        "origin": "party",
                        "sanction": SANCTIONS[i % len(SANCTIONS)],
                        "violation": "Vi phạm hư cấu.",
                        "deciding_level": "inspection",
                        "deciding_body": "Ủy ban Kiểm tra hư cấu",
                        "decision_number": f"{i + 1}-QĐ/HC",
                        "decided_on": decided.isoformat(),
                        "effective_on": decided.isoformat(),
                        "received_on": (decided + timedelta(days=3)).isoformat(),
                    },
                )
                if i % 3:
                    services.record(actor=officer, case=case)

        chunk()
        made = min(n, start + 50)
        stderr.write(f"\r  {made:,}/{n:,} thông báo kỷ luật", ending="")
    stderr.write("")
    return f"Đã tạo {made:,} thông báo kỷ luật."
