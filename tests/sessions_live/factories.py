"""Test data for Planning Live, built through the real services."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from cms.roles import FACILITATORS
from plans import services as plan_services
from sessions_live import access, services
from sessions_live.models import FocusPerson, Participant, PlanningSession
from sessions_live.selectors import facilitator_actor, participant_actor
from tests.factories import UserFactory


def facilitator_make(username: str = "fran"):
    """A user in the Facilitators group."""
    return UserFactory(username=username, roles=[FACILITATORS])


def session_make(*, facilitator=None, title: str = "Spring group") -> PlanningSession:
    """A session with the built-in headings and one table."""
    return services.planning_session_create(
        facilitator=facilitator or facilitator_make(),
        title=title,
        starts_on=date(2026, 12, 1),
        venue="Community Centre",
    )


def focus_person_make(session: PlanningSession, first_name: str = "Amira", **kwargs) -> FocusPerson:
    """A focus person at the session's first table unless another is given."""
    kwargs.setdefault("table", session.tables.first())
    return services.focus_person_add(session=session, first_name=first_name, **kwargs)


def focus_person_make_private(person: FocusPerson) -> FocusPerson:
    """Make ``person`` private (only they, their allies and the facilitator see them)."""
    return services.focus_person_update(
        focus_person=person,
        first_name=person.first_name,
        colour=person.colour,
        symbol=person.symbol,
        table=person.table,
        is_private=True,
    )


def participant_make(
    person: FocusPerson, name: str | None = None, relation: str = "me", device: str | None = None
) -> Participant:
    """A participant who joined ``person``'s charts from their own device."""
    name = name or person.first_name
    return services.participant_join(
        focus_person=person,
        display_name=name,
        relation=relation,
        device_id=device or f"device-{person.pk}-{name}",
    )


def device_cookie(participant=None, *, user=None) -> str:
    """A saved server-side session for a participant's device or a signed-in user."""
    store = SessionStore()
    if participant is not None:
        store[access.DEVICE_KEY] = f"device-{participant.pk}"
        access.participant_remember(
            store, session_id=participant.session_id, participant_id=participant.pk
        )
    if user is not None:
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


__all__ = [
    "device_cookie",
    "facilitator_actor",
    "facilitator_make",
    "focus_person_make",
    "focus_person_make_private",
    "participant_actor",
    "participant_make",
    "session_make",
]


def budget_record(
    person: FocusPerson, amount: str = "350", period: str = "week", paid_every: str = ""
):
    """A sealed part of ``person``'s indicative budget, from the council, as a direct payment
    (paid ``paid_every``: "week", "four_weeks", "month", or "" for not decided yet)."""
    return plan_services.budget_part_record(
        plan=person.plan,
        amount=Decimal(amount),
        period=period,
        source="council",
        managed_as="direct_payment",
        paid_every=paid_every,
        recorded_by="Fran (facilitator)",
    )
