"""The `phoihop` console script: every Django management command plus phoihop's own (demo, serve, user…)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from phoihop.conf import config_errors_reported

    with config_errors_reported():
        # Settings first: Django would otherwise note the error, go on, and fail later with a traceback.
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
