"""The readiness check before a plan goes to anyone: each item says what is missing and
where to fix it; it passes for a finished plan (the demo's Amira) and names the gaps
of a plan just begun."""

from datetime import date

import pytest

from sessions_live import selectors, services
from sessions_live.demo import DEMO_TITLE, demo_planning_session_ensure
from sessions_live.models import PlanningSession
from tests.sessions_live.factories import (
    facilitator_make,
    focus_person_make,
    participant_actor,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 4)


def readiness(seat) -> dict:
    document = selectors.plan_document_of(seat=seat, made_on=TODAY)
    items = selectors.plan_readiness(document=document, plan=seat.plan, today=TODAY)
    return {item.key: item for item in items}


def test_a_plan_just_begun_names_everything_it_still_needs_with_a_link_to_each():
    session = session_make()
    dev = focus_person_make(session, "Dev")
    ally = participant_make(dev, "Sam", "friend")
    services.board_command_apply(
        session_id=session.pk,
        actor=participant_actor(participant=ally),
        message={
            "type": "add_note",
            "op_id": "n",
            "chart_id": dev.charts.order_by("position")[4].pk,  # What's important to me
            "text": "Dev loves trains",
        },
    )
    items = readiness(dev)
    assert [key for key, item in items.items() if item.ok] == ["matters"]
    assert items["own_words"].words == (
        "Nothing here is written by Dev yet. Ask them to add their own words."
    )
    assert items["change"].href == "#heading-8"
    assert items["costs"].words == "Nothing is costed yet. Add what the support costs."
    assert items["costs"].href == "#costing"
    assert items["actions"].href == "#actions"


def test_the_demo_plan_passes_once_its_last_action_says_who_and_when():
    facilitator_make("facilitator")
    demo_planning_session_ensure()
    amira = PlanningSession.objects.get(title=DEMO_TITLE).focus_people.get(first_name="Amira")
    items = readiness(amira)
    assert not items["actions"].ok
    assert (
        items["actions"].words
        == "“Try an evening out with friends” needs to say who will do it and by when."
    )
    assert all(item.ok for key, item in items.items() if key != "actions")
    # £18,200 a year, less 12 hours at £13.50, £30 a month, £8 and £15 a week, and £250 once.
    assert items["costs"].words == (
        "£153.27 a week under your budget (£7,970.00 a year), including one-off costs."
    )
    last = amira.plan.actions.order_by("-pk").first()
    services.board_command_apply(
        session_id=amira.session_id,
        actor=selectors.facilitator_actor(user=amira.session.facilitator),
        message={
            "type": "save_action",
            "op_id": "fix",
            "focus_person_id": amira.pk,
            "action_id": last.pk,
            "what": "An evening out at the Guildhall with friends",
            "who": "Me and Jo",
            "when": "by 30 April",
            "how_we_know": "We have been once",
        },
    )
    assert all(item.ok for item in readiness(amira).values())
