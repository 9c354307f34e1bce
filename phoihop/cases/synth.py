"""`phoihop synth --cases M`: fictional general-coordination cases at scale, opened by the hub's officer about
persons already there (registered with core/loaders.py from the cases app's `ready()`)."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import CommandError

from phoihop.cases.services import case_open
from phoihop.core.models import Agency, User
from phoihop.people.models import Person


def synth_cases(n: int, *, hub: Agency, options: dict[str, Any], stdout: Any, stderr: Any) -> str:
    officer = User.objects.filter(agency=hub, is_active=True, roles__code="officer").first()
    if officer is None:
        raise CommandError("Cơ quan đầu mối chưa có cán bộ (vai trò officer) để mở hồ sơ.")
    rng = random.Random(options["seed"])
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    partners = list(Agency.objects.filter(active=True, is_hub=False)[:8])
    for i in range(n):
        person = (
            Person.objects.filter(id__gte=rng.randint(1, max(top, 1))).order_by("id").first() if top else None
        )
        case_open(
            actor=officer,
            title=f"Phối hợp thẩm tra (tổng hợp) số {i + 1}",
            participants=rng.sample(partners, k=min(len(partners), rng.randint(0, 2))),
            subjects=[person] if person else [],
        )
        if (i + 1) % 100 == 0 or i + 1 == n:
            stderr.write(f"\r  {i + 1:,}/{n:,} hồ sơ", ending="")
    stderr.write("")
    return f"Đã mở {n:,} hồ sơ."
