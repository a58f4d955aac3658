"""How the money will be spent, on the plan page: who may add, change and take off a row,
what a refused row says (with what was typed kept), and the totals in words."""

import itertools
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from plans.models import CostLine
from sessions_live import services
from sessions_live.models import PlanningSession
from sessions_live.views_plan import COST_PAID_MISSING
from tests.sessions_live.factories import budget_record, participant_actor
from tests.sessions_live.test_views_plan import (
    MAY_READ,
    READERS,
    as_participant,
    compare_url,
    plan_url,
    save_version,
)

pytestmark = pytest.mark.django_db

PA = {
    "what": "A personal assistant",
    "who": "Sam",
    "paid": "yes",
    "hours_per_week": "7.5",
    "hourly_rate": "£12.63",
}
LAPTOP = {"what": "A laptop", "who": "A shop", "paid": "yes", "amount": "400", "period": "one_off"}
FRIEND = {"what": "Swimming", "who": "Jo, a friend", "paid": "no"}

_op_ids = itertools.count()


def save_url(room) -> str:
    return reverse("live:plan_cost_line_save", args=[room["session"].pk, room["amira"].pk])


def remove_url(room) -> str:
    return reverse("live:plan_cost_line_remove", args=[room["session"].pk, room["amira"].pk])


def post_row(client, room, row: dict, **extra):
    """Send the plan page's costing form, with a fresh op id unless one is given."""
    return client.post(save_url(room), {"op_id": f"form-{next(_op_ids)}", **row, **extra})


def take_off(client, room, line_id, op_id: str | None = None):
    return client.post(
        remove_url(room), {"op_id": op_id or f"off-{next(_op_ids)}", "line_id": line_id}
    )


def row_seed(room, what: str, amount: str = "30", period: str = "week") -> CostLine:
    """A row Amira added on the board, with the board's own command."""
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        message={
            "type": "save_cost_line",
            "op_id": f"seed-{next(_op_ids)}",
            "focus_person_id": room["amira"].pk,
            "what": what,
            "who": "",
            "paid": True,
            "hours_per_week": "",
            "hourly_rate": "",
            "amount": amount,
            "period": period,
            "is_contingency": False,
        },
    )
    return CostLine.objects.get(what=what)


def input_value(page: str, field_id: str) -> str | None:
    """The value a text box has on the page, or None when there is no such box."""
    found = re.search(rf'<input type="text" id="{re.escape(field_id)}"[^>]* value="([^"]*)"', page)
    return found.group(1) if found else None


def costing_log(room) -> int:
    return AuditEvent.objects.filter(
        plan_id=room["amira"].plan_id, what="Changed the costing"
    ).count()


# --- Who may change the costing ------------------------------------------------------------


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_their_allies_and_the_facilitator_change_the_costing(room, reader):
    kept = row_seed(room, "Cleaner")
    dropped = row_seed(room, "Gardener")
    client = READERS[reader](room)
    responses = [
        post_row(client, room, PA),
        post_row(client, room, {**FRIEND, "what": "Cleaner, from a neighbour"}, line_id=kept.pk),
        take_off(client, room, dropped.pk),
    ]
    rows = sorted(CostLine.objects.values_list("what", flat=True))
    if reader in MAY_READ:
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert {r["Location"] for r in responses} == {plan_url(room) + "#costing"}
        assert rows == ["A personal assistant", "Cleaner, from a neighbour"]
        assert costing_log(room) == 3
    else:
        assert [r.status_code for r in responses] == [404, 404, 404]
        assert "We could not open this plan" in responses[0].content.decode()
        assert rows == ["Cleaner", "Gardener"]
        assert costing_log(room) == 0


@pytest.mark.parametrize("reader", sorted(MAY_READ))
def test_everyone_who_may_change_the_costing_is_offered_the_forms(room, reader):
    line = row_seed(room, "Cleaner")
    page = READERS[reader](room).get(plan_url(room)).content.decode()
    assert f'action="{save_url(room)}"' in page
    assert f'action="{remove_url(room)}"' in page
    assert f'<input type="hidden" name="line_id" value="{line.pk}">' in page
    assert 'Change<span class="visually-hidden"> “Cleaner”</span>' in page
    assert 'Take off<span class="visually-hidden"> “Cleaner”</span>' in page
    assert "<summary>Add a row</summary>" in page


def test_the_forms_only_take_posts(room):
    amira = as_participant(room, "amira_me")
    assert amira.get(save_url(room)).status_code == 405
    assert amira.get(remove_url(room)).status_code == 405


def test_while_the_board_is_paused_only_the_facilitator_changes_the_costing(room):
    PlanningSession.objects.filter(pk=room["session"].pk).update(is_locked=True)
    refused = post_row(as_participant(room, "amira_me"), room, PA)
    assert refused.status_code == 400
    assert "The facilitator has paused writing for everyone" in refused.content.decode()
    assert input_value(refused.content.decode(), "cost-new-hours_per_week") == "7.5"
    assert not CostLine.objects.exists()
    assert post_row(READERS["the facilitator"](room), room, PA).status_code == 302
    assert CostLine.objects.get().written_by.endswith("(facilitator)")


# --- Adding, changing and taking off ------------------------------------------------------


def test_an_ally_adds_a_row_and_sees_it_costed_in_words(room):
    yusuf = as_participant(room, "yusuf")
    response = post_row(yusuf, room, PA, is_contingency="yes")
    assert response["Location"] == plan_url(room) + "#costing"
    line = CostLine.objects.get()
    assert (line.what, line.who, line.paid, line.is_contingency) == (
        "A personal assistant",
        "Sam",
        True,
        True,
    )
    assert line.written_by == "Yusuf (ally: family)"
    page = yusuf.get(plan_url(room)).content.decode()
    assert "Row added to the costing." in page
    assert "7.5 hours a week at £12.63 an hour" in page
    assert "£4,925.70 a year" in page
    assert "(contingency money)" in page


def test_the_change_form_of_a_row_is_filled_in_with_what_was_typed(room):
    amira = as_participant(room, "amira_me")
    post_row(amira, room, PA)
    line = CostLine.objects.get()
    page = amira.get(plan_url(room)).content.decode()
    assert input_value(page, f"cost-{line.pk}-what") == "A personal assistant"
    assert input_value(page, f"cost-{line.pk}-who") == "Sam"
    assert input_value(page, f"cost-{line.pk}-hours_per_week") == "7.5"
    assert input_value(page, f"cost-{line.pk}-hourly_rate") == "12.63"
    assert input_value(page, f"cost-{line.pk}-amount") == ""
    assert f'id="cost-{line.pk}-paid-yes" checked>' in page
    assert f'id="cost-{line.pk}-paid-no">' in page
    # The form to add a row starts empty.
    assert input_value(page, "cost-new-what") == ""


def test_changing_a_row_keeps_one_row_and_says_so(room):
    line = row_seed(room, "Cleaner", amount="30", period="month")
    fran = READERS["the facilitator"](room)
    response = post_row(
        fran,
        room,
        {"what": "Cleaner", "paid": "yes", "amount": "45", "period": "month"},
        line_id=line.pk,
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (CostLine.objects.count(), str(line.amount)) == (1, "45.00")
    page = fran.get(plan_url(room)).content.decode()
    assert "Row changed." in page
    assert "£45.00 a month" in page


def test_a_row_changed_from_an_amount_to_hours_needs_no_radio_cleared(room):
    # A radio button can't be unchosen without a script: "Every month" stays sent.
    line = row_seed(room, "Cleaner", amount="30", period="month")
    changed = {"what": "Cleaner", "paid": "yes", "hours_per_week": "2", "hourly_rate": "15"}
    response = post_row(
        as_participant(room, "amira_me"), room, changed, period="month", line_id=line.pk
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.hours_per_week, line.hourly_rate, line.amount, line.period) == (2, 15, None, "")


def test_taking_off_a_row_twice_says_it_has_gone_already(room):
    line = row_seed(room, "Cleaner")
    amira = as_participant(room, "amira_me")
    first = take_off(amira, room, line.pk)
    assert first["Location"] == plan_url(room) + "#costing"
    assert not CostLine.objects.exists()
    page = amira.get(plan_url(room)).content.decode()
    assert "Row taken off the costing." in page
    assert "Nothing costed yet." in page
    again = take_off(amira, room, line.pk)
    assert again.status_code == 302
    assert (
        "That row has already been taken off the costing."
        in amira.get(plan_url(room)).content.decode()
    )
    assert costing_log(room) == 1


def test_a_form_sent_twice_adds_one_row_and_one_line_in_the_log(room):
    yusuf = as_participant(room, "yusuf")
    first = post_row(yusuf, room, PA, op_id="sent-twice")
    second = post_row(yusuf, room, PA, op_id="sent-twice")
    assert (first.status_code, second.status_code) == (302, 302)
    assert CostLine.objects.count() == 1
    assert costing_log(room) == 1


def test_a_take_off_sent_twice_is_one_change(room):
    line = row_seed(room, "Cleaner")
    amira = as_participant(room, "amira_me")
    take_off(amira, room, line.pk, op_id="off-twice")
    take_off(amira, room, line.pk, op_id="off-twice")
    page = amira.get(plan_url(room)).content.decode()
    assert "already been taken off" not in page
    assert costing_log(room) == 1


def test_the_plan_log_says_the_costing_was_changed(room):
    post_row(as_participant(room, "yusuf"), room, PA)
    log = as_participant(room, "amira_me").get(
        reverse("live:plan_log", args=[room["session"].pk, room["amira"].pk])
    )
    assert "Changed the costing" in log.content.decode()


# --- Refused rows: a plain message, what was typed kept, nothing saved --------------------

BASE = {"what": "Help at home", "who": "An agency", "paid": "yes"}
REFUSED = {
    "an amount in words": (
        {"amount": "twelve", "period": "week"},
        "“twelve” is not an amount of money",
        "cost-new-amount",
        "amount",
        "twelve",
    ),
    "a negative amount": (
        {"amount": "-5", "period": "week"},
        "an amount can’t be less than nothing",  # noqa: RUF001
        "cost-new-amount",
        "amount",
        "-5",
    ),
    "an amount in scientific notation": (
        {"amount": "1e3", "period": "week"},
        "“1e3” is not an amount of money",
        "cost-new-amount",
        "amount",
        "1e3",
    ),
    "more hours than a week has": (
        {"hours_per_week": "169", "hourly_rate": "12"},
        "there are only 168 hours in a week",
        "cost-new-hours_per_week",
        "hours_per_week",
        "169",
    ),
    "hours with no pay per hour": (
        {"hours_per_week": "7.5"},
        "You gave hours for “Help at home”, but not how much an hour",
        "cost-new-hourly_rate",
        "hours_per_week",
        "7.5",
    ),
    "a pay per hour in words": (
        {"hours_per_week": "7.5", "hourly_rate": "lots"},
        "“lots” is not an amount of money",
        "cost-new-hourly_rate",
        "hourly_rate",
        "lots",
    ),
    "both hours and an amount": (
        {"hours_per_week": "7.5", "hourly_rate": "12", "amount": "30", "period": "week"},
        "Give hours and an hourly rate, or one amount, not both",
        "cost-new-amount",
        "hourly_rate",
        "12",
    ),
    "nothing typed for what it is": (
        {"what": "   ", "amount": "30", "period": "week"},
        "Say what the support is",
        "cost-new-what",
        "amount",
        "30",
    ),
    "not saying if it is paid": (
        {"paid": "", "amount": "30", "period": "week"},
        COST_PAID_MISSING,
        "cost-new-paid-yes",
        "amount",
        "30",
    ),
    "an unpaid row with a cost": (
        {"paid": "no", "amount": "30", "period": "week"},
        "You said “Help at home” is unpaid, but gave it a cost",
        "cost-new-paid-yes",
        "amount",
        "30",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_row_is_said_plainly_with_what_was_typed_kept(room, case):
    typed, says, target, kept_field, kept_value = REFUSED[case]
    response = post_row(as_participant(room, "amira_me"), room, {**BASE, **typed})
    assert response.status_code == 400
    page = response.content.decode()
    # In the error summary, linked to the box or choice it is about, and beside it.
    summary = page[page.index('<div class="error-summary"') : page.index("<h1>")]
    assert f'<a href="#{target}">' in summary
    assert escape(says) in summary
    assert page.count(escape(says)) == 2
    assert input_value(page, f"cost-new-{kept_field}") == escape(kept_value)
    assert input_value(page, "cost-new-who") == "An agency"
    assert '<details class="plan__write plan__cost-add" open>' in page
    assert not CostLine.objects.exists()
    assert costing_log(room) == 0


def test_a_refused_change_keeps_what_was_typed_in_that_rows_form(room):
    line = row_seed(room, "Cleaner", amount="30", period="week")
    response = post_row(
        as_participant(room, "yusuf"),
        room,
        {"what": "Cleaner, weekly", "paid": "yes", "amount": "thirty", "period": "week"},
        line_id=line.pk,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#cost-{line.pk}-amount">“thirty” is not an amount of money' in page
    assert input_value(page, f"cost-{line.pk}-amount") == "thirty"
    assert input_value(page, f"cost-{line.pk}-what") == "Cleaner, weekly"
    assert '<details class="plan__write plan__cost-change" open>' in page
    # The form to add a row is untouched, and the row is as it was.
    assert input_value(page, "cost-new-amount") == ""
    line.refresh_from_db()
    assert (line.what, str(line.amount)) == ("Cleaner", "30.00")


def test_a_change_to_a_row_taken_off_meanwhile_comes_back_as_a_new_row_to_add(room):
    line = row_seed(room, "Cleaner")
    take_off(as_participant(room, "amira_me"), room, line.pk)
    response = post_row(
        as_participant(room, "yusuf"),
        room,
        {"what": "Cleaner, weekly", "paid": "yes", "amount": "35", "period": "week"},
        line_id=line.pk,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "That row has been taken off the costing." in page
    assert input_value(page, "cost-new-what") == "Cleaner, weekly"
    assert input_value(page, "cost-new-amount") == "35"
    assert not CostLine.objects.exists()


@pytest.mark.parametrize(("op_id", "line_id"), [("", None), ("ok", "not-a-row"), ("ok", "²")])
def test_a_form_that_is_out_of_date_saves_nothing(room, op_id, line_id):
    data = {"op_id": op_id, **PA}
    if line_id is not None:
        data["line_id"] = line_id
    response = as_participant(room, "amira_me").post(save_url(room), data)
    assert response.status_code == 400
    assert "That form was out of date, so nothing was saved." in response.content.decode()
    assert not CostLine.objects.exists()


# --- Totals in words ------------------------------------------------------------------------


def test_nothing_costed_yet_says_so(room):
    page = as_participant(room, "yusuf").get(plan_url(room)).content.decode()
    assert 'id="costing"' in page
    assert "How the money will be spent" in page
    assert "Nothing costed yet." in page
    assert "<table" not in page


def test_totals_are_in_words_and_the_budget_is_compared_only_once_revealed(room):
    amira = as_participant(room, "amira_me")
    for row in (PA, LAPTOP, FRIEND):
        assert post_row(amira, room, row).status_code == 302
    page = amira.get(plan_url(room)).content.decode()
    # 7.5 x £12.63 x 52 = £4,925.70, and £400 once: £5,325.70 for the year, / 52 a week.
    assert "In all: £102.42 a week (£5,325.70 a year)." in page
    assert "The year’s total includes £400.00 of one-off costs, paid once." in page  # noqa: RUF001
    assert "£400.00 once" in page
    assert '<td data-label="Cost">Unpaid</td>' in page
    assert "contingency money, set aside" not in page
    # Before the reveal, nothing on the page hints at a budget.
    assert "your budget" not in page
    assert "Under budget" not in page

    budget_record(room["amira"], "350")
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    page = amira.get(plan_url(room)).content.decode()
    status = re.search(r'<p class="plan__cost-status plan__cost-status--under">(.*?)</p>', page)
    assert status is not None
    # £18,200 - £5,325.70 = £12,874.30 a year, £247.58 a week; led by a word, not a colour.
    assert status.group(1).startswith("<strong>Under budget.</strong> ")
    assert "under your budget" in status.group(1)
    assert "£12,874.30 a year" in status.group(1)
    assert "£247.58 a week" in status.group(1)
    assert "including one-off costs" in status.group(1)


def test_contingency_money_and_going_over_the_budget_are_said_in_words(room):
    budget_record(room["amira"], "100")
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    yusuf = as_participant(room, "yusuf")
    post_row(yusuf, room, {"what": "Day centre", "paid": "yes", "amount": "120", "period": "week"})
    post_row(
        yusuf,
        room,
        {"what": "Repairs", "paid": "yes", "amount": "260", "period": "year"},
        is_contingency="yes",
    )
    page = yusuf.get(plan_url(room)).content.decode()
    # £120 x 52 + £260 = £6,500 a year, £125 a week: £25 a week over £100 a week.
    assert "In all: £125.00 a week (£6,500.00 a year)." in page
    assert "Of that, £260.00 a year is contingency money" in page
    status = re.search(r'<p class="plan__cost-status plan__cost-status--over">(.*?)</p>', page)
    assert status is not None
    assert status.group(1).startswith("<strong>Over budget.</strong> ")
    assert "£25.00 a week" in status.group(1)
    assert "£1,300.00 a year" in status.group(1)
    assert "over your budget" in status.group(1)


def test_compare_says_what_changed_in_the_costing_and_the_actions_since_a_version(room):
    row_seed(room, "Cleaner")
    amira = as_participant(room, "amira_me")
    save_version(amira, room, label="after meeting 1")
    version = room["amira"].plan.versions.get()
    post_row(amira, room, PA)
    page = amira.get(compare_url(room), {"older": version.pk, "newer": "now"}).content.decode()
    assert '<h3 id="changed-money">How the money will be spent</h3>' in page
    assert "The costing came to £30.00 a week. Now it comes to £124.73 a week." in page
    assert "<ins><bdi>A personal assistant</bdi> (<bdi>Sam</bdi>): 7.5 hours a week" in page
    assert "Nothing changed between these two." not in page
