"""The demo session: three people at two tables, and Amira's plan finished."""

import pytest

from plans.demo_document import DEMO_NOTES
from sessions_live.demo import DEMO_TITLE, demo_planning_session_ensure
from sessions_live.models import PlanningSession
from tests.sessions_live.factories import facilitator_make

pytestmark = pytest.mark.django_db


def test_the_demo_has_amiras_finished_plan_with_two_versions_and_a_review_date():
    facilitator_make("facilitator")
    demo_planning_session_ensure()
    demo_planning_session_ensure()  # a second run adds nothing
    session = PlanningSession.objects.get(title=DEMO_TITLE)
    amira = session.focus_people.get(first_name="Amira")
    first, panel = amira.plan.versions.all()
    assert (first.label, panel.label) == ("after meeting 1", "for the panel")
    kept = {note["text"] for section in panel.content["sections"] for note in section["notes"]}
    assert kept >= {note.text for notes in DEMO_NOTES for note in notes}
    assert len(kept) > len(
        {note["text"] for section in first.content["sections"] for note in section["notes"]}
    )
    assert amira.plan.review_on is not None
    assert [p.first_name for p in session.focus_people.all()] == ["Amira", "Ben", "Chloe"]
