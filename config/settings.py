"""danchu settings, read from the environment.

Safe defaults are for the embedded mode only (SQLite, local memory cache, tasks run inline).
Production sets DANCHU_ENV=production, SECRET_KEY, DANCHU_SITE_URL, DATABASE_URL, REDIS_URL and
ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DANCHU_ENV = os.environ.get("DANCHU_ENV", "development")
PRODUCTION = DANCHU_ENV == "production"
DANCHU_DEMO = env_bool("DANCHU_DEMO")
DEMO_PASSWORD = "danchu-demo"  # noqa: S105 (public demo accounts only)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when DANCHU_ENV=production")
    SECRET_KEY = "danchu-insecure-development-key-do-not-use-in-production-0123456789"  # noqa: S105

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused CSRF check is the site's own 403 page, in the visitor's language.
CSRF_FAILURE_VIEW = "danchu.core.error_views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "danchu.core",
    "danchu.audit",
    "danchu.anonymity",
    "danchu.facts",
    "danchu.organizations",
    "danchu.people",
    "danchu.notifications",
    "danchu.disclosures",
    "danchu.consultations",
    "danchu.conferences",
    "danchu.compliance",
    "danchu.home",
    "danchu.demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "danchu.core.csp_third_party.ThirdPartyStylesMiddleware",  # django-rq's own <style> blocks
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danchu.core.middleware.GenerationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danchu.core.middleware.VietnameseFirstLocaleMiddleware",
    "danchu.core.middleware.UnstorableTextMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns a refused login (request.axes_locked_out) into the 429 answer of
    # danchu.people.lockout, inside the request's language (its __call__ only: any place works).
    "axes.middleware.AxesMiddleware",
    "danchu.core.idempotency.IdempotencyMiddleware",  # last: it calls the view (issue 11.9)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "danchu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danchu.core.context_processors.site",
                "danchu.people.context_processors.reach",
                "danchu.notifications.context_processors.unread",
                "danchu.demo.context_processors.demo_accounts",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so danchu/templates/django/forms/ can replace the
# per-option includes of the select widget with an inline loop (see that template).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = Path(os.environ.get("DANCHU_SQLITE_PATH", BASE_DIR / "var" / "danchu.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            # Kept open between requests, as for PostgreSQL: opening one costs more than a page.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DANCHU_SQLITE_TEST_PATH", "")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
# Axes first: it refuses a locked-out account and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "danchu.people.backends.PeopleBackend",
]

# --- Cache, sessions, tasks -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Count each cached read's hits and misses in the cache (`cachestats:<read>:hit`/`:miss`), for
# measuring (bench/contention.py); off in production: every read then costs one more round trip.
DANCHU_CACHE_STATS = env_bool("DANCHU_CACHE_STATS")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Files, not process memory: the web server's workers and the task worker share progress
    # counters, sessions and cached reads (danchu.core.cache: culled once a minute).
    CACHES = {
        "default": {
            "BACKEND": "danchu.core.cache.FileCache",
            "LOCATION": str(BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Sessions are read from the cache on every request, and kept in the database too (a cache that
# is cleared or full logs nobody out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Tasks: the database queue (`manage.py db_worker`) by default, RQ on Redis in production.
_TASKS_BACKEND = os.environ.get("DANCHU_TASKS_BACKEND", "")
if not _TASKS_BACKEND:
    _TASKS_BACKEND = "django_tasks_rq.RQBackend" if REDIS_URL else "django_tasks_db.DatabaseBackend"
TASKS = {"default": {"BACKEND": _TASKS_BACKEND, "QUEUES": ["default"]}}
if _TASKS_BACKEND.startswith("django_tasks_rq"):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes, docs/deploy.md "Login lockout"): after DANCHU_LOGIN_FAILURE_LIMIT
# wrong passwords for one account from one address, that account is refused from that address for
# DANCHU_LOGIN_COOLOFF_MINUTES, counted from the last counted failure (tries during the lockout do
# not extend it). Other accounts from the same address, and the same account from elsewhere, go on.
DANCHU_LOGIN_FAILURE_LIMIT = int(os.environ.get("DANCHU_LOGIN_FAILURE_LIMIT", "5"))
DANCHU_LOGIN_COOLOFF_MINUTES = int(os.environ.get("DANCHU_LOGIN_COOLOFF_MINUTES", "15"))
# Reverse proxies in front of the web server that append the client's address to
# X-Forwarded-For (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`). 0: the
# address is REMOTE_ADDR, and X-Forwarded-For is ignored (a client could forge it).
DANCHU_TRUSTED_PROXY_COUNT = int(os.environ.get("DANCHU_TRUSTED_PROXY_COUNT", "0"))
AXES_FAILURE_LIMIT = DANCHU_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=DANCHU_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "danchu.people.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "danchu.people.lockout.lockout_response"
# Successful logins are not logged with their address and browser: the audit log records lockouts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
API_TOKEN_MAX_AGE = int(os.environ.get("DANCHU_API_TOKEN_MAX_AGE", str(60 * 60 * 24 * 30)))

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "danchu_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "danchu" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DANCHU_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Uploads above this are refused with a clear message (the staff import checks it too).
DANCHU_MAX_UPLOAD_BYTES = int(os.environ.get("DANCHU_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # HTTPS only (docs/deploy.md "HTTPS"): `manage.py check --deploy` passes with no warning.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # TLS ends at the reverse proxy, which says so in this header (nginx:
    # `proxy_set_header X-Forwarded-Proto $scheme;`). Empty when clients reach gunicorn directly
    # over TLS: a header a client may set must not decide what counts as HTTPS.
    _PROXY_SSL_HEADER = os.environ.get("DANCHU_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _PROXY_SSL_HEADER:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "danchu@localhost")
# The place named in the date line of generated documents (Decree 30/2020: "Bắc Giang, ngày ...").
DANCHU_PLACE_NAME = os.environ.get("DANCHU_PLACE_NAME", "Bắc Giang")
# Absolute address used in e-mails and printed notices (QR codes).
DANCHU_SITE_URL = os.environ.get("DANCHU_SITE_URL", "").rstrip("/")
if not DANCHU_SITE_URL:
    if PRODUCTION:  # it is printed on every notice's QR code: a wrong default would be on paper
        raise RuntimeError("DANCHU_SITE_URL must be set when DANCHU_ENV=production")
    DANCHU_SITE_URL = "http://127.0.0.1:8000"
# The Ed25519 key that signs checkpoints of the audit chains (danchu/audit/signing.py): kept
# outside the database, so that its owner cannot rewrite the log unnoticed. A PEM file, or its raw
# 32 bytes in base64; production must set one (system check audit.E001), development makes one
# under var/. Retired keys' public halves (base64) keep verifying what they signed.
DANCHU_AUDIT_SIGNING_KEY = os.environ.get("DANCHU_AUDIT_SIGNING_KEY", "")
_audit_key_file = os.environ.get("DANCHU_AUDIT_SIGNING_KEY_FILE", "")
DANCHU_AUDIT_SIGNING_KEY_FILE: Path | None = (
    Path(_audit_key_file)
    if _audit_key_file
    else None
    if PRODUCTION
    else BASE_DIR / "var" / "audit-signing-dev.pem"
)
DANCHU_AUDIT_RETIRED_PUBLIC_KEYS = env_list("DANCHU_AUDIT_RETIRED_PUBLIC_KEYS")
# Working days the head has to answer an information request, for units whose democracy
# regulation has not been recorded (organizations.UnitSettings). Not set by law: art. 48.4 of
# Law 10/2022/QH15 sets no deadline; art. 48.5 leaves the procedure to the unit's regulation.
DANCHU_INFORMATION_REQUEST_WORKING_DAYS = int(
    os.environ.get("DANCHU_INFORMATION_REQUEST_WORKING_DAYS", "10")
)
DANCHU_MAX_ATTACHMENT_BYTES = int(
    os.environ.get("DANCHU_MAX_ATTACHMENT_BYTES", str(20 * 1024 * 1024))
)

# --- Double submissions (issue 11, finding 9; danchu.core.idempotency) ------------------------
# A form's one-time key or an API Idempotency-Key is honoured this long (seconds); the daily
# `purge_idempotency_keys` command deletes older ones. `{% form_key %}` needs no `{% load %}`.
IDEMPOTENCY_KEY_TTL = int(os.environ.get("IDEMPOTENCY_KEY_TTL", str(24 * 60 * 60)))
TEMPLATES[0]["OPTIONS"]["builtins"] = ["danchu.core.templatetags.submission"]  # type: ignore[index]

# --- Content-Security-Policy (issue 11, finding 7) ------------------------------------------
# Strict: the pages load only our own files. No inline script, no inline style, no eval (htmx is
# told not to need it, and not to inject its indicator <style>: see the htmx-config meta tag in
# base.html). No nonce is needed today; if a page ever needs one, add csp.constants.NONCE to
# script-src and use {{ request.csp_nonce }}. Violations are reported to /csp-report, which logs
# them (danchu.core.csp_reports). docs/deploy.md, "Content-Security-Policy", says how to check it.
from csp.constants import NONE, SELF  # noqa: E402

CSP_REPORT_PATH = "/csp-report"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": [CSP_REPORT_PATH],
    },
}
