"""`phoihop synth --consultations N`: N fictional consultations from the hub's registry, opened through the
same services as the pages, each consulting the Inspection Commission and the Police about one to three
candidates, about half of them answered (registered with core/loaders.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from phoihop.consultations import rules, services
from phoihop.consultations.models import Candidate
from phoihop.core.models import Agency, User
from phoihop.people.models import Person
from phoihop.transactions import batch


def synth_consultations(n: int, *, hub: Agency, options: dict[str, Any], stdout: Any, stderr: Any) -> str:
    from phoihop.cases.services import case_open

    officer = User.objects.filter(agency=hub, is_active=True, roles__code__in=["officer", "leader"]).first()
    if officer is None:
        raise CommandError("Cơ quan đầu mối chưa có chuyên viên hoặc lãnh đạo để mở hồ sơ hiệp y.")
    bodies = [a.code for a in Agency.objects.filter(active=True, code__in=("UBKT", "CA")).exclude(pk=hub.pk)]
    if not bodies:
        raise CommandError("Chưa có cơ quan phối hợp (UBKT, CA) để hỏi ý kiến.")
    answerers = {
        code: User.objects.filter(
            agency__code=code, is_active=True, roles__code__in=["liaison", "officer", "leader"]
        ).first()
        for code in bodies
    }
    rules.ensure_defaults()
    pool = list(
        Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True, owner_agency=hub)
        .order_by("id")
        .values_list("uuid", flat=True)[: max(3, n * 3)]
    )
    if not pool:
        raise CommandError("Sổ đăng ký chưa có người; hãy tạo người trước (--persons).")
    kinds = [k for k, *_ in rules.DEFAULT_TYPES]
    made = 0
    with batch():
        for i in range(n):
            people = [pool[(i * 3 + j) % len(pool)] for j in range(1 + i % 3)]
            case = case_open(
                actor=officer,
                kind="consultation",
                title=f"Hiệp y nhân sự tổng hợp số {i + 1} (hư cấu)",
                classification=0,
                details={
                    "type": kinds[i % len(kinds)],
                    "direction": "out" if i % 4 else "in",
                    "asking_body": "Cơ quan hư cấu",
                    "consulted": bodies,
                    "candidates": [
                        {"person": str(p), "proposed_position": "Chức vụ hư cấu"}
                        for p in dict.fromkeys(people)
                    ],
                },
            )
            made += 1
            if i % 2 == 0:
                candidates = list(Candidate.objects.filter(case=case).values_list("pk", flat=True))
                for user in answerers.values():
                    if user is not None:
                        services.opinion_give(
                            actor=user,
                            case=case,
                            answers=[{"candidate": c, "answer": "agree"} for c in candidates],
                        )
            stderr.write(f"\r  {made:,}/{n:,} hồ sơ hiệp y", ending="")
    stderr.write("")
    return f"Đã tạo {made:,} hồ sơ hiệp y."
