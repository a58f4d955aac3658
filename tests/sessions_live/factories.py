"""Test data for Planning Live, built through the real services."""

from datetime import date

from cms.roles import FACILITATORS
from sessions_live import services
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


__all__ = [
    "facilitator_actor",
    "facilitator_make",
    "focus_person_make",
    "participant_actor",
    "participant_make",
    "session_make",
]
