"""Local development and the one-command demo: the embedded default, with DEBUG on."""

import os

from config.env import env_bool, env_list

from .base import *  # noqa: F403

DEBUG = True
# A fixed key is fine here: this module never runs in production.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "local-only-not-secret-0f3c9a1e7b2d4c6a8e0f1a3b5c7d9e1f"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Serve CSS and JavaScript straight from the apps, so edits show without collectstatic.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DEMO_CONTENT_ALLOWED = True
# Emails are printed in the terminal, unless EMAIL_URL or DJANGO_EMAIL_HOST says otherwise.
if not EMAIL_CONFIGURED:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo logins sign in with a password only; set DJANGO_SECOND_FACTOR_REQUIRED=true to try it.
SECOND_FACTOR_REQUIRED = env_bool("DJANGO_SECOND_FACTOR_REQUIRED", default=False)
