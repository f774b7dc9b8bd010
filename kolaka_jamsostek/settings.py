"""Settings for Kolaka Jamsostek.

One module for every environment: everything that differs between a laptop and production
comes from environment variables (see `.env.example`).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ya"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "tidak", ""})


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A switch: one of the known true/false words, or start-up stops naming the variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {', '.join(sorted(TRUE_WORDS))} (on) or {', '.join(sorted(FALSE_WORDS - {''}))} (off); got {value!r}."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A local .env file (development convenience), read by python-dotenv: comments after a value are
# comments, quotes work; real environment variables win. DJANGO_ENV_FILE names another file.
load_dotenv(os.environ.get("DJANGO_ENV_FILE") or BASE_DIR / ".env", override=False)

DEBUG = env_bool("DJANGO_DEBUG", False)
# The test runner sets its own safe defaults (immediate tasks, no HTTPS redirect).
TESTING = env_bool("DJANGO_TESTING", "pytest" in sys.modules)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Public base URL used in letters' QR codes and e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The outbox's WhatsApp/SMS channel: an HTTP gateway (notifications/channels.py; docs/deployment.md).
WHATSAPP_GATEWAY_URL = env_str("WHATSAPP_GATEWAY_URL", "")
WHATSAPP_GATEWAY_TOKEN = env_str("WHATSAPP_GATEWAY_TOKEN", "")
WHATSAPP_GATEWAY_TIMEOUT = float(env_str("WHATSAPP_GATEWAY_TIMEOUT", "10"))
WHATSAPP_WEBHOOK_TOKEN = env_str("WHATSAPP_WEBHOOK_TOKEN", "")

# The deployment's identity (regency, Dinas, BPJS branch, letter code, addressees, time zone) is
# the Instansi record (institution app; `manage.py setup_regency CODE`, then /admin/). These
# environment values are only its bootstrap default until that record exists.
INSTANSI_BOOTSTRAP = {
    "region_code": env_str("INSTANSI_REGION_CODE", ""),
    "region_name": env_str("INSTANSI_REGION_NAME", ""),
    "place_name": env_str("LETTERHEAD_CITY", ""),
    "dinas_name": env_str("INSTANSI_DINAS_NAME", "Dinas Koperasi dan UMKM"),
    "dinas_head_title": env_str("INSTANSI_DINAS_HEAD_TITLE", "Kepala Dinas Koperasi dan UMKM"),
    "branch_parent": env_str("LETTERHEAD_PARENT", "BPJS Ketenagakerjaan"),
    "branch_office": env_str("LETTERHEAD_OFFICE", "Kantor Cabang"),
    "branch_address": env_str("LETTERHEAD_ADDRESS", ""),
    "branch_phone": env_str("LETTERHEAD_PHONE", ""),
    "branch_email": env_str("LETTERHEAD_EMAIL", ""),
    "branch_website": env_str("LETTERHEAD_WEBSITE", "www.bpjsketenagakerjaan.go.id"),
    "branch_logo": env_str("LETTERHEAD_LOGO", "img/letterhead-logo.svg"),
    "letter_code": env_str("INSTANSI_LETTER_CODE", "REK"),
    "addressee_licence": env_str("INSTANSI_ADDRESSEE_LICENCE", "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    "addressee_evaluation": env_str("INSTANSI_ADDRESSEE_EVALUATION", "Kepala Dinas Koperasi dan UMKM"),
    "signatory_title": env_str("INSTANSI_SIGNATORY_TITLE", "Kepala Kantor Cabang"),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Project apps. Not the layer order (that is tests/test_layering.py's LAYERS): this order runs
    # their AppConfig.ready(), so it orders the home-page figures and links and the header-search
    # groups they register (core.home, core.search); changing it moves those on the pages.
    "core",
    "accounts",
    "regions",
    "institution",
    "enrollment",
    "cooperatives",
    "notifications",
    "umkm",
    "privacy",
    "portal",
    "outreach",
    "dashboard",
    "compliance",
    "banking",
    "imports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectOversizeBodyMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "core.middleware.RejectIdentifierQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "institution.middleware.InstansiTimezoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateNoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.OTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.audit_middleware.ClientIpAuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kolaka_jamsostek.urls"
WSGI_APPLICATION = "kolaka_jamsostek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "institution.context_processors.instansi",
            ],
            "builtins": ["core.templatetags.kj"],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Behind a reverse proxy (docs/deployment.md): trust X-Forwarded-Proto, and take the client address
# from X-Forwarded-For as written by the DJANGO_TRUSTED_PROXY_COUNT proxies in front (core.client_ip).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1) if BEHIND_PROXY else 0

# Login lockout (django-axes, accounts.lockout): the username + real client IP pair is locked after
# AXES_FAILURE_LIMIT failures; a client IP after AXES_IP_FAILURE_LIMIT failures across usernames.
# Both expire after the cool-off; an administrator unlocks in the admin (Axes › Access attempts).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.AccountAndClientLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.axes_client_ip"
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
# A locked-out client gets the lockout page (429) at once, and its tries during the lockout neither
# count nor extend it: a lockout ends AXES_COOLOFF_MINUTES after the last counted failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Internationalisation: Indonesian first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kolaka_jamsostek.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Uploads: imports accept up to IMPORT_MAX_UPLOAD_MB; bodies beyond that are refused.
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Sessions: staff sessions expire after inactivity.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# No session write on a read: the staff idle timestamp is refreshed at most every
# STAFF_SESSION_REFRESH_SECONDS (core.middleware.StaffSessionTimeoutMiddleware), which also slides the expiry.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_REFRESH_SECONDS = env_int("STAFF_SESSION_REFRESH_SECONDS", 60)
CSRF_COOKIE_HTTPONLY = True

# Security headers; HTTPS-only settings switch on with DJANGO_SECURE (production).
SECURE = env_bool("DJANGO_SECURE", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: only our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# E-mail: console by default.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "core.mail.RedactingConsoleBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kolaka Jamsostek <noreply@kolaka-jamsostek.local>")

# Background tasks: immediate in tests, database queue by default, Redis (RQ) for scale-out.
TASK_BACKEND = env_str("TASK_BACKEND", "immediate" if TESTING else "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASK_BACKEND == "immediate":
    TASKS: dict[str, dict[str, object]] = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS.append("django_rq")  # the rqworker command; docs/deployment.md
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The cache counts the bank API's per-key rate limit and the public pages' per-IP limit, so with more
# than one process (gunicorn workers, several nodes) it must be shared: CACHE_URL names a Redis for
# it; with the Redis task queue (TASK_BACKEND=rq) and no CACHE_URL it lives in the queue's Redis
# (REDIS_URL, keys prefixed "kj"). Only a deployment without Redis keeps a per-process cache.
CACHE_URL = env_str("CACHE_URL") or (REDIS_URL if TASK_BACKEND == "rq" else "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "kj"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kolaka-jamsostek"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
# Bank API: default per-key limit (a key may override it) and the KUR enrolment threshold (Rupiah).
BANK_API_RATE_PER_MINUTE = env_int("BANK_API_RATE_PER_MINUTE", 60)
KUR_ENROLMENT_THRESHOLD = env_int("KUR_ENROLMENT_THRESHOLD", 100_000_000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Kolaka Jamsostek API",
    "DESCRIPTION": "Coverage register, recommendation letters and bank verification for one kabupaten/kota.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CheckPurposeEnum": "banking.models.Purpose",
        "LetterPurposeEnum": "compliance.models.Purpose",
        "LetterStatusEnum": "compliance.models.LetterStatus",
        "CooperativeStatusEnum": "cooperatives.models.CooperativeStatus",
    },
}

# Audit log: mask personal identifiers in the change records.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_MASK_CALLABLE = "privacy.audit.mask_value"

# Retention (docs/data-protection.md; `manage.py purge_personal_data` applies it).
PERSONAL_DATA_RETENTION_YEARS = env_int("PERSONAL_DATA_RETENTION_YEARS", 5)
ACCESS_EVENT_RETENTION_DAYS = env_int("ACCESS_EVENT_RETENTION_DAYS", 2 * 365)
AUDITLOG_RETENTION_DAYS = env_int("AUDITLOG_RETENTION_DAYS", 5 * 365)
# Uploaded import files (whole registers with NIKs) are deleted this long after the import finished.
IMPORT_FILE_RETENTION_DAYS = env_int("IMPORT_FILE_RETENTION_DAYS", 90)

OTP_TOTP_ISSUER = "Kolaka Jamsostek"
# Roles whose accounts must confirm a TOTP code after the password.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "admin,bpjs,kepala_cabang")
OTP_ENFORCED = env_bool("OTP_ENFORCED", not (DEBUG or TESTING))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nik": {"()": "core.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_nik"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
