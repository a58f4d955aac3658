"""Fixtures shared by every test package."""

import pytest
from django.db import connection

from tests.servers import database_url_for, running_server


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
