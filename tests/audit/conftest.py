from tests.sessions_live.rooms import room  # noqa: F401  (a fixture)
