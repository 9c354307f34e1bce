"""`phoihop synth --letters N`: fictional letters at scale, taken in by the hub's clerks and officers about
persons already registered (some of them near duplicates of earlier ones, so the related-letter matching has
something to find), through the same `case_open` as a page (registered with core/loaders.py)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from phoihop.cases.services import case_open
from phoihop.core.models import Agency, User
from phoihop.letters import textgen
from phoihop.letters.choices import Channel, IdentityStatus, LetterType, Regime
from phoihop.people.models import Person

FAMILY = ["Phạm", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Tô"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Hữu Định", "Thị Giang", "Văn Hải", "Minh Hiếu"]


def synth_letters(n: int, *, hub: Agency, options: dict[str, Any], stdout: Any, stderr: Any) -> str:
    clerk = User.objects.filter(agency=hub, is_active=True, roles__code__in=["clerk", "officer"]).first()
    if clerk is None:
        raise CommandError("Cơ quan đầu mối chưa có văn thư hoặc chuyên viên để tiếp nhận đơn.")
    rng = random.Random(options["seed"])
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    today = timezone.localdate()
    earlier: list[list[str]] = []
    for i in range(n):
        person = (
            Person.objects.filter(id__gte=rng.randint(1, max(top, 1))).order_by("id").first() if top else None
        )
        texts = (
            textgen.near_duplicate(rng, rng.choice(earlier))
            if earlier and rng.random() < 0.1
            else textgen.allegations(rng)
        )
        earlier = [*earlier, texts][-200:]
        status = rng.choices(list(IdentityStatus.values), weights=[8, 2, 1, 1])[0]
        writers = (
            [{"name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)} (hư cấu)", "address": "Địa chỉ hư cấu"}]
            if status in (IdentityStatus.NAMED, IdentityStatus.FALSE_NAME)
            else []
        )
        case_open(
            actor=clerk,
            kind="letter",
            title=f"Đơn thư tổng hợp số {i + 1} (hư cấu)",
            classification=rng.choice([0, 1]) if clerk.clearance >= 1 else 0,
            subjects=[person] if person else [],
            details={
                "channel": rng.choice([Channel.POST, Channel.IN_PERSON, Channel.ONLINE]),
                "received_on": today - timedelta(days=rng.randint(0, 400)),
                "letter_type": rng.choices(list(LetterType.values), weights=[3, 5, 1, 2, 1])[0],
                "regime": rng.choices(list(Regime.values), weights=[3, 1])[0],
                "identity_status": status,
                "signatories": 1,
                "allegations": texts,
                "writers": writers,
            },
        )
        if (i + 1) % 100 == 0 or i + 1 == n:
            stderr.write(f"\r  {i + 1:,}/{n:,} đơn", ending="")
    stderr.write("")
    return f"Đã tiếp nhận {n:,} đơn thư."
