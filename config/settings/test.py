"""Settings for the test suite: the embedded default unless DATABASE_URL / REDIS_URL are set."""

import os

from config.env import env_bool

from .local import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A file, not memory, so that a real server process started by a test sees
# the same data as the test itself.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # One file per test run, so two runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }
# pytest keeps sent emails in memory (mail.outbox); a server process a test starts
# may be given EMAIL_URL=file:///... so the test can read what it sent.
if not EMAIL_CONFIGURED:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Off, so tests sign in with a password; tests of the second factor turn it on.
SECOND_FACTOR_REQUIRED = env_bool("DJANGO_SECOND_FACTOR_REQUIRED", default=False)
# pytest-django blocks database access outside tests that ask for it, and
# Channels checks connections when a socket closes. A connection kept open in
# the shared worker thread by one test would be touched by the next, so tests
# close connections after use. The benchmark and its smoke test run the
# production settings, where SQLite connections stay open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# django-axes needs the request in authenticate(), which the test client's
# login() does not pass; tests of the sign-in limit turn it on themselves
# (tests/cms/test_sign_in.py), through the real sign-in form.
AXES_ENABLED = False
# A server process a test starts serves the whole run while tests flush the
# database (which re-numbers content types): see config.testing. Only there: the
# test client's requests share the test's own process, whose cache a flush clears.
if env_bool("TEST_SERVER_PROCESS", default=False):
    MIDDLEWARE = ["config.testing.ContentTypeCacheClearMiddleware", *MIDDLEWARE]  # noqa: F405
