"""The indicative budget on the set-up page: recorded by the session's planner, sealed
until revealed to the person's own table, and, until then, on nothing the person,
their allies or anyone else can open."""

import json
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from plans.models import BudgetPart
from tests.sessions_live.rooms import client_as
from tests.sessions_live.test_views_plan import READERS, as_participant, plan_url

pytestmark = pytest.mark.django_db


def budget_post(client, room, person="amira", amount="350", period="week", **extra):
    url = reverse("live:budget_part_add", args=[room["session"].pk, room[person].pk])
    prefix = f"budget-{room[person].pk}"
    data = {
        f"{prefix}-amount": amount,
        f"{prefix}-period": period,
        f"{prefix}-source": extra.get("source", "council"),
        f"{prefix}-managed_as": extra.get("managed_as", "direct_payment"),
        f"{prefix}-paid_every": extra.get("paid_every", ""),
    }
    return client.post(url, data)


def reveal(client, room, person="amira"):
    return client.post(reverse("live:budget_reveal", args=[room["session"].pk, room[person].pk]))


def everything_the_person_side_can_open(room, client) -> str:
    """The plan page, its text download, its log and both copies of everything."""
    args = [room["session"].pk, room["amira"].pk]
    pages = [
        client.get(plan_url(room)),
        client.get(plan_url(room, key="text")),
        client.get(reverse("live:plan_log", args=args)),
        client.get(reverse("live:plan_everything", args=[*args, "json"])),
        client.get(reverse("live:plan_everything", args=[*args, "html"])),
    ]
    return "\n".join(p.content.decode() for p in pages if p.status_code == 200)


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_sessions_planner_records_reveals_or_takes_off_a_budget(room, reader):
    fran = client_as(room, "facilitator_here")
    budget_post(fran, room, amount="100")
    part = BudgetPart.objects.get()
    client = READERS[reader](room)
    args = [room["session"].pk, room["amira"].pk]
    responses = [
        budget_post(client, room, amount="999"),
        reveal(client, room),
        client.post(reverse("live:budget_reveal_all", args=[room["session"].pk])),
        client.post(reverse("live:budget_part_remove", args=[*args, part.pk])),
    ]
    if reader == "the facilitator":
        assert all(r.status_code == 302 for r in responses)
        assert not BudgetPart.objects.filter(pk=part.pk).exists()
        assert BudgetPart.objects.get().amount == 999
    else:
        assert all(r.status_code in (302, 403, 404) for r in responses)
        assert all("/live/manage/" not in r.get("Location", "") for r in responses)
        assert list(BudgetPart.objects.values_list("amount", "revealed_at")) == [(100, None)]


def test_a_sealed_budget_leaves_no_trace_anywhere_the_person_or_their_allies_look(room):
    fran = client_as(room, "facilitator_here")
    budget_post(fran, room, amount="18,200.50", period="year")
    setup = fran.get(reverse("live:session_setup", args=[room["session"].pk])).content.decode()
    assert "£18,200.50 a year" in setup
    assert "Sealed" in setup
    for reader in ("amira herself", "yusuf, her ally", "the facilitator"):
        seen = everything_the_person_side_can_open(room, READERS[reader](room))
        assert "18,200" not in seen
        assert "18200" not in seen
        assert "Indicative budget" not in seen
        assert 'id="budget"' not in seen
    # Kept for administrators, not in the person's own log.
    assert (
        AuditEvent.objects.filter(what="Recorded an indicative budget, sealed").get().plan_id
        is None
    )


def test_after_the_reveal_the_person_and_their_ally_see_it_in_words_and_nobody_else(room):
    fran = client_as(room, "facilitator_here")
    budget_post(fran, room, amount="350", managed_as="isf")
    assert reveal(fran, room).status_code == 302
    for reader in ("amira herself", "yusuf, her ally"):
        page = READERS[reader](room).get(plan_url(room)).content.decode()
        assert "<strong>£350.00 a week</strong>, which is £18,200.00 a year." in page
        assert "from the council, as individual service fund" in page.lower()
    log = as_participant(room, "amira_me").get(
        reverse("live:plan_log", args=[room["session"].pk, room["amira"].pk])
    )
    assert "Revealed the indicative budget" in log.content.decode()
    copy = json.loads(
        as_participant(room, "amira_me")
        .get(reverse("live:plan_everything", args=[room["session"].pk, room["amira"].pk, "json"]))
        .content
    )
    assert [item["amount"] for item in copy["budgets"]["items"]] == ["£350.00 a week"]
    # Every download has it now too (here the plain text one).
    text = as_participant(room, "amira_me").get(plan_url(room, key="text")).content.decode()
    assert "Money for my support" in text
    assert "£350.00 a week from the council" in text
    # Ben, at the same table, cannot open Amira's plan at all.
    assert READERS["ben, at her table"](room).get(plan_url(room)).status_code == 404


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("twelve", "“twelve” is not an amount of money"),
        ("-5", "less than nothing"),
        ("1e3", "1e3"),
        ("12.505", "12.505"),
        ("0", "A budget of nothing is not a budget"),
        ("99999999", "99999999"),
        ("", "The amount is empty. Type how much the budget is"),
    ],
)
def test_a_bad_amount_is_explained_keeps_what_was_typed_and_records_nothing(room, typed, says):
    fran = client_as(room, "facilitator_here")
    response = budget_post(fran, room, amount=typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert says.lower() in page.lower()
    assert "There is a problem" in page
    assert f'value="{typed}"' in page or not typed
    assert not BudgetPart.objects.exists()


def test_reveal_every_budget_unseals_each_persons_own_and_says_whose(room):
    fran = client_as(room, "facilitator_here")
    budget_post(fran, room, amount="350")
    budget_post(fran, room, person="chloe", amount="120")
    response = fran.post(reverse("live:budget_reveal_all", args=[room["session"].pk]), follow=True)
    assert "Budgets revealed to Amira and Chloe, each to their own table only." in (
        response.content.decode()
    )
    assert not BudgetPart.objects.filter(revealed_at__isnull=True).exists()
    assert set(
        AuditEvent.objects.filter(what__startswith="Revealed").values_list("plan_id", flat=True)
    ) == {room["amira"].plan_id, room["chloe"].plan_id}
    again = fran.post(reverse("live:budget_reveal_all", args=[room["session"].pk]), follow=True)
    assert "There are no sealed budgets to reveal." in again.content.decode()


# --- A direct payment: how often it is paid, and how much each time (Care Act 2014 s25) --


def test_the_set_up_page_asks_how_often_a_direct_payment_is_paid(room):
    fran = client_as(room, "facilitator_here")
    page = fran.get(reverse("live:session_setup", args=[room["session"].pk])).content.decode()
    prefix = f"budget-{room['amira'].pk}-paid_every"
    assert "<legend>How often is the direct payment paid?</legend>" in page
    assert "Only for a direct payment. The plan shows how much each payment is." in page
    for value, label in [
        ("", "Not decided yet"),
        ("week", "Every week"),
        ("four_weeks", "Every 4 weeks"),
        ("month", "Every month"),
    ]:
        assert f'name="{prefix}" value="{value}"' in page
        assert f">{label}</label>" in page


def test_how_often_a_direct_payment_is_paid_shows_only_once_revealed(room):
    fran = client_as(room, "facilitator_here")
    response = budget_post(fran, room, amount="350", paid_every="four_weeks")
    assert response.status_code == 302
    assert BudgetPart.objects.get().paid_every == "four_weeks"
    setup = fran.get(reverse("live:session_setup", args=[room["session"].pk])).content.decode()
    assert "Paid every 4 weeks: £1,400.00 each time." in setup
    # Sealed: nothing the person's side can open says it (or anything else about it).
    for reader in ("amira herself", "yusuf, her ally", "the facilitator"):
        seen = everything_the_person_side_can_open(room, READERS[reader](room))
        assert "1,400" not in seen
        assert "every 4 weeks" not in seen
        assert "four_weeks" not in seen
    reveal(fran, room)
    for reader in ("amira herself", "yusuf, her ally", "the facilitator"):
        page = READERS[reader](room).get(plan_url(room)).content.decode()
        assert (
            "£350.00 a week from the council, as direct payment. <strong>The direct payment "
            "is £1,400.00 every 4 weeks</strong>, paid into <bdi>Amira</bdi>\u2019s own account."
        ) in page
    amira = as_participant(room, "amira_me")
    text = amira.get(plan_url(room, key="text")).content.decode()
    assert "- £350.00 a week from the council, as a direct payment: £1,400.00 every 4 weeks." in (
        text
    )
    args = [room["session"].pk, room["amira"].pk]
    copy = json.loads(amira.get(reverse("live:plan_everything", args=[*args, "json"])).content)
    (item,) = copy["budgets"]["items"]
    assert (item["paid_every"], item["each_payment"]) == ("every 4 weeks", "£1,400.00")
    readable = amira.get(reverse("live:plan_everything", args=[*args, "html"])).content.decode()
    assert "Paid every 4 weeks: £1,400.00 each time." in readable


def test_a_suitable_persons_monthly_payment_is_the_year_over_twelve_to_the_penny(room):
    fran = client_as(room, "facilitator_here")
    budget_post(
        fran, room, amount="18200", period="year", managed_as="suitable_person", paid_every="month"
    )
    reveal(fran, room)
    page = as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    # £18,200 / 12 = £1,516.666...: each payment is rounded, half up.
    assert (
        "<strong>The direct payment is £1,516.67 every month</strong>, paid to the suitable "
        "person who looks after the money for <bdi>Amira</bdi>."
    ) in page


def test_a_direct_payment_not_yet_decided_says_nothing_of_how_often_on_the_plan(room):
    fran = client_as(room, "facilitator_here")
    budget_post(fran, room, amount="350")
    setup = fran.get(reverse("live:session_setup", args=[room["session"].pk])).content.decode()
    assert "How often it is paid is not decided yet: to say, take it off and record it again." in (
        setup
    )
    reveal(fran, room)
    page = as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    assert "£350.00 a week from the council, as direct payment.</li>" in page
    assert "The direct payment is" not in page


@pytest.mark.parametrize(
    ("managed_as", "what"),
    [
        ("isf", "it is an Individual Service Fund"),
        ("council", "it is managed by the council"),
        ("", "how it will be managed is not decided yet"),
    ],
)
def test_how_often_for_a_part_that_is_not_a_direct_payment_is_refused_keeping_everything(
    room, managed_as, what
):
    fran = client_as(room, "facilitator_here")
    response = budget_post(
        fran, room, amount="1,200.50", managed_as=managed_as, paid_every="month", source="nhs"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        "You chose how often a direct payment is paid (every month), but this part is not a "
        f"direct payment: {what}. Choose “Not decided yet” for how often, or choose a direct "
        "payment for how it will be managed."
    ) in page
    assert not BudgetPart.objects.exists()
    # Everything typed and chosen is kept, and the form is open to put it right.
    prefix = f"budget-{room['amira'].pk}"
    assert 'value="1,200.50"' in page
    for name, value in [
        ("period", "week"),
        ("source", "nhs"),
        ("managed_as", managed_as),
        ("paid_every", "month"),
    ]:
        assert f'name="{prefix}-{name}" value="{value}"' in page
        assert re.search(rf'name="{prefix}-{name}" value="{value}"[^>]*\bchecked\b', page)
