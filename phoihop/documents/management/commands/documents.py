"""`phoihop documents rotate-key` (re-encrypt every attachment with the current PHOIHOP_ENCRYPTION_KEY) and
`phoihop documents cleanup` (remove blobs left by a crash between writing a file and saving its row)."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phoihop.documents import services


class Command(BaseCommand):
    help = "Bảo trì tài liệu đính kèm: đổi khóa mã hóa, dọn tệp mồ côi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate-key", "cleanup"])
        parser.add_argument("--older-than-minutes", type=int, default=60)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "rotate-key":

            def progress(done: int, total: int) -> None:
                sys.stderr.write(f"\r  {done:,}/{total:,}")

            changed = services.rotate_key(progress)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã mã hóa lại {changed:,} tệp bằng khóa hiện tại. "
                    "Có thể bỏ khóa cũ khỏi PHOIHOP_ENCRYPTION_OLD_KEYS."
                )
            )
        else:
            removed = services.cleanup_orphans(timedelta(minutes=opts["older_than_minutes"]))
            self.stdout.write(self.style.SUCCESS(f"Đã xóa {removed:,} tệp mồ côi."))
