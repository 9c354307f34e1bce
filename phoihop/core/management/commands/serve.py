"""`phoihop serve`: gunicorn on 127.0.0.1:$PORT plus the background worker when running embedded."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và tiến trình nền (huey)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="", help="Địa chỉ:cổng (mặc định 127.0.0.1:$PORT, PORT mặc định 8000)"
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Số tiến trình web (mặc định PHOIHOP_WEB_WORKERS)"
        )
        parser.add_argument("--no-worker", action="store_true", help="Không chạy tiến trình nền ở đây")

    def handle(self, *args: Any, **options: Any) -> None:
        bind = options["bind"] or f"127.0.0.1:{settings.PORT}"
        call_command("collectstatic", interactive=False, verbosity=0)
        processes: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"] and not settings.REDIS_URL:
            processes.append(
                subprocess.Popen([sys.executable, "-m", "phoihop.cli", "run_huey", "--workers", "2"])
            )
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "phoihop.wsgi:application",
                    "--bind",
                    bind,
                    "--workers",
                    str(options["workers"] or settings.WEB_WORKERS),
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "10",
                ]
            )
        )
        self.stdout.write(f"phoihop đang chạy tại http://{bind}/  (Ctrl+C để dừng)")

        def stop(signum: int, frame: Any) -> None:
            for p in processes:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        finally:
            stop(0, None)
            for p in processes:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
        codes = [p.returncode for p in processes]
        if any(c not in (0, -signal.SIGTERM, None) for c in codes):
            sys.exit(1)
