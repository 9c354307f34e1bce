"""`phoihop audit verify | checkpoint | prune`: the tamper
evidence of the audit chain from the command line."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from phoihop.audit.selectors import audit_verify
from phoihop.audit.services import audit_checkpoint, audit_prune


class Command(BaseCommand):
    help = (
        "Nhật ký kiểm tra: verify (kiểm tra chuỗi và điểm ký), "
        "checkpoint (ký đầu chuỗi), prune (xóa theo thời hạn lưu)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify", "checkpoint", "prune"])
        parser.add_argument("--before", help="prune: xóa sự kiện trước ngày YYYY-MM-DD")
        parser.add_argument("--retention-days", type=int, help="prune: giữ lại chừng này ngày gần nhất")
        parser.add_argument(
            "--against",
            metavar="FILE",
            help=(
                "verify: đối chiếu thêm với bản sao tệp điểm ký giữ "
                "ngoài máy (against a copy kept off the machine)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _verify(self, options: dict[str, Any]) -> None:
        against = Path(options["against"]).expanduser() if options["against"] else None
        if against is not None and not against.is_file():
            raise CommandError(f"Không đọc được bản sao {against}. (cannot read the copy {against})")
        result = audit_verify(workers=min(os.cpu_count() or 1, 4), against=against)
        if not result.ok:
            self.stdout.write(
                f"Đầu chuỗi hiện lưu: #{result.head_seq} {result.head_hash} — đối chiếu với đầu chuỗi đã "
                "ghi lại trước đây. (chain head as stored now: compare it with the heads recorded earlier)"
            )
            where = f"sự kiện #{result.first_bad_seq}" if result.first_bad_seq else "tệp điểm ký"
            raise CommandError(
                f"Nhật ký bị can thiệp tại {where}: {result.problem} "
                f"(đã kiểm tra {result.checked} sự kiện hợp lệ trước đó). (audit chain broken)"
            )
        for note in result.notes:
            self.stdout.write(note)
        covered = f", điểm ký cuối phủ tới sự kiện #{result.covered_seq}" if result.covered_seq else ""
        self.stdout.write(
            f"Chuỗi nhật ký nguyên vẹn: {result.checked} sự kiện, "
            f"{result.checkpoints} điểm ký hợp lệ{covered}. (audit chain intact)"
        )
        if result.copy_lines is not None:
            self.stdout.write(
                f"Bản sao {against}: {result.copy_lines} dòng, khớp "
                "với tệp điểm ký và với chuỗi. (the copy agrees)"
            )
        self.stdout.write(
            f"Đầu chuỗi: #{result.head_seq} {result.head_hash} — hãy ghi lại ở nơi khác "
            "(sổ, máy khác) để đối chiếu về sau. (chain head: record it elsewhere)"
        )

    def _checkpoint(self, options: dict[str, Any]) -> None:
        entry = audit_checkpoint()
        if entry is None:
            self.stdout.write("Không có sự kiện mới từ điểm ký trước.")
        else:
            self.stdout.write(
                f"Đã ký điểm kiểm tra tại sự kiện #{entry['seq']} "
                f"({entry['hash']}) vào {settings.AUDIT_CHECKPOINT_FILE}"
            )

    def _prune(self, options: dict[str, Any]) -> None:
        if options["before"]:
            try:
                before = timezone.make_aware(datetime.strptime(options["before"], "%Y-%m-%d"))
            except ValueError:
                raise CommandError("--before cần dạng YYYY-MM-DD.") from None
        elif options["retention_days"] or settings.AUDIT_RETENTION_DAYS:
            before = timezone.now() - timedelta(
                days=options["retention_days"] or settings.AUDIT_RETENTION_DAYS
            )
        else:
            raise CommandError("Cần --before hoặc --retention-days (hoặc PHOIHOP_AUDIT_RETENTION_DAYS).")
        count = audit_prune(before=before)
        self.stdout.write(f"Đã xóa {count} sự kiện trước {before:%d/%m/%Y} (có ghi sự kiện xóa và điểm ký).")
