"""Fixtures shared by every test package, and which tests each pass of scripts/test.sh runs."""

import os

import pytest
from django.db import connection

from tests.servers import database_url_for, running_server

# scripts/test.sh sets TEST_PASS for each of its two passes. Unset (pytest run
# by hand, on any database), every collected test runs.
TEST_PASS_EMBEDDED = "embedded"
TEST_PASS_SCALE_OUT = "scale-out"
TEST_PASSES = (TEST_PASS_EMBEDDED, TEST_PASS_SCALE_OUT)

# Fixtures that give a test the database: pytest-django's own; django_db_setup,
# which any fixture or test that reaches the test database without ``db`` needs
# (live_server_url, and tests that start a server process on it); and ours.
# ``item.fixturenames`` holds every fixture a test needs, directly or through
# other fixtures.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
        "live_server_url",
    }
)


def current_test_pass() -> str:
    """The pass scripts/test.sh is running (TEST_PASS), or "" when run by hand."""
    value = os.environ.get("TEST_PASS", "")
    if value and value not in TEST_PASSES:
        raise pytest.UsageError(
            f"TEST_PASS={value!r} is not a test pass: use one of {', '.join(TEST_PASSES)}, "
            "or leave it unset to run every test."
        )
    return value


def runs_in_scale_out_pass(item: pytest.Item) -> bool:
    """Whether PostgreSQL or Redis can change what ``item`` does.

    Kept: tests marked ``scaleout``; tests that use the database (``django_db``
    marker or a database fixture); tests marked ``channel_layer`` (the channel
    layer, the cache or a real server process, without the database). Browser
    tests run in the embedded pass only.
    """
    if item.get_closest_marker("scaleout"):
        return True
    if item.get_closest_marker("browser"):
        return False
    if item.get_closest_marker("django_db") or item.get_closest_marker("channel_layer"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_report_header(config: pytest.Config) -> str:
    current = current_test_pass()
    if current == TEST_PASS_SCALE_OUT:
        return (
            "test pass: scale-out (TEST_PASS=scale-out): runs the tests that use the database "
            "or are marked channel_layer or scaleout; deselects the rest (pure unit tests and "
            "browser tests), which the embedded pass runs"
        )
    if current == TEST_PASS_EMBEDDED:
        return "test pass: embedded (TEST_PASS=embedded): no tests deselected by pass"
    return "test pass: none (TEST_PASS unset): no tests deselected by pass"


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py marks its tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if current_test_pass() != TEST_PASS_SCALE_OUT:
        return
    kept, deselected = [], []
    for item in items:
        (kept if runs_in_scale_out_pass(item) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    """A real daphne process serving the app against the test database.

    Tests that use it must commit their data (``transactional_db``) so the
    server process can see it.
    """
    with django_db_blocker.unblock():
        url = database_url_for(connection.settings_dict)
    with running_server(env_overrides={"DATABASE_URL": url}) as base_url:
        yield base_url
