"""Django settings for phoihop, configured only from PHOIHOP_* environment variables (see README)."""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from phoihop.conf import env_bool, env_int, env_list, env_path, env_str, parse_database_url, parse_email_url

BASE_DIR = Path(__file__).resolve().parent
# pytest sets PYTEST_VERSION before anything is imported; tests then get a fixed, throw-away key.
TESTING = "PYTEST_VERSION" in os.environ or "test" in sys.argv[1:2]

DEBUG = env_bool("PHOIHOP_DEBUG", default=False)
DATA_DIR = env_path("PHOIHOP_DATA_DIR", default="var")
# A data directory prepared in demo mode (`make run`) carries this marker, so every later command run on it —
# `phoihop demo otp`, `phoihop token create`, `phoihop audit verify` — is in demo mode without PHOIHOP_DEMO=1
# typed in front. An explicit PHOIHOP_DEMO (even 0) wins; a production data directory has no marker; tests
# never read it (a developer's ./var must not change what the tests see).
DEMO_MARKER = DATA_DIR / "DEMO"
_DEMO_DIR = not TESTING and DEMO_MARKER.is_file()
# Demo mode: demo data, printed demo passwords and one-time codes. Never on in production mode.
DEMO = env_bool("PHOIHOP_DEMO", default=DEBUG or _DEMO_DIR)
PRODUCTION = not (DEBUG or DEMO or TESTING)


def _secret_key() -> str:
    key = env_str("PHOIHOP_SECRET_KEY")
    if key:
        if PRODUCTION and len(key) < 50:
            raise ImproperlyConfigured(
                "PHOIHOP_SECRET_KEY quá ngắn (cần ít nhất 50 ký tự ngẫu nhiên). "
                "(PHOIHOP_SECRET_KEY is too short: use at least 50 random characters.)"
            )
        return key
    if TESTING:
        return "phoihop-tests-only-" + "x" * 40
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Chưa đặt PHOIHOP_SECRET_KEY: chế độ vận hành (production) bắt buộc có khóa bí mật. "
            "Tạo khóa bằng: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'. "
            "(PHOIHOP_SECRET_KEY is not set: production mode requires a secret key.)"
        )
    # Demo/debug on one machine: a random key kept in the data directory so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _mark_demo_dir() -> None:
    """Demo mode asked for explicitly: remember it in the data directory (see DEMO_MARKER)."""
    if TESTING or not env_bool("PHOIHOP_DEMO", default=False) or DEMO_MARKER.is_file():
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DEMO_MARKER.write_text(
        "Thư mục dữ liệu trình diễn (hư cấu): mọi lệnh phoihop chạy trên thư mục này ở chế độ trình diễn.\n"
        "Demo data directory (fictional): every phoihop command run on it is in demo mode.\n"
    )


_mark_demo_dir()


def _encryption_key() -> str:
    """Attachments at rest: a 32-byte key, base64 (url-safe or standard). Production requires it; demo/debug
    keep a generated one in the data directory; tests use a fixed one."""
    key = env_str("PHOIHOP_ENCRYPTION_KEY")
    if key:
        return key
    if TESTING:
        return base64.urlsafe_b64encode(b"phoihop-tests-only-encryption-k!").decode()
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Chưa đặt PHOIHOP_ENCRYPTION_KEY: chế độ vận hành bắt buộc có khóa mã hóa tệp đính "
            "kèm. Tạo khóa bằng: python3 -c 'import base64,os; "
            "print(base64.urlsafe_b64encode(os.urandom(32)).decode())'. (PHOIHOP_ENCRYPTION_KEY "
            "is not set: production mode requires the attachment encryption key.)"
        )
    path = DATA_DIR / "keys" / "encryption.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()


ENCRYPTION_KEY = _encryption_key()
# Earlier keys, still accepted for reading until `phoihop documents rotate-key` has re-encrypted everything.
ENCRYPTION_OLD_KEYS = env_list("PHOIHOP_ENCRYPTION_OLD_KEYS", default=[])
UPLOAD_MAX_MB = env_int("PHOIHOP_UPLOAD_MAX_MB", default=50, minimum=1)
# A DOCX or XLSX is a ZIP: the total size of its parts once
# unpacked (what a parser has to read) is bounded too.
UPLOAD_MAX_EXPANDED_MB = env_int("PHOIHOP_UPLOAD_MAX_EXPANDED_MB", default=2 * UPLOAD_MAX_MB, minimum=1)
# Text extraction runs in a child process whose address space
# is capped at this size; above it, "could not extract".
EXTRACTION_MEMORY_MB = env_int("PHOIHOP_EXTRACTION_MEMORY_MB", default=512, minimum=64)
CLAMAV_COMMAND = env_str("PHOIHOP_CLAMAV_COMMAND")  # e.g. "clamdscan --no-summary"; empty: look for clamdscan
# Audit checkpoints: an Ed25519 key and an append-only file, both outside the database.
AUDIT_SIGNING_KEY_FILE = env_path(
    "PHOIHOP_AUDIT_KEY_FILE", default=str(DATA_DIR / "keys" / "audit-signing.pem")
)
AUDIT_CHECKPOINT_FILE = env_path(
    "PHOIHOP_AUDIT_CHECKPOINT_FILE", default=str(DATA_DIR / "audit" / "checkpoints.jsonl")
)
AUDIT_CHECKPOINT_MINUTES = env_int("PHOIHOP_AUDIT_CHECKPOINT_MINUTES", default=10, minimum=1)
REQUEST_MAX_EXTENSIONS = env_int("PHOIHOP_REQUEST_MAX_EXTENSIONS", default=2, minimum=0)
REQUEST_GRACE_DAYS = env_int("PHOIHOP_REQUEST_GRACE_DAYS", default=30, minimum=0)
# "Due soon" (cases/querysets.py): due within this many units of the deadline's own unit from today.
DUE_SOON_DAYS = env_int("PHOIHOP_DUE_SOON_DAYS", default=3, minimum=0)
BREAK_GLASS_MINUTES = env_int("PHOIHOP_BREAK_GLASS_MINUTES", default=30, minimum=1)
AUDIT_RETENTION_DAYS = env_int("PHOIHOP_AUDIT_RETENTION_DAYS", default=0, minimum=0)  # 0: keep for ever
# `phoihop serve`: parsed here with the rest, so a malformed
# value stops every command with the same clear message.
WEB_WORKERS = env_int("PHOIHOP_WEB_WORKERS", default=3, minimum=1)
PORT = env_int("PORT", default=8000, minimum=1)

ALLOWED_HOSTS = env_list("PHOIHOP_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Our apps come before allauth so that our templates override its defaults.
    "phoihop.core",
    "phoihop.audit",
    "phoihop.access",
    "phoihop.web",
    "phoihop.search",
    "phoihop.people",
    "phoihop.cases",
    "phoihop.general",  # the general-coordination case kind (each kind is an app registering its spec)
    "phoihop.documents",
    "phoihop.notify",
    "phoihop.letters",  # complaint and denunciation letters: a case kind with its identity vault
    "phoihop.vetting",  # political-standard vetting: a case kind, with batches for congresses and elections
    "phoihop.discipline",  # discipline notices: a case kind writing the people registry's discipline records
    "phoihop.consultations",  # personnel consultations (hiệp y, xin ý kiến): a case kind
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "huey.contrib.djhuey",
]
if TESTING:
    INSTALLED_APPS.append("phoihop.access.tests.testapp")  # a model with every kind of access rule
    # a small case kind with details, its own workflow and panel, registered like any kind app
    INSTALLED_APPS.append("phoihop.tests.testkind")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "phoihop.audit.middleware.RequestContextMiddleware",
    "phoihop.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phoihop.web.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "phoihop.core.middleware.SessionLifetimeMiddleware",
    "phoihop.core.middleware.RequireMFAMiddleware",
    "phoihop.notify.middleware.MarkSeenMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phoihop.urls"
WSGI_APPLICATION = "phoihop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phoihop.web.context_processors.shell",
            ],
        },
    }
]

# Widgets are written in Python to the bytes Django's templates would give (phoihop/web/renderers.py).
FORM_RENDERER = "phoihop.web.renderers.FastWidgetRenderer"

# --- Database --------------------------------------------------------------------------------------
_database_url = env_str("PHOIHOP_DATABASE_URL")
if _database_url:
    DATABASES = {"default": parse_database_url(_database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives here; SQLite will not create it
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "phoihop.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN
                # so two writers queue (busy_timeout) instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON; "
                    # a 64 MB page cache and memory-mapped reads: the registry's indexes stay hot
                    "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
                ),
            },
            # A file, not memory: tests with several connections at once behave as production does.
            "TEST": {"NAME": str(DATA_DIR / "test-phoihop.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background work ---------------------------------------------------------------------
REDIS_URL = env_str("PHOIHOP_REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {"huey_class": "huey.RedisHuey", "name": "phoihop", "url": REDIS_URL, "immediate": TESTING}
else:
    # Shared by every web worker and the background worker, and kept across restarts: rate limits, the MFA
    # code lockout and used one-time codes must not live in one process's memory (3 workers would mean 3 × the
    # guesses). The table is created by `migrate` (core's post_migrate hook runs createcachetable).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "phoihop_cache",
            # Culling starts above this; rate-limit counters must not be pushed out by a flood of other keys.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "phoihop",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
        "immediate": TESTING,
    }

# --- Users, sign-in, MFA, lockout ------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "phoihop.core.auth.HumanAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing strength is not under test; the default PBKDF2 makes each sign-in in a test take ~0.3 s.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "phoihop.core.auth.AccountAdapter"
ACCOUNT_FORMS = {"login": "phoihop.core.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}
MFA_ADAPTER = "phoihop.core.auth.MFAAdapter"
# The code step counts attempts in the shared cache and
# locks the account like a password lockout (core/auth.py).
MFA_FORMS = {
    "authenticate": "phoihop.core.auth.MFAAuthenticateForm",
    "reauthenticate": "phoihop.core.auth.MFAReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "phoihop"
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or DEMO

AXES_FAILURE_LIMIT = env_int("PHOIHOP_LOCKOUT_FAILURES", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("PHOIHOP_LOCKOUT_MINUTES", default=30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "phoihop.core.auth.axes_username"
AXES_LOCKOUT_CALLABLE = "phoihop.core.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Sessions: 15 minutes idle (the cookie is renewed on each request), 12 hours absolute.
SESSION_IDLE_SECONDS = env_int("PHOIHOP_SESSION_IDLE_MINUTES", default=15, minimum=1) * 60
SESSION_ABSOLUTE_SECONDS = env_int("PHOIHOP_SESSION_MAX_HOURS", default=12, minimum=1) * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# Idle expiry slides with activity, re-saved at most once
# a minute (core.middleware.SessionLifetimeMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "phoihop_session"
CSRF_COOKIE_NAME = "phoihop_csrf"
CSRF_FAILURE_VIEW = "phoihop.web.views.csrf_failure"

# --- Security headers (production sits behind a TLS reverse proxy) ---------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("PHOIHOP_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = [
    "security.W021"
]  # HSTS preload needs the public preload list: not for an isolated LAN

# --- Language, time, formats -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "phoihop_language"
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["phoihop.formats"]

# --- Static files: committed, served by the app itself (no CDN) -------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "files"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Page caps, set once -------------------------------------------------------------------------------
# Every list page shows PAGE_SIZE rows; the API's page-number lists serve PAGE_SIZE unless `?page_size=` asks
# for 1–API_MAX_PAGE_SIZE; the audit API's cursor pages serve AUDIT_API_PAGE_SIZE, `?page_size=`
# 1–AUDIT_API_MAX_PAGE_SIZE. Read when a list is served (pages, paginators and the OpenAPI schema alike),
# never copied into a module.
PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200
AUDIT_API_PAGE_SIZE = 100
AUDIT_API_MAX_PAGE_SIZE = 1000
# Lists count their rows up to LIST_COUNT_CAP (core/paging.py): past it a page says "more than" (20 pages of
# 50); counting a province's 20,000 cases on every page view cost more than the page itself (issue 15).
LIST_COUNT_CAP = 1_000

# --- REST API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "phoihop.core.api.authentication.ApiTokenAuthentication",
        "phoihop.core.api.authentication.MFASessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "phoihop.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": PAGE_SIZE,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["phoihop.core.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "phoihop.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "phoihop API",
    "DESCRIPTION": "API phối hợp bảo vệ chính trị nội bộ. Xác thực: `Authorization: Token <khóa>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Schema and docs only for a signed-in person (after MFA) or an API token, in every mode.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "phoihop.core.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "phoihop.core.choices.AgencyKind",
        "CaseKindEnum": "phoihop.cases.kinds.choices",  # the registered kinds, read when the schema is made
        "CalendarDayKindEnum": "phoihop.core.models.CalendarDayKind",
        "RequestKindEnum": "phoihop.cases.choices.RequestKind",
        "RequestStatusEnum": "phoihop.cases.choices.RequestStatus",
        "DeadlineUnitEnum": "phoihop.cases.choices.DeadlineUnit",
        "PersonStatusEnum": "phoihop.people.choices.PersonStatus",
        "UnitKindEnum": "phoihop.people.choices.UnitKind",
        "ManagementLevelEnum": "phoihop.people.choices.ManagementLevel",
        "SexEnum": "phoihop.people.choices.Sex",
        "LetterRegimeEnum": "phoihop.letters.choices.Regime",
        "DocumentRegimeEnum": "phoihop.documents.choices.DocFormat",
        "DisciplineAppealOutcomeEnum": "phoihop.discipline.choices.AppealOutcome",
    },
}

# --- E-mail and logging ----------------------------------------------------------------------------
globals().update(parse_email_url(env_str("PHOIHOP_EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("PHOIHOP_EMAIL_FROM", "phoihop@localhost")
EMAIL_NOTIFICATIONS = env_bool("PHOIHOP_EMAIL_NOTIFICATIONS", default=False)
BASE_URL = env_str("PHOIHOP_BASE_URL", "http://127.0.0.1:8000")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"worker": {"format": "[%(asctime)s] %(levelname)s:%(name)s:%(threadName)s:%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "worker": {"class": "logging.StreamHandler", "formatter": "worker"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "axes": {"level": "WARNING"},
        "phoihop": {"level": "INFO"},
        # The background worker's lines, once: run_huey adds its own handler only to a "huey" logger without
        # one, and that handler's lines also went up to the root handler — every line printed twice.
        "huey": {"handlers": ["worker"], "level": "INFO", "propagate": False},
    },
}
