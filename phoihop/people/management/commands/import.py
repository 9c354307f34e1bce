"""`phoihop import persons FILE.xlsx|csv`: a row-level validation report; nothing is saved unless every row
passes (or `--skip-invalid`); rows that look like someone already registered are flagged and not saved unless
`--accept-duplicates`. Every person is registered for a basis: the row's "Căn cứ đăng ký" column, else
`--basis` (default: the member register of a unit the agency manages) or `--case NUMBER` (the case basis)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.models import Agency, User
from phoihop.core.services import user_create
from phoihop.people.bases import DEFAULT_IMPORT_BASIS
from phoihop.people.models import RegistrationBasis

SYSTEM_IMPORTER = "nhap.he-thong"


def system_importer() -> User:
    """The account command-line imports run as when no --as is given: the hub's, unable to sign in at all."""
    user = User.objects.filter(username=SYSTEM_IMPORTER).first()
    if user is None:
        hub = Agency.objects.filter(is_hub=True).first()
        if hub is None:
            raise CommandError("Chưa có cơ quan đầu mối: chạy `phoihop demo` hoặc tạo cơ quan trước.")
        user, _password = user_create(
            actor=None,
            username=SYSTEM_IMPORTER,
            full_name="Nhập dữ liệu từ dòng lệnh",
            agency=hub,
            roles=["clerk"],
            clearance=3,
            is_api_only=True,
        )
    return user


class Command(BaseCommand):
    help = "Nhập danh sách cán bộ, đảng viên từ tệp CSV hoặc XLSX (kiểm tra từng dòng trước khi lưu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["persons"])
        parser.add_argument("file")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="lưu các dòng hợp lệ, bỏ qua dòng lỗi"
        )
        parser.add_argument(
            "--accept-duplicates", action="store_true", help="lưu cả dòng có thể trùng người đã có"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")
        parser.add_argument(
            "--as", dest="as_user", help="tên đăng nhập của người nhập (mặc định: tài khoản hệ thống)"
        )
        parser.add_argument(
            "--basis",
            default=None,
            help=f"mã căn cứ đăng ký cho các dòng không ghi căn cứ (mặc định: {DEFAULT_IMPORT_BASIS}; "
            "với --case: căn cứ theo hồ sơ vụ việc)",
        )
        parser.add_argument("--case", default=None, help="số hồ sơ vụ việc (đăng ký theo hồ sơ)")

    def handle(self, *args: Any, **opts: Any) -> None:
        from phoihop.people.imports import ImportError_, run_import

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        if opts["as_user"]:
            actor = User.objects.filter(username=opts["as_user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng đang hoạt động tên {opts['as_user']}.")
        else:
            actor = system_importer()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r  kiểm tra {done:,}/{total:,} dòng")
            if done >= total:
                sys.stderr.write("\n")

        basis = opts["basis"] or (None if opts["case"] else DEFAULT_IMPORT_BASIS)
        if basis and not RegistrationBasis.objects.filter(code=basis.lower(), active=True).exists():
            raise CommandError(
                f"Không có căn cứ đăng ký đang áp dụng mã “{basis}” (xem trang Căn cứ đăng ký)."
            )
        try:
            report = run_import(
                actor=actor,
                name=path.name,
                content=path.read_bytes(),
                skip_invalid=opts["skip_invalid"],
                accept_duplicates=opts["accept_duplicates"],
                dry_run=opts["dry_run"],
                progress=progress,
                basis=basis,
                case=opts["case"],
            )
        except ImportError_ as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for row in report.rows:
            for error in row.errors:
                self.stdout.write(f"dòng {row.line} ({row.name}): LỖI — {error}")
            for dup in row.duplicates:
                self.stdout.write(f"dòng {row.line} ({row.name}): CÓ THỂ TRÙNG — {dup}")
        summary = (
            f"{len(report.rows):,} dòng; {len(report.invalid):,} lỗi; {len(report.flagged):,} có thể trùng; "
            f"đã lưu {report.saved:,} (người nhập: {actor.username}, tài khoản máy: {getpass.getuser()})."
        )
        if report.saved or (not report.invalid and not report.flagged):
            self.stdout.write(
                self.style.SUCCESS(summary if not opts["dry_run"] else "Kiểm tra xong, chưa lưu. " + summary)
            )
            return
        raise CommandError(
            "Không lưu gì. " + summary + " Sửa tệp, hoặc dùng --skip-invalid / --accept-duplicates."
        )
