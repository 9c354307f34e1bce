"""`phoihop demo` loads the fictional demo province; `phoihop
demo otp USERNAME` prints a current one-time code."""

from __future__ import annotations

import io
from typing import Any

import qrcode
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core import demo
from phoihop.core.loaders import demo_loaders
from phoihop.core.models import User


class Command(BaseCommand):
    help = "Nạp tỉnh trình diễn (hư cấu) nếu cơ sở dữ liệu trống; 'demo otp USERNAME' in mã OTP hiện tại."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["load", "otp"], default="load")
        parser.add_argument("username", nargs="?")
        parser.add_argument(
            "--qr", action="store_true", help="Với otp: in thêm mã QR để đăng ký ứng dụng xác thực"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError(
                "Dữ liệu trình diễn bị từ chối ở chế độ vận hành (production). Đặt "
                "PHOIHOP_DEMO=1 trên máy thử nghiệm. (Demo data is refused in production mode.)"
            )
        if options["action"] == "otp":
            self._otp(options["username"], show_qr=options["qr"])
            return
        if demo.demo_is_loaded():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; không nạp lại tỉnh trình diễn.")
            token = None
        else:
            token = demo.demo_load()
            # then what each app registered from its ready()
            # (people, cases, documents): core imports none of them
            for loader in demo_loaders():
                loader.load()
            self.stdout.write(self.style.SUCCESS(f"Đã nạp tỉnh trình diễn {demo.PROVINCE} (dữ liệu hư cấu)."))
        self._print_sign_ins(token)

    def _print_sign_ins(self, token: str | None) -> None:
        w = self.stdout.write
        w("")
        w("Tài khoản trình diễn — demo sign-ins")
        w(f"  Mật khẩu chung / password: {demo.DEMO_PASSWORD}")
        w("  Mã OTP hiện tại / current one-time code:  phoihop demo otp <tên đăng nhập> [--qr]")
        w("")
        w(
            f"  {'tên đăng nhập':<16} {'cơ quan':<8} {'vai trò':<18} "
            f"{'độ mật':<10} khóa TOTP (nhập vào ứng dụng xác thực)"
        )
        users = {u.username: u for u in User.objects.filter(username__in=[s.username for s in demo.USERS])}
        for spec in demo.USERS:
            user = users.get(spec.username)
            secret = demo.totp_secret(user) if user else None
            w(
                f"  {spec.username:<16} {spec.agency:<8} {','.join(spec.roles):<18} "
                f"{spec.clearance.slug:<10} {secret or '(chưa đăng ký)'}"
            )
        w("")
        if token:
            w(f"  Tài khoản tích hợp {demo.API_USER.username}: khóa API (chỉ hiện một lần) {token}")
        else:
            w(
                f"  Tài khoản tích hợp {demo.API_USER.username}: cấp khóa "
                f"mới bằng  phoihop token create {demo.API_USER.username}"
            )

    def _otp(self, username: str | None, *, show_qr: bool) -> None:
        if not username:
            raise CommandError("Cần tên đăng nhập: phoihop demo otp btc.chuyenvien")
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username!r}.")
        secret = demo.totp_secret(user)
        if secret is None:
            raise CommandError(f"Tài khoản {user.username} chưa đăng ký ứng dụng xác thực.")
        code, remaining = demo.current_code(secret)
        if show_qr:
            qr = qrcode.QRCode(border=1)
            qr.add_data(demo.totp_url(user, secret))
            out = io.StringIO()
            qr.print_ascii(out=out, invert=True)
            self.stdout.write(out.getvalue())
            self.stdout.write(f"Khóa TOTP: {secret}")
        # the code alone on the last line, so a script can take it with `tail -n 1`
        self.stdout.write(f"Mã OTP của {user.username} (còn hiệu lực {remaining} giây):")
        self.stdout.write(code)
