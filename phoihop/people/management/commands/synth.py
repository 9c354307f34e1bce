"""`phoihop synth --persons N [--cases M] [--letters L]`: fictional data at scale, with a progress bar (one
option per loader the apps register: persons here, cases and letters from their apps)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.loaders import synth_loaders
from phoihop.core.models import Agency


class Command(BaseCommand):
    help = "Sinh dữ liệu hư cấu với số lượng lớn (chỉ dùng cho thử nghiệm, trình diễn)."

    def add_arguments(self, parser: CommandParser) -> None:
        # one `--<name> N` per loader the apps registered
        # (core/loaders.py): persons here, cases from the cases app
        for loader in synth_loaders():
            parser.add_argument(f"--{loader.name}", type=int, default=0, help=loader.help)
        parser.add_argument(
            "--relatives", type=int, default=2, choices=[0, 1, 2], help="thân nhân mỗi người (bố, mẹ)"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args: Any, **opts: Any) -> None:
        if not (settings.DEBUG or settings.DEMO):
            raise CommandError(
                "Không sinh dữ liệu hư cấu trong chế độ vận hành (đặt PHOIHOP_DEMO=1 để thử nghiệm)."
            )
        loaders = synth_loaders()
        if any(opts[loader.name] < 0 for loader in loaders):
            raise CommandError("Số lượng phải là số không âm.")
        hub = Agency.objects.filter(is_hub=True).first()
        if hub is None:
            raise CommandError("Chưa có cơ quan đầu mối: chạy `phoihop demo` hoặc tạo cơ quan trước.")
        for loader in loaders:
            if opts[loader.name]:
                done = loader.generate(
                    opts[loader.name], hub=hub, options=opts, stdout=self.stdout, stderr=self.stderr
                )
                self.stdout.write(self.style.SUCCESS(done))
