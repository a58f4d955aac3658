"""Who a request or a socket is, for one session. Shared by HTTP views and the consumer.

A participant is remembered in the device's server-side Django session:
``live_device`` holds a random device id and ``live_participants`` maps a
session id to the participant that device joined as there. On any board, the
device is whichever of its participants is in that session now: a plan brought
to a later session takes its person and allies with it. Nothing here trusts a
form or message field for identity.
"""

import secrets

from sessions_live.domain import Actor
from sessions_live.selectors import (
    account_participants,
    board_actor_find,
    participant_is_removed,
    participants_in_session,
)

DEVICE_KEY = "live_device"
PARTICIPANTS_KEY = "live_participants"
# Remember a participant's device for eight weeks: sessions are often a couple
# of weeks apart, and people come back to their plan in between.
PARTICIPANT_SESSION_AGE = 60 * 60 * 24 * 56


def device_id_for(django_session) -> str:
    """This device's random id, created on first use."""
    device_id = django_session.get(DEVICE_KEY)
    if not device_id:
        device_id = secrets.token_urlsafe(32)
        django_session[DEVICE_KEY] = device_id
    return device_id


def participant_remember(django_session, *, session_id: int, participant_id: int) -> None:
    """Record that this device joined ``session_id`` as ``participant_id``."""
    joined = dict(django_session.get(PARTICIPANTS_KEY) or {})
    joined[str(int(session_id))] = int(participant_id)
    django_session[PARTICIPANTS_KEY] = joined
    django_session.set_expiry(PARTICIPANT_SESSION_AGE)


def account_participants_remember(django_session, *, user) -> None:
    """On signing in, this device opens every board and plan kept on the account.

    Signing out clears the device's session, so a shared laptop forgets them again.
    """
    for participant in account_participants(user=user):
        participant_remember(
            django_session, session_id=participant.session_id, participant_id=participant.pk
        )


def participant_id_for(django_session, *, session_id: int) -> int | None:
    """The participant this device joined ``session_id`` as, if any."""
    if django_session is None:
        return None
    value = (django_session.get(PARTICIPANTS_KEY) or {}).get(str(int(session_id)))
    return value if isinstance(value, int) else None


def participant_forget(django_session, *, session_id: int) -> None:
    """This device leaves ``session_id``, and opens its board and plans as nobody there."""
    joined = dict(django_session.get(PARTICIPANTS_KEY) or {})
    # The participant may have joined on an earlier board and come here with the plan.
    here = participants_in_session(session_id=session_id, participant_ids=list(joined.values()))
    kept = {key: pid for key, pid in joined.items() if key != str(session_id) and pid not in here}
    if kept != joined:
        django_session[PARTICIPANTS_KEY] = kept


def participant_ids_joined(django_session) -> list[int]:
    """Every participant this device joined as, in any session."""
    joined = (django_session.get(PARTICIPANTS_KEY) or {}) if django_session is not None else {}
    return [value for value in joined.values() if isinstance(value, int)]


def actor_for(*, session_id: int, user, django_session) -> Actor | None:
    """The facilitator or participant this request/socket is for, or None."""
    return board_actor_find(
        session_id=session_id,
        user=user,
        participant_ids=participant_ids_joined(django_session),
    )


def participant_was_removed(*, session_id: int, django_session) -> bool:
    """Did this device join ``session_id`` as a participant the facilitator has since removed?"""
    participant_ids = participant_ids_joined(django_session)
    return bool(participant_ids) and participant_is_removed(
        session_id=session_id, participant_ids=participant_ids
    )
