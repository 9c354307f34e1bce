"""`phoihop synth --persons N [--cases M] [--letters L]`: fictional data at scale, with a progress bar."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.models import Agency, User


class Command(BaseCommand):
    help = "Sinh dữ liệu hư cấu với số lượng lớn (chỉ dùng cho thử nghiệm, trình diễn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=0, help="số cán bộ, đảng viên hư cấu")
        parser.add_argument("--cases", type=int, default=0, help="số hồ sơ phối hợp chung hư cấu")
        parser.add_argument("--letters", type=int, default=0, help="số đơn thư (chưa hỗ trợ)")
        parser.add_argument(
            "--relatives", type=int, default=2, choices=[0, 1, 2], help="thân nhân mỗi người (bố, mẹ)"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args: Any, **opts: Any) -> None:
        from phoihop.people.synth import generate_persons, print_progress

        if not (settings.DEBUG or settings.DEMO):
            raise CommandError(
                "Không sinh dữ liệu hư cấu trong chế độ vận hành (đặt PHOIHOP_DEMO=1 để thử nghiệm)."
            )
        if opts["letters"]:
            raise CommandError(
                "Chưa có loại hồ sơ đơn thư; --letters sẽ dùng được khi loại hồ sơ này được xây dựng."
            )
        if min(opts["persons"], opts["cases"]) < 0:
            raise CommandError("Số lượng phải là số không âm.")
        hub = Agency.objects.filter(is_hub=True).first()
        if hub is None:
            raise CommandError("Chưa có cơ quan đầu mối: chạy `phoihop demo` hoặc tạo cơ quan trước.")
        if opts["persons"]:
            self.stdout.write(f"Sinh {opts['persons']:,} cán bộ, đảng viên hư cấu…")
            done = generate_persons(opts["persons"], agency=hub, seed=opts["seed"], batch=opts["batch"],
                                    relatives=opts["relatives"], progress=print_progress)  # fmt: skip
            self.stdout.write(self.style.SUCCESS(f"Đã sinh {done:,} người."))
        if opts["cases"]:
            self._cases(opts["cases"], hub, opts["seed"])

    def _cases(self, n: int, hub: Agency, seed: int) -> None:
        from phoihop.cases.services import case_open
        from phoihop.people.models import Person

        officer = User.objects.filter(agency=hub, is_active=True, roles__code="officer").first()
        if officer is None:
            raise CommandError("Cơ quan đầu mối chưa có cán bộ (vai trò officer) để mở hồ sơ.")
        rng = random.Random(seed)
        top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
        partners = list(Agency.objects.filter(active=True, is_hub=False)[:8])
        for i in range(n):
            person = (
                Person.objects.filter(id__gte=rng.randint(1, max(top, 1))).order_by("id").first()
                if top
                else None
            )
            case_open(actor=officer, title=f"Phối hợp thẩm tra (tổng hợp) số {i + 1}",
                      participants=rng.sample(partners, k=min(len(partners), rng.randint(0, 2))),
                      subjects=[person] if person else [])  # fmt: skip
            if (i + 1) % 100 == 0 or i + 1 == n:
                self.stderr.write(f"\r  {i + 1:,}/{n:,} hồ sơ", ending="")
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"Đã mở {n:,} hồ sơ."))
