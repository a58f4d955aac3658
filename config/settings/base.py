"""Production-safe base settings.

Everything that differs between machines comes from the environment
(cookiecutter-django style). Unset, the product runs on its embedded
default: an SQLite file and the in-process channel layer. ``DATABASE_URL``
(PostgreSQL) and ``REDIS_URL`` switch it to the scale-out setup.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django

from config.env import env_bool, env_email, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Django refuses to serve anything with an empty key; production.py also
# refuses to start without one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # daphne first, so that `runserver` serves WebSockets too.
    "daphne",
    "channels",
    "sessions_live",
    "plans",
    "learning",
    "courses",
    "audit",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wrong passwords are counted per account (django-axes), for every sign-in form.
    "axes",
    # A second factor for staff: authenticator app codes and recovery codes (cms.second_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files go without them. The site's pages run under
    # a strict Content-Security-Policy (SECURE_CSP); cms.headers picks Wagtail's
    # admin's looser one and adds Permissions-Policy to every response.
    # Django 5.2 (Python 3.11) has no CSP middleware: cms.headers sends the header then.
    *(["django.middleware.csp.ContentSecurityPolicyMiddleware"] if django.VERSION >= (6,) else []),
    "cms.headers.SitePoliciesMiddleware",
    # Pages compressed for slow venue Wi-Fi: a large board's page is 1.4-2 MB of
    # HTML and about a tenth of that gzipped. After WhiteNoise, which serves its
    # own compressed static files. Django's GZipMiddleware pads each response by
    # a random amount against BREACH, and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Signed-in people are signed out after a while unused, and after a long day.
    "cms.middleware.SignInTimeoutMiddleware",
    # Staff who have not yet typed their second-factor code reach only the code pages.
    "cms.second_factor.SecondFactorMiddleware",
    # No copy kept of anything personal: Cache-Control: no-store for signed-in people,
    # devices that joined a board, and the personal URL prefixes (PRIVATE_PATH_PREFIXES).
    "cms.headers.PrivateNoStoreMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

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
                "cms.context_processors.display_preferences",
                "sessions_live.context_processors.device_boards",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL switches to PostgreSQL.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    # IMMEDIATE avoids "database is locked" when two requests write at once.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
    ),
}
# Opening a connection for every query was the largest single cost of a board
# note (docs/performance.md). So SQLite connections are kept open for the
# life of their thread: it has no server to exhaust, and a closed thread's
# connection is freed with it. PostgreSQL uses psycopg's connection pool, as
# Django advises under ASGI instead of persistent connections.
POSTGRES_POOL = {"min_size": 2, "max_size": int(os.environ.get("DATABASE_POOL_SIZE", 20))}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
        DATABASES["default"]["CONN_MAX_AGE"] = None
    elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = dict(POSTGRES_POOL)
        # Wagtail's search index uses PostgreSQL's full-text fields on PostgreSQL,
        # and Django's checks (run by `migrate`) refuse them without this app.
        INSTALLED_APPS.append("django.contrib.postgres")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": dict(SQLITE_OPTIONS),
            "CONN_MAX_AGE": None,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Behind the documented reverse proxy (python -m config.serve --behind-proxy sets
# it): a device's address is the right-most X-Forwarded-For entry, the one the
# proxy added (cms.guesses.client_address); the rest could be made up.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)

# Channel layer and cache: in-process by default; REDIS_URL switches both to Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
CHANNELS_PREFIX = os.environ.get("CHANNELS_PREFIX", "asgi")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: one PUBLISH per group send (sessions_live/layers_redis.py).
            "BACKEND": "sessions_live.layers_redis.FanOutRedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": CHANNELS_PREFIX},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CHANNELS_PREFIX,
        }
    }
else:
    # Channels' in-memory layer, with cheaper fan-out (sessions_live/layers.py).
    CHANNEL_LAYERS = {"default": {"BACKEND": "sessions_live.layers.FanOutInMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Capped at 64 KiB both ways, so one client cannot make the server buffer
# megabytes. The board's own messages stay under it by coming in parts
# (sessions_live.protocol.frames_of, docs/live-protocol.md section 4).
WEBSOCKET_MAX_MESSAGE_SIZE = 64 * 1024
DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE = WEBSOCKET_MAX_MESSAGE_SIZE
DAPHNE_WEBSOCKET_MAX_FRAME_SIZE = WEBSOCKET_MAX_MESSAGE_SIZE

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses any password for an account that is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account lock it for 15 minutes, from anywhere:
# counted per account, not per address, so that a venue sharing one Wi-Fi
# address is never locked out by one person's typing. Counted in the database,
# so every server process sees the same count.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGN_IN_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_SIGN_IN_LOCK_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that without the address a guesser can rotate cookies: not here,
# since the count is the account's whatever the cookie or address. Locking by
# address would lock a whole venue (one Wi-Fi address) out after anyone's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Sessions, and the people and plans on them, are deleted this many days after
# a session was last used (`python manage.py retention`, run daily). Plans their
# owners keep stay (docs/security.md, "Retention").
RETENTION_DAYS = int(os.environ.get("DJANGO_RETENTION_DAYS", 365))
# Signed-in sessions end after this long unused, and this long after signing in,
# whatever happens (cms.middleware.SignInTimeoutMiddleware). A facilitator's
# board keeps its live connection meanwhile; only new pages ask to sign in again.
SIGN_IN_IDLE = timedelta(minutes=int(os.environ.get("DJANGO_SIGN_IN_IDLE_MINUTES", 180)))
SIGN_IN_LONGEST = timedelta(hours=int(os.environ.get("DJANGO_SIGN_IN_LONGEST_HOURS", 12)))
# Everyone who can see other people's plans or personal data (cms.roles.SECOND_FACTOR_ROLES,
# staff, superusers, Wagtail's admin) types a code from an authenticator app, or a
# recovery code, after their password (cms.second_factor). Off only for local
# development (local.py) and the tests, so the demo logins work.
SECOND_FACTOR_REQUIRED = env_bool("DJANGO_SECOND_FACTOR_REQUIRED", default=True)
# Wrong codes make the next try wait 1, 2, 4, 8... seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A password reset link works for a day, once (Django's password reset views).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# One way to reset a password, the site's own (/accounts/password_reset/), which is
# rate-limited; Wagtail's admin has its own otherwise.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Private pages and documents send people to the site's own sign-in page.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Uploads are stored under random names with a safe extension (cms/storage.py).
    "default": {"BACKEND": "cms.storage.RandomNameStorage"},
    # Hashed, compressed names: browsers can cache them for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's ContentSecurityPolicyMiddleware; cms.headers).
# The site's own pages have no inline script or style (styles set from JavaScript
# through element.style are allowed by CSP; style="" in markup is not), so
# nothing runs or styles a page unless it comes from this site's own files.
# cms.headers adds this host's own ws:// or wss:// address to connect-src.
CSP_SELF, CSP_NONE = "'self'", "'none'"
SECURE_CSP = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF],
    "style-src": [CSP_SELF],
    "img-src": [CSP_SELF],
    "connect-src": [CSP_SELF],
    "object-src": [CSP_NONE],
    "base-uri": [CSP_SELF],
    "frame-ancestors": [CSP_NONE],
    "form-action": [CSP_SELF],
}
# Wagtail's admin still needs inline scripts and styles, and shows previews of
# pages in a frame of its own and image previews from blob: and data: addresses.
# Only the people who edit the site use it.
ADMIN_PATH_PREFIX = "/admin/"
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP_SELF, "'unsafe-inline'"],
    "style-src": [CSP_SELF, "'unsafe-inline'"],
    "img-src": [CSP_SELF, "data:", "blob:"],
    "frame-src": [CSP_SELF],
    "frame-ancestors": [CSP_SELF],
}
# Every feature a page could ask the browser for is off: the site uses none of them
# (plan cards are scanned with the phone's own camera app, not the page).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Pages that hold personal data are sent with Cache-Control: no-store
# (cms.headers.PrivateNoStoreMiddleware): everything under these prefixes, and
# anything sent to a signed-in person or to a device whose session holds one of
# PRIVATE_SESSION_KEYS (a device that joined a Planning Live board).
PRIVATE_PATH_PREFIXES = [
    "/live/",
    "/accounts/",
    "/admin/",
    "/training/account/",
    "/training/join/",
    "/training/my-learning/",
    "/training/cohorts/",
]
PRIVATE_SESSION_KEYS = ["live_participants"]

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Peer Support Planning"
# The data controller named on the privacy notice and in every copy of a
# person's data: the user-led organisation running this site (cms/privacy.py).
ORGANISATION_NAME = os.environ.get("DJANGO_ORGANISATION_NAME", "")
ORGANISATION_CONTACT = os.environ.get("DJANGO_ORGANISATION_CONTACT", "")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Handouts (incl. Braille-ready .brf), and video files with WebVTT captions.
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "brf",
    "vtt",
    "mp4",
    "webm",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are only ever sent through Wagtail's serve view (/documents/<id>/...),
# which checks a private collection's sign-in or password; nothing serves
# /media/documents/ (config/urls.py; the README's proxy example refuses it).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document is a download, never opened inside the site: a PDF's own scripts
# (/OpenAction) then never run at this site's address.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# The admin shows initials, not Gravatar pictures: no editor's email address
# goes to a third party, and the admin's images all come from this site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask wagtail.org for new versions from editors' browsers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Checks that a document's content matches its extension (cms/forms.py, cms/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.DocumentForm"
# Wagtail checks an image's content itself; this form only makes its messages plain.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
# These bound what one picture can cost to store and to resize.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# 50 million pixels takes a 48-megapixel phone photo, and stops a small file that
# unpacks to gigabytes of pixels (a "decompression bomb") from filling the memory.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000

# Email (password resets, course invitations): EMAIL_URL, e.g.
# smtp+tls://user:password@mail.example.org:587, or DJANGO_EMAIL_HOST, _PORT, _USER,
# _PASSWORD, _USE_TLS, _USE_SSL (config.env.env_email). Unset, `check --deploy` warns
# (cms.checks): production would try a mail server on its own machine.
EMAIL_CONFIGURED, _email_settings = env_email()
globals().update(_email_settings)
# A slow mail server must not hold a page (or a worker) for ever.
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Where error emails to administrators come from.
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Demo users have published passwords, so load_demo refuses unless a
# settings module says this is a demo or development machine.
DEMO_CONTENT_ALLOWED = False

# Invite tokens and other secrets in addresses are hidden in every log line
# ("Not Found: /live/join/[hidden]/"): config.access_log. On the loggers that
# name request paths as well as the handler, so Django's own console handler
# (DEBUG) gets the hidden form too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "config.access_log.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "loggers": {
        name: {"filters": ["redact_secrets"]} for name in ("django.request", "django.security.csrf")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Main navigation: (label, path). The settings package is the one place that
# knows every app, so the base template never has to import them.
SITE_NAVIGATION = [
    ("Home", "/"),
    ("Training", "/training/"),
    ("Planning Live", "/live/"),
]
