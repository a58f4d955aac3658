"""Channel-layer group names, built in one place.

Names are built from fixed words and primary keys only, never from text a
client sent, so a client can never name its way into someone else's group.
"""

from sessions_live.domain import stream_focus_person_id, stream_is_money

CONNECTION_CHECK = "connection-check"


def connection_check_group() -> str:
    """The group every open connection-check page joins."""
    return CONNECTION_CHECK


def session_group(*, session_id: int) -> str:
    """Every screen of a session: changes to charts that are not private."""
    return f"live-{int(session_id)}"


def facilitator_group(*, session_id: int) -> str:
    """The facilitator's screens: they also see private charts."""
    return f"live-{int(session_id)}-facilitator"


def focus_person_group(*, session_id: int, focus_person_id: int) -> str:
    """One focus person's own screens and their allies' screens."""
    return f"live-{int(session_id)}-person-{int(focus_person_id)}"


def participant_group(*, participant_id: int) -> str:
    """One participant's screens, so a removal can close them."""
    return f"live-participant-{int(participant_id)}"


def stream_groups(*, session_id: int, stream: str) -> list[str]:
    """Where a change in ``stream`` goes: everyone, those allowed to see a private
    person, or (a person's money) only that person's screens and their allies'."""
    focus_person_id = stream_focus_person_id(stream)
    if focus_person_id is not None and stream_is_money(stream):
        return [focus_person_group(session_id=session_id, focus_person_id=focus_person_id)]
    if focus_person_id is not None:
        return [
            focus_person_group(session_id=session_id, focus_person_id=focus_person_id),
            facilitator_group(session_id=session_id),
        ]
    return [session_group(session_id=session_id)]
