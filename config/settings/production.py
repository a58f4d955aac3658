"""Production: refuses to start without a secret key and explicit allowed hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list

from .base import *  # noqa: F403

if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production needs a long random secret key, for example "
        'from: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
# Keys people copy from examples, and keys too short to be random enough to sign sessions.
PLACEHOLDER_KEYS = {"changeme", "change-me", "secret", "django-insecure", "replace-me"}
SECRET_KEY_MIN_LENGTH = 50
_key = os.environ["DJANGO_SECRET_KEY"]
if _key.lower() in PLACEHOLDER_KEYS or len(_key) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too short or a placeholder ({len(_key)} characters). Production "
        f"needs at least {SECRET_KEY_MIN_LENGTH} random characters, for example "
        'from: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
if not env_list("DJANGO_ALLOWED_HOSTS", default=[]):
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. List the host names this site answers to, "
        "separated by commas, for example: planning.example.org"
    )

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[])

# TLS ends at the reverse proxy, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
