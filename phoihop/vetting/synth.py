"""`phoihop synth --vetting N`: a fictional batch of N candidates from the hub's registry, vetted through the
same services as the pages (the batch's cases created by the batch runner), so the board and the lists have
realistic numbers (registered with core/loaders.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from phoihop.core.models import Agency, User
from phoihop.people.models import Person
from phoihop.vetting import batches, rules
from phoihop.vetting.models import Purpose


def synth_vetting(n: int, *, hub: Agency, options: dict[str, Any], stdout: Any, stderr: Any) -> str:
    officer = User.objects.filter(agency=hub, is_active=True, roles__code__in=["officer", "leader"]).first()
    if officer is None:
        raise CommandError("Cơ quan đầu mối chưa có chuyên viên hoặc lãnh đạo để yêu cầu thẩm định.")
    rules.ensure_defaults()
    made = 0
    while made < n:
        size = min(batches.MAX_CANDIDATES, n - made)
        pool = list(
            Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True, owner_agency=hub)
            .exclude(case_links__case__vetting__isnull=False)
            .order_by("id")[:size]
        )
        if not pool:
            raise CommandError("Sổ đăng ký không còn người chưa được thẩm định; hãy tạo thêm người trước.")
        rows = batches.check_rows(officer, [{"uuid": str(p.uuid)} for p in pool])
        group = batches.batch_request(
            actor=officer,
            name=f"Đợt thẩm định tổng hợp số {made // batches.MAX_CANDIDATES + 1} (hư cấu)",
            purpose=Purpose.objects.get(code="congress"),
            requesting_body="Cấp ủy hư cấu",
            deadline=timezone.localdate() + timedelta(days=60),
            classification=min(int(rules.policy().default_classification), int(officer.clearance)),
            rows=rows,
            start=False,
        )
        batches.run(group.pk)
        made += len(pool)
        stderr.write(f"\r  {made:,}/{n:,} hồ sơ thẩm định", ending="")
    stderr.write("")
    return f"Đã tạo {made:,} hồ sơ thẩm định."
