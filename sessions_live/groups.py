"""Channel-layer group names, built in one place.

Names are built from fixed words and primary keys only, never from text a
client sent, so a client can never name its way into someone else's group.
"""

CONNECTION_CHECK = "connection-check"


def connection_check_group() -> str:
    """The group every open connection-check page joins."""
    return CONNECTION_CHECK
