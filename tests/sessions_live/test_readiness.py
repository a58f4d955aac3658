"""The readiness check before a plan goes to anyone: each item says what is missing and
where to fix it; it passes for a finished plan (the demo's Amira) and names the gaps
of a plan just begun."""

from datetime import date
from decimal import Decimal

import pytest

from plans import services as plan_services
from sessions_live import selectors, services
from sessions_live.demo import DEMO_TITLE, demo_planning_session_ensure
from sessions_live.models import Chart, PlanningSession
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
    assert items["needs"].words == "Write under “What I need support with”."
    assert items["needs"].href == "#heading-8"
    assert items["change"].href == "#heading-9"
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
    # What she needs support with, and how often her direct payment is paid, are there.
    assert items["needs"].ok
    assert items["paid_every"].title == "It says how often the direct payment is paid"
    assert items["paid_every"].ok
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


def test_a_plan_begun_before_the_needs_heading_says_so_plainly_and_where_to_write_instead():
    session = session_make()
    dev = focus_person_make(session, "Dev")
    # As on a board made before "What I need support with" was a standard heading.
    Chart.objects.filter(focus_person=dev, title="What I need support with").delete()
    needs = readiness(dev)["needs"]
    assert not needs.ok
    assert needs.title == "It says what they need support with"
    assert needs.words == (
        "This plan was begun before plans had a “What I need support with” heading, so it "
        "has none. Write what Dev needs support with under “What's working / not working”."
    )
    assert needs.href == "#heading-7"  # What's working / not working


def test_needs_written_down_are_done():
    session = session_make()
    dev = focus_person_make(session, "Dev")
    me = participant_make(dev, "Dev", "me")
    services.board_command_apply(
        session_id=session.pk,
        actor=participant_actor(participant=me),
        message={
            "type": "add_note",
            "op_id": "n",
            "chart_id": dev.charts.get(title="What I need support with").pk,
            "text": "Help to cook my tea.",
        },
    )
    assert readiness(dev)["needs"].ok


def _budget(person, *, managed_as="direct_payment", paid_every=""):
    return plan_services.budget_part_record(
        plan=person.plan,
        amount=Decimal("350"),
        period="week",
        source="council",
        managed_as=managed_as,
        paid_every=paid_every,
        recorded_by="Fran (facilitator)",
    )


def test_a_direct_payment_shown_without_how_often_it_is_paid_is_still_to_do():
    session = session_make()
    dev = focus_person_make(session, "Dev")
    assert "paid_every" not in readiness(dev)  # no budget shown: nothing to ask about
    _budget(dev)
    # Sealed: the check must not hint at a budget the person has not been shown.
    assert "paid_every" not in readiness(dev)
    plan_services.budget_reveal(plan=dev.plan)
    item = readiness(dev)["paid_every"]
    assert not item.ok
    assert item.words == (
        "Say how often the direct payment is paid: every week, every 4 weeks or every month. "
        "The facilitator records it with the budget, so ask them."
    )
    assert item.href == "#budget"
    _budget(dev, managed_as="suitable_person", paid_every="month")
    plan_services.budget_reveal(plan=dev.plan)
    assert readiness(dev)["paid_every"].words.startswith(
        "Say how often each direct payment is paid:"
    )
    dev.plan.budget_parts.filter(paid_every="").delete()
    assert readiness(dev)["paid_every"].ok


def test_a_budget_with_no_direct_payment_has_nothing_to_say_about_how_often():
    session = session_make()
    dev = focus_person_make(session, "Dev")
    _budget(dev, managed_as="isf")
    plan_services.budget_reveal(plan=dev.plan)
    assert "paid_every" not in readiness(dev)
