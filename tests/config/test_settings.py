"""Settings come from the environment; production refuses to run unsafely."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.env import email_settings_from_url, env_bool, env_list
from config.serve import daphne_command, server_command, uvicorn_command
from tests.servers import BASE_DIR

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'layer': s.CHANNEL_LAYERS['default']['BACKEND'], "
    "'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG, "
    "'static': s.STORAGES['staticfiles']['BACKEND'], "
    "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
    "'pool': s.DATABASES['default'].get('OPTIONS', {}).get('pool')}))"
)
GOOD_KEY = "k3y-" + "x7Qp9vLm2Rt8Wn4Zb6Yc1Hd5Jf0Gs3Ke" * 2
# Email as an operator sets it up (README, "Second factor and email").
EMAIL_ENV = {
    "EMAIL_URL": "smtp+tls://planning%40example.org:p%40ss@mail.example.org:587",
    "DJANGO_DEFAULT_FROM_EMAIL": "planning@example.org",
}
PRINT_EMAIL_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
    "'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', "
    "'DEFAULT_FROM_EMAIL', 'SERVER_EMAIL', 'SECOND_FACTOR_REQUIRED']}))"
)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "planning.example.org",
}


def run_python(code: str, *, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    code = f"import sys; sys.argv = ['manage.py', *{list(args)!r}]; import manage; manage.main()"
    return run_python(code, env=env)


def test_unset_environment_gives_the_embedded_default():
    result = run_python(PRINT_SETTINGS, env={"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "layer": "sessions_live.layers.FanOutInMemoryChannelLayer",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "debug": True,
        "static": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # Kept open: reopening SQLite for every query was a note's largest cost.
        "conn_max_age": None,
        "pool": None,
    }


def test_database_url_and_redis_url_switch_to_the_scale_out_setup():
    result = run_python(
        PRINT_SETTINGS,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": "postgres://someone@db.example:5432/planning",
            "REDIS_URL": "redis://cache.example:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["engine"] == "django.db.backends.postgresql"
    assert chosen["layer"] == "sessions_live.layers_redis.FanOutRedisPubSubChannelLayer"
    # Under ASGI, Django advises a pool rather than persistent connections.
    assert chosen["conn_max_age"] == 0
    assert chosen["pool"]["max_size"] >= 1
    assert chosen["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(
        PRINT_SETTINGS,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_ALLOWED_HOSTS": "planning.example.org",
        },
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", ["changeme", "x" * 49])
def test_production_refuses_a_placeholder_or_short_secret_key(key):
    result = run_python(
        PRINT_SETTINGS,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": key,
            "DJANGO_ALLOWED_HOSTS": "planning.example.org",
        },
    )
    assert result.returncode != 0
    assert f"DJANGO_SECRET_KEY is too short or a placeholder ({len(key)} characters)" in (
        result.stderr
    )


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(
        PRINT_SETTINGS,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_SECRET_KEY": GOOD_KEY},
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_production_uses_hashed_static_files_and_debug_off():
    result = run_python(
        PRINT_SETTINGS,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": GOOD_KEY,
            "DJANGO_ALLOWED_HOSTS": "planning.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["debug"] is False
    assert chosen["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": GOOD_KEY,
            "DJANGO_ALLOWED_HOSTS": "planning.example.org",
            **EMAIL_ENV,
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # One check is silenced, on purpose: axes.W006 asks to lock sign-in by network
    # address too, which would lock a venue on one Wi-Fi out (config/settings/base.py).
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert settings.SILENCED_SYSTEM_CHECKS == ["axes.W006"]


def test_collectstatic_in_production_writes_hashed_names(tmp_path):
    result = run_manage(
        "collectstatic",
        "--noinput",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": GOOD_KEY,
            "DJANGO_ALLOWED_HOSTS": "planning.example.org",
            "DJANGO_STATIC_ROOT": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["cms/css/site.css"]
    assert hashed != "cms/css/site.css"
    assert (tmp_path / hashed).exists()
    assert (tmp_path / f"{hashed}.gz").exists()


def test_the_run_command_caps_websocket_messages_at_64_kib():
    command = daphne_command(host="127.0.0.1", port=8000)
    size = int(command[command.index("--websocket-max-message-size") + 1])
    frame = int(command[command.index("--websocket-max-frame-size") + 1])
    assert 0 < size <= 64 * 1024
    assert 0 < frame <= 64 * 1024
    # daphne, with the WebSocket Denial Response extension it lacks.
    assert command[1:3] == ["-m", "config.daphne_server"]
    assert "--proxy-headers" not in command
    assert "--proxy-headers" in daphne_command(host="127.0.0.1", port=8000, behind_proxy=True)
    assert command[-1] == "config.asgi:application"


def test_the_uvicorn_option_has_the_same_64_kib_cap_and_no_compression():
    command = uvicorn_command(host="127.0.0.1", port=8000)
    assert 0 < int(command[command.index("--ws-max-size") + 1]) <= 64 * 1024
    assert command[command.index("--ws-per-message-deflate") + 1] == "false"
    # Forwarded addresses are trusted only behind a proxy.
    assert "--no-proxy-headers" in command
    assert "--proxy-headers" in uvicorn_command(host="127.0.0.1", port=8000, behind_proxy=True)
    assert command[-1] == "config.asgi:application"


def test_an_unknown_server_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="daphne, uvicorn"):
        server_command(server="gunicorn", host="127.0.0.1", port=8000)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False)])
def test_env_bool_reads_yes_and_no_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_env_bool_refuses_an_ambiguous_value(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ValueError, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " a.example , ,b.example,")
    assert env_list("SOME_HOSTS", default=[]) == ["a.example", "b.example"]


def test_migrate_passes_its_checks_on_the_production_scale_out_settings():
    """`manage.py migrate` runs Django's system checks, which the test suite never does."""
    result = run_manage(
        "check",
        "--database",
        "default",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": GOOD_KEY,
            "DJANGO_ALLOWED_HOSTS": "planning.example.org",
            "DATABASE_URL": "postgres://someone@db.example:5432/planning",
            "REDIS_URL": "redis://cache.example:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr


# --- Email and the second factor ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://user%40example.org:s%3Acret@mail.example.org:2587",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 2587,
                "EMAIL_HOST_USER": "user@example.org",
                "EMAIL_HOST_PASSWORD": "s:cret",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtp+tls://mail.example.org", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}),
        ("smtps://u:p@mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://localhost", {"EMAIL_HOST": "localhost", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("file:///var/mail/planning", {"EMAIL_FILE_PATH": "/var/mail/planning"}),
    ],
)
def test_email_url_gives_djangos_email_settings(url, expected):
    found = email_settings_from_url(url)
    assert {key: found.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://mail.example.org", "EMAIL_URL must start with one of"),
        ("smtp+tls://", "EMAIL_URL has no mail server"),
        ("smtp://mail.example.org:port", "port that is not a number"),
        ("file://", "needs a folder"),
    ],
)
def test_a_wrong_email_url_is_refused_with_what_to_write(url, says):
    with pytest.raises(ValueError, match=says):
        email_settings_from_url(url)


def test_production_sends_email_as_email_url_says_and_asks_for_the_second_factor():
    result = run_python(PRINT_EMAIL_SETTINGS, env={**PRODUCTION_ENV, **EMAIL_ENV})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "planning@example.org",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "planning@example.org",
        "SERVER_EMAIL": "planning@example.org",
        "SECOND_FACTOR_REQUIRED": True,
    }


def test_the_django_email_variables_work_too():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_EMAIL_HOST": "mail.example.org",
        "DJANGO_EMAIL_USER": "planning",
        "DJANGO_EMAIL_PASSWORD": "secret",
        "DJANGO_SERVER_EMAIL": "errors@example.org",
    }
    result = run_python(PRINT_EMAIL_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert (chosen["EMAIL_HOST"], chosen["EMAIL_PORT"], chosen["EMAIL_USE_TLS"]) == (
        "mail.example.org",
        587,
        True,
    )
    assert (chosen["EMAIL_HOST_USER"], chosen["EMAIL_HOST_PASSWORD"]) == ("planning", "secret")
    assert chosen["SERVER_EMAIL"] == "errors@example.org"


def test_local_development_prints_emails_and_asks_no_second_factor():
    result = run_python(
        PRINT_EMAIL_SETTINGS, env={"DJANGO_SETTINGS_MODULE": "config.settings.local"}
    )
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert chosen["SECOND_FACTOR_REQUIRED"] is False
    turned_on = run_python(
        PRINT_EMAIL_SETTINGS,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_SECOND_FACTOR_REQUIRED": "yes",
        },
    )
    assert json.loads(turned_on.stdout)["SECOND_FACTOR_REQUIRED"] is True


def test_check_deploy_warns_when_production_has_no_email_set_up():
    result = run_manage("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr  # a warning: a mail server on the machine is real
    output = result.stdout + result.stderr
    assert "(cms.W001) Email is not set up" in output
    assert "(cms.W002) Emails would come from webmaster@localhost" in output
