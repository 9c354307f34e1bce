"""`phoihop audit verify`: exit 0 if the hash chain is intact, 1 naming the first bad event otherwise."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.audit.selectors import audit_verify


class Command(BaseCommand):
    help = "Kiểm tra nhật ký kiểm tra (audit verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ tại sự kiện #{result.first_bad_seq}: {result.problem} "
                f"(đã kiểm tra {result.checked} sự kiện hợp lệ trước đó)."
            )
        self.stdout.write(f"Chuỗi nhật ký nguyên vẹn: {result.checked} sự kiện. (audit chain intact)")
