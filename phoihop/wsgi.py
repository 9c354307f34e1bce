"""WSGI entry point (gunicorn phoihop.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from phoihop.conf import config_errors_reported

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")
# Exit code 4 is gunicorn's "application failed to load": it stops instead of restarting the worker for ever.
with config_errors_reported(exit_code=4):
    application = get_wsgi_application()
