"""`phoihop user add USERNAME --agency CODE --role ROLE[,ROLE] --clearance LEVEL [--api-only]`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.choices import CLEARANCE_SLUGS, Clearance
from phoihop.core.models import Agency
from phoihop.core.services import user_create


class Command(BaseCommand):
    help = "Quản lý người dùng: user add USERNAME --agency CODE --role ROLE[,ROLE] --clearance LEVEL"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        add = sub.add_parser("add", help="Tạo tài khoản")
        add.add_argument("username")
        add.add_argument("--agency", required=True, help="Mã cơ quan, ví dụ BTC")
        add.add_argument(
            "--role",
            required=True,
            help="clerk, officer, leader, liaison, auditor, admin (phân tách bằng dấu phẩy)",
        )
        add.add_argument("--clearance", required=True, choices=sorted(CLEARANCE_SLUGS))
        add.add_argument(
            "--api-only", action="store_true", help="Tài khoản tích hợp, chỉ đăng nhập bằng khóa API"
        )
        add.add_argument("--password-stdin", action="store_true", help="Đọc mật khẩu từ đầu vào chuẩn")
        add.add_argument("--full-name", default="", help="Họ và tên (mặc định: tên đăng nhập)")
        add.add_argument("--position", default="")
        add.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code__iexact=options["agency"].strip()).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan mã {options['agency']!r}. (Unknown agency code.)")
        password = None
        if options["password_stdin"]:
            if options["api_only"]:
                raise CommandError("Tài khoản tích hợp không dùng mật khẩu; bỏ --password-stdin.")
            password = sys.stdin.readline().rstrip("\n")
        try:
            user, generated = user_create(
                actor=None,
                username=options["username"],
                full_name=options["full_name"] or options["username"],
                agency=agency,
                roles=options["role"].split(","),
                clearance=Clearance.from_slug(options["clearance"]),
                is_api_only=options["api_only"],
                password=password,
                position=options["position"],
                email=options["email"],
            )
        except ValidationError as exc:
            details = (
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                if hasattr(exc, "error_dict")
                else " ".join(exc.messages)
            )
            raise CommandError(f"Không tạo được tài khoản: {details}") from None
        self.stdout.write(
            f"Đã tạo tài khoản {user.username} ({agency.code}, {', '.join(sorted(user.role_codes))})."
        )
        if generated:
            self.stdout.write(f"Mật khẩu ban đầu: {generated}")
