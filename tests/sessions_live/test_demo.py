"""The demo session: three people at two tables, and Amira's plan finished."""

from datetime import date

import pytest

from plans import selectors as plan_selectors
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


def test_amiras_demo_plan_has_a_revealed_budget_a_costing_in_words_and_actions():
    facilitator_make("facilitator")
    demo_planning_session_ensure()
    amira = PlanningSession.objects.get(title=DEMO_TITLE).focus_people.get(first_name="Amira")
    budget = plan_selectors.budget_summary(plan=amira.plan)
    assert (budget.per_week, budget.sealed) == ("£350.00", 0)
    # Her direct payment says how often it is paid, and how much each time.
    (part,) = budget.lines
    assert (part.is_direct_payment, part.paid_every, part.payment) == (
        True,
        "every 4 weeks",
        "£1,400.00",
    )
    costing = plan_selectors.costing_summary(plan=amira.plan)
    assert len(costing.lines) == 6
    assert costing.status == "under"
    assert costing.difference.endswith("including one-off costs")
    actions = plan_selectors.plan_actions(plan=amira.plan, today=date(2027, 1, 4))
    assert [bool(a.hints) for a in actions] == [False, False, True]  # the last one to ask about


def test_the_demos_panel_version_keeps_its_money_and_actions():
    facilitator_make("facilitator")
    demo_planning_session_ensure()
    amira = PlanningSession.objects.get(title=DEMO_TITLE).focus_people.get(first_name="Amira")
    panel = amira.plan.versions.get(label="for the panel")
    assert panel.content["money"]["budget_per_week"] == "£350.00"
    assert panel.content["money"]["budget_parts"] == [
        "£350.00 a week from the council, as a direct payment: £1,400.00 every 4 weeks"
    ]
    needs = next(s for s in panel.content["sections"] if s["title"] == "What I need support with")
    assert len(needs["notes"]) == 3
    assert len(panel.content["money"]["lines"]) == 6
    assert panel.content["actions"][0]["what"] == "Advertise for a PA who likes music"


def test_the_demo_has_derbys_panel_and_amiras_plan_agreed_by_it():
    from cms.roles import PANEL_MEMBERS
    from plans.models import Panel, PanelSubmission
    from sessions_live.selectors import plan_document_of
    from tests.factories import UserFactory

    facilitator_make("facilitator")
    member = UserFactory(username="panel", roles=[PANEL_MEMBERS])
    demo_planning_session_ensure()
    demo_planning_session_ensure()  # a second run sends and agrees nothing more
    panel = Panel.objects.get()
    assert (panel.name, panel.council) == ("Derby support planning panel", "Derby City Council")
    assert list(panel.members.all()) == [member]
    (submission,) = PanelSubmission.objects.all()
    assert (submission.version.label, submission.decision) == ("for the panel", "agreed")
    assert plan_selectors.panel_queue(user=member)[0].person == "Amira"
    amira = PlanningSession.objects.get(title=DEMO_TITLE).focus_people.get(first_name="Amira")
    document = plan_document_of(seat=amira, made_on=date.today())
    assert document.panel_decision.startswith("Agreed by Derby support planning panel on ")
    assert "changed since" not in document.panel_decision
