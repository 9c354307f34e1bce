"""`phoihop token create USERNAME`: prints a new API token for an API-only account (the last word)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.models import User
from phoihop.core.services import token_create


class Command(BaseCommand):
    help = "Cấp khóa API cho tài khoản tích hợp: token create USERNAME"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Cấp khóa mới")
        create.add_argument("username")
        create.add_argument("--name", default="", help="Tên gợi nhớ của khóa")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"].strip()).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['username']!r}. (Unknown user.)")
        try:
            _token, raw = token_create(actor=None, user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        # the token alone on the last line (also the last word printed), for scripts
        self.stdout.write(f"Khóa API mới cho {user.username} (chỉ hiển thị một lần):")
        self.stdout.write(raw)
