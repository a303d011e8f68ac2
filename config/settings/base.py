"""Settings shared by every environment; everything that differs comes from the environment.

BAHI_DATA_DIR   where the SQLite database and the generated secret key live (default ./var)
DATABASE_URL    e.g. postgres://user@127.0.0.1:5432/bahi; unset means SQLite in BAHI_DATA_DIR
SECRET_KEY      unset means a random key generated once and stored 0600 in BAHI_DATA_DIR
REDIS_URL       e.g. redis://127.0.0.1:6379/1: the cache (sign-in limits) shared by every worker;
                unset means a per-process in-memory cache
BAHI_SMTP_*     outgoing mail (see email_config and README); unset means the console
BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS  "1" lets webhooks go to loopback, private and link-local
                addresses (an install posting to its own network); unset means public only
"""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import dj_database_url

from config.huey import huey_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("BAHI_DATA_DIR", BASE_DIR / "var")).resolve()


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


# SQLite durability (DEVELOPERS.md): WAL, fsync on every commit, writers take the lock at BEGIN so
# two writers never deadlock on a read-to-write upgrade. bahi.core.db refuses weaker settings.
# legacy_alter_table: Django alters a SQLite table by building a copy and renaming it into place;
# without this, SQLite refuses the rename because the ledger's triggers name the table.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;PRAGMA cache_size=-65536;PRAGMA legacy_alter_table=ON"
    ),
}


def database_config() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config.setdefault("OPTIONS", {})
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": os.environ.get("BAHI_SQLITE_ENGINE", "bahi.core.sqlite_backend"),
        "NAME": str(DATA_DIR / "bahi.sqlite3"),
        # Kept across requests: a new connection re-reads the schema and re-checks the pragmas.
        "CONN_MAX_AGE": 60,
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "bahi.core",
    # Before allauth, so the identity app's templates override allauth's (layout, pages).
    "bahi.identity",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "bahi.notifications",
    "bahi.ledger",
    "bahi.api",
    "bahi.gst",
    "bahi.inventory",
    "bahi.invoicing",
    "bahi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bahi.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "bahi.identity.middleware.CurrentCompanyMiddleware",
    "bahi.identity.middleware.RequireTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "identity.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bahi.identity.context_processors.identity",
            ],
        },
    },
]

DATABASES = {"default": database_config()}


def cache_config() -> dict[str, object]:
    if url := os.environ.get("REDIS_URL"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bahi"}


CACHES = {"default": cache_config()}


HUEY = huey_config(DATA_DIR)  # config/huey.py
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-in"
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BAHI_LOG_LEVEL", "WARNING")},
}
# Argon2id first (OWASP); older hashes still verify and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATION}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]
# Headers on every response (SecurityMiddleware, XFrameOptionsMiddleware, bahi.web.middleware).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- sign-in (django-allauth with its MFA module; bahi.identity.allauth_adapters) -----------------
# allauth's backend alone (it extends Django's ModelBackend): with both, a sign-in by user name
# would check the password twice, and a wrong one would take longer than an unknown account.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
# Sessions end after 12 hours, or 30 minutes without a request (ASVS 5.0 V7.3); every request
# moves the idle deadline. "Log out everywhere" bumps the user's session generation
# (User.get_session_auth_hash), which ends every other session at its next request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
ACCOUNT_ADAPTER = "bahi.identity.allauth_adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "bahi.identity.forms.LoginForm"}
# Email, or the user name of accounts created by `bahi` commands; sign-up is by invitation only.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # Django keeps this session and ends the others
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no mail to addresses that have no account
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bahi] "
# Failed sign-ins and two-factor codes are counted by bahi.identity.throttle (HTTP 429 with
# Retry-After, security events, one clock), so allauth's own counter of failures is off; its
# other limits (sign-in 30/min per IP, reset requests, email confirmation) stay.
# Re-authentication (password or two-factor code before changing sign-in settings) gets the
# per-account rule too: 5 tries in 5 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "", "reauthenticate": "5/300s/user"}
DEFAULT_FROM_EMAIL = os.environ.get("BAHI_FROM_EMAIL", "Bahi <no-reply@localhost>")


def email_config(environ: Mapping[str, str]) -> dict[str, object]:
    """Django's email settings: SMTP when BAHI_SMTP_HOST is set, else the console (development;
    tests use memory). Mail is queued in the outbox and sent by `bahi worker`."""
    host = environ.get("BAHI_SMTP_HOST", "")
    if not host:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    security = environ.get("BAHI_SMTP_SECURITY", "starttls").strip().lower()
    if security not in {"starttls", "tls", "none"}:
        raise ValueError(f"BAHI_SMTP_SECURITY must be starttls, tls or none, not {security!r}")
    default_port = {"starttls": "587", "tls": "465", "none": "25"}[security]
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(environ.get("BAHI_SMTP_PORT") or default_port),
        "EMAIL_HOST_USER": environ.get("BAHI_SMTP_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("BAHI_SMTP_PASSWORD", ""),
        "EMAIL_USE_TLS": security == "starttls",
        "EMAIL_USE_SSL": security == "tls",
        "EMAIL_TIMEOUT": int(environ.get("BAHI_SMTP_TIMEOUT") or "10"),
    }


globals().update(email_config(os.environ))
# Webhooks go only to public internet addresses (OWASP API7:2023, server-side request forgery:
# cloud metadata at 169.254.169.254, the database on 127.0.0.1, the office LAN), unless the
# install says otherwise: see bahi.notifications.destinations.
_ALLOW_PRIVATE = os.environ.get("BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS", "")
WEBHOOK_ALLOW_PRIVATE_HOSTS = _ALLOW_PRIVATE.strip().lower() in {"1", "true", "on", "yes"}
MFA_ADAPTER = "bahi.identity.allauth_adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Bahi"
MFA_RECOVERY_CODE_COUNT = 10
