"""The action plan and the readiness check on the plan page: who may add, change and take
off an action, what a refused action says (with what was typed kept), the helper's tips
beside each action, and what the plan still needs before it is shared."""

import itertools
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from plans.models import PlanAction
from sessions_live import services
from sessions_live.models import Note, PlanningSession
from sessions_live.views_plan import ACTION_WHAT_MISSING, FORM_OUT_OF_DATE
from tests.sessions_live.factories import budget_record, participant_actor
from tests.sessions_live.test_views_plan import MAY_READ, READERS, as_participant, plan_url

pytestmark = pytest.mark.django_db

CLEAR = {
    "what": "Go swimming at Redcar leisure centre on Tuesdays",
    "who": "Me and Sam",
    "when": "every week",
    "how_we_know": "I have been 4 times by March",
}
VAGUE = {"what": "Try to get out more", "who": "", "when": "soon", "how_we_know": ""}

_op_ids = itertools.count()


def save_url(room) -> str:
    return reverse("live:plan_action_save", args=[room["session"].pk, room["amira"].pk])


def remove_url(room) -> str:
    return reverse("live:plan_action_remove", args=[room["session"].pk, room["amira"].pk])


def post_action(client, room, action: dict, **extra):
    """Send the plan page's action form, with a fresh op id unless one is given."""
    return client.post(save_url(room), {"op_id": f"form-{next(_op_ids)}", **action, **extra})


def take_off(client, room, action_id, op_id: str | None = None):
    return client.post(
        remove_url(room), {"op_id": op_id or f"off-{next(_op_ids)}", "action_id": action_id}
    )


def action_seed(room, what: str, **words) -> PlanAction:
    """An action Amira added on the board, with the board's own command."""
    result = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        message={
            "type": "save_action",
            "op_id": f"seed-{next(_op_ids)}",
            "focus_person_id": room["amira"].pk,
            "what": what,
            **words,
        },
    )
    return PlanAction.objects.get(pk=result.ack["action_id"])


def action_item(page: str, action_id: int) -> str:
    """The page's list item for one action: its words, tips and forms."""
    start = page.index(f'<li class="plan__action" id="action-{action_id}">')
    return page[start : page.index("\n    </li>", start)]


def field_value(page: str, field_id: str) -> str | None:
    """What a box on the page holds (a text box or a text area), or None when there is none."""
    box = re.search(rf'<input type="text" id="{re.escape(field_id)}"[^>]* value="([^"]*)"', page)
    if box:
        return box.group(1)
    area = re.search(rf'<textarea id="{re.escape(field_id)}"[^>]*>\n(.*?)</textarea>', page, re.S)
    return area.group(1) if area else None


def ready_section(page: str) -> str:
    start = page.index('<section class="plan__box plan__ready')
    return page[start : page.index("</section>", start)]


def actions_log(room) -> int:
    return AuditEvent.objects.filter(
        plan_id=room["amira"].plan_id, what="Changed the action plan"
    ).count()


# --- Who may change the action plan -------------------------------------------------------


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_their_allies_and_the_facilitator_change_the_actions(room, reader):
    kept = action_seed(room, "See the GP")
    dropped = action_seed(room, "Buy a bus pass")
    client = READERS[reader](room)
    responses = [
        post_action(client, room, CLEAR),
        post_action(client, room, {"what": "See the GP about my knee"}, action_id=kept.pk),
        take_off(client, room, dropped.pk),
    ]
    actions = sorted(PlanAction.objects.values_list("what", flat=True))
    if reader in MAY_READ:
        added = PlanAction.objects.get(what=CLEAR["what"])
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert [r["Location"] for r in responses] == [
            plan_url(room) + f"#action-{added.pk}",
            plan_url(room) + f"#action-{kept.pk}",
            plan_url(room) + "#actions",
        ]
        assert actions == [CLEAR["what"], "See the GP about my knee"]
        assert actions_log(room) == 3
    else:
        assert [r.status_code for r in responses] == [404, 404, 404]
        assert "We could not open this plan" in responses[0].content.decode()
        assert actions == ["Buy a bus pass", "See the GP"]
        assert actions_log(room) == 0


@pytest.mark.parametrize("reader", sorted(MAY_READ))
def test_everyone_who_may_change_the_actions_is_offered_the_forms(room, reader):
    action = action_seed(room, "See the GP")
    page = READERS[reader](room).get(plan_url(room)).content.decode()
    assert f'action="{save_url(room)}"' in page
    assert f'action="{remove_url(room)}"' in page
    assert f'<input type="hidden" name="action_id" value="{action.pk}">' in page
    assert 'Change<span class="visually-hidden"> “See the GP”</span>' in page
    assert 'Take off<span class="visually-hidden"> “See the GP”</span>' in page
    assert "<summary>Add an action</summary>" in page
    assert 'list="action-who-names"' in page


def test_the_forms_only_take_posts(room):
    amira = as_participant(room, "amira_me")
    assert amira.get(save_url(room)).status_code == 405
    assert amira.get(remove_url(room)).status_code == 405


def test_the_names_offered_for_who_are_the_persons_circle(room):
    names = re.compile(r'<option value="([^"]*)"></option>')
    amira = as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    assert names.findall(amira) == ["Me", "Amira", "Yusuf", "The facilitator"]
    # "Me" would be the ally, not Amira: the ally is offered her name instead.
    yusuf = as_participant(room, "yusuf").get(plan_url(room)).content.decode()
    assert names.findall(yusuf) == ["Amira", "Yusuf", "The facilitator"]


def test_any_words_for_who_are_kept_as_written(room):
    post_action(as_participant(room, "amira_me"), room, {**CLEAR, "who": "My neighbour Pat"})
    assert PlanAction.objects.get().who == "My neighbour Pat"


def test_while_the_board_is_paused_only_the_facilitator_changes_the_actions(room):
    PlanningSession.objects.filter(pk=room["session"].pk).update(is_locked=True)
    refused = post_action(as_participant(room, "amira_me"), room, CLEAR)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "The facilitator has paused writing for everyone" in page
    assert field_value(page, "action-new-what") == CLEAR["what"]
    assert field_value(page, "action-new-when") == CLEAR["when"]
    assert not PlanAction.objects.exists()
    assert post_action(READERS["the facilitator"](room), room, CLEAR).status_code == 302
    assert PlanAction.objects.get().written_by.endswith("(facilitator)")


# --- Adding, changing and taking off --------------------------------------------------------


def test_no_actions_yet_says_so(room):
    page = as_participant(room, "yusuf").get(plan_url(room)).content.decode()
    assert 'id="actions"' in page
    assert '<h2 id="plan-actions-title">Action plan</h2>' in page
    assert "No actions yet." in page
    assert '<details class="plan__write plan__action-add" open>' in page


def test_the_action_plan_comes_after_the_costing(room):
    page = as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    assert page.index('id="costing"') < page.index('id="actions"')


def test_an_ally_adds_an_action_and_sees_it_in_words(room):
    yusuf = as_participant(room, "yusuf")
    assert post_action(yusuf, room, CLEAR).status_code == 302
    action = PlanAction.objects.get()
    assert (action.what, action.who, action.when, action.how_we_know) == tuple(CLEAR.values())
    assert action.written_by == "Yusuf (ally: family)"
    page = yusuf.get(plan_url(room)).content.decode()
    assert "Action added. Everyone on the board sees it now." in page
    item = action_item(page, action.pk)
    assert f"<strong><bdi>{CLEAR['what']}</bdi></strong>" in item
    assert '<span class="plan__action-label">Who:</span> <bdi>Me and Sam</bdi>' in item
    assert '<span class="plan__action-label">When:</span> every week' in item
    assert (
        '<span class="plan__action-label">How we will know:</span> '
        "<bdi>I have been 4 times by March</bdi>"
    ) in item


def test_when_is_said_as_it_was_read_or_as_written_or_not_yet(room):
    read = action_seed(room, "Book a holiday", when="12 March 2030")
    unread = action_seed(room, "Paint the kitchen", when="after Christmas")
    unsaid = action_seed(room, "Call the council")
    page = as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    when = '<span class="plan__action-label">When:</span> '
    assert when + "by 12 March 2030" in action_item(page, read.pk)
    assert when + "<bdi>after Christmas</bdi>" in action_item(page, unread.pk)
    assert when + "not said yet" in action_item(page, unsaid.pk)
    assert '<span class="plan__action-label">Who:</span> not said yet' in action_item(
        page, unsaid.pk
    )


def test_the_change_form_of_an_action_is_filled_in_with_what_was_written(room):
    amira = as_participant(room, "amira_me")
    post_action(amira, room, CLEAR)
    action = PlanAction.objects.get()
    page = amira.get(plan_url(room)).content.decode()
    prefix = f"action-change-{action.pk}"
    assert field_value(page, f"{prefix}-what") == CLEAR["what"]
    assert field_value(page, f"{prefix}-who") == CLEAR["who"]
    assert field_value(page, f"{prefix}-when") == CLEAR["when"]
    assert field_value(page, f"{prefix}-how_we_know") == CLEAR["how_we_know"]
    # The form to add an action starts empty.
    assert field_value(page, "action-new-what") == ""
    assert field_value(page, "action-new-who") == ""


def test_changing_an_action_keeps_one_action_and_says_so(room):
    action = action_seed(room, "Try to get out more")
    fran = READERS["the facilitator"](room)
    response = post_action(fran, room, CLEAR, action_id=action.pk)
    assert response["Location"] == plan_url(room) + f"#action-{action.pk}"
    action.refresh_from_db()
    assert (PlanAction.objects.count(), action.what) == (1, CLEAR["what"])
    page = fran.get(plan_url(room)).content.decode()
    assert "Action changed. Everyone on the board sees it now." in page


def test_taking_off_an_action_twice_says_it_has_gone_already(room):
    action = action_seed(room, "See the GP")
    amira = as_participant(room, "amira_me")
    first = take_off(amira, room, action.pk)
    assert first["Location"] == plan_url(room) + "#actions"
    assert not PlanAction.objects.exists()
    page = amira.get(plan_url(room)).content.decode()
    assert "Action taken off the plan." in page
    assert "No actions yet." in page
    take_off(amira, room, action.pk)
    page = amira.get(plan_url(room)).content.decode()
    assert "That action has already been taken off the plan." in page
    assert actions_log(room) == 1


def test_a_form_sent_twice_adds_one_action_and_one_line_in_the_log(room):
    yusuf = as_participant(room, "yusuf")
    first = post_action(yusuf, room, CLEAR, op_id="sent-twice")
    second = post_action(yusuf, room, CLEAR, op_id="sent-twice")
    assert (first.status_code, second.status_code) == (302, 302)
    assert PlanAction.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert actions_log(room) == 1


def test_a_take_off_sent_twice_is_one_change(room):
    action = action_seed(room, "See the GP")
    amira = as_participant(room, "amira_me")
    take_off(amira, room, action.pk, op_id="off-twice")
    take_off(amira, room, action.pk, op_id="off-twice")
    page = amira.get(plan_url(room)).content.decode()
    assert "already been taken off" not in page
    assert actions_log(room) == 1


def test_the_plan_log_says_the_action_plan_was_changed(room):
    post_action(as_participant(room, "yusuf"), room, CLEAR)
    log = as_participant(room, "amira_me").get(
        reverse("live:plan_log", args=[room["session"].pk, room["amira"].pk])
    )
    assert "Changed the action plan" in log.content.decode()


# --- Refused: only an empty "what", said plainly, with everything typed kept ---------------


@pytest.mark.parametrize("what", ["", "   ", "\n\t"])
def test_an_action_with_nothing_for_what_is_refused_plainly_with_the_rest_kept(room, what):
    typed = {"what": what, "who": "Sam", "when": "by 3 June", "how_we_know": "I'll have a ticket"}
    response = post_action(as_participant(room, "amira_me"), room, typed)
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('<div class="error-summary"') : page.index("<h1>")]
    assert f'<a href="#action-new-what">{escape(ACTION_WHAT_MISSING)}</a>' in summary
    # In the summary and beside the box it is about.
    assert page.count(escape(ACTION_WHAT_MISSING)) == 2
    assert 'id="action-new-what-error"' in page
    assert re.search(r'<textarea id="action-new-what"[^>]* aria-invalid="true"', page)
    assert field_value(page, "action-new-who") == "Sam"
    assert field_value(page, "action-new-when") == "by 3 June"
    assert field_value(page, "action-new-how_we_know") == escape("I'll have a ticket")
    assert '<details class="plan__write plan__action-add" open>' in page
    assert not PlanAction.objects.exists()
    assert actions_log(room) == 0


def test_a_refused_change_keeps_what_was_typed_in_that_actions_form(room):
    action = action_seed(room, "See the GP", who="Me")
    response = post_action(
        as_participant(room, "yusuf"),
        room,
        {"what": " ", "who": "Yusuf", "when": "next Friday"},
        action_id=action.pk,
    )
    assert response.status_code == 400
    page = response.content.decode()
    prefix = f"action-change-{action.pk}"
    assert f'<a href="#{prefix}-what">{escape(ACTION_WHAT_MISSING)}</a>' in page
    assert field_value(page, f"{prefix}-who") == "Yusuf"
    assert field_value(page, f"{prefix}-when") == "next Friday"
    assert '<details class="plan__write plan__action-change" open>' in page
    # The form to add an action is untouched, and the action is as it was.
    assert field_value(page, "action-new-who") == ""
    action.refresh_from_db()
    assert (action.what, action.who) == ("See the GP", "Me")


def test_a_change_to_an_action_taken_off_meanwhile_comes_back_as_a_new_one(room):
    action = action_seed(room, "See the GP")
    take_off(as_participant(room, "amira_me"), room, action.pk)
    response = post_action(as_participant(room, "yusuf"), room, CLEAR, action_id=action.pk)
    assert response.status_code == 400
    page = response.content.decode()
    assert "That action has been taken off the plan." in page
    assert '<a href="#action-new-what">' in page
    assert field_value(page, "action-new-what") == CLEAR["what"]
    assert field_value(page, "action-new-how_we_know") == CLEAR["how_we_know"]
    assert not PlanAction.objects.exists()


@pytest.mark.parametrize(("op_id", "action_id"), [("", None), ("ok", "not-an-action"), ("ok", "²")])
def test_a_form_that_is_out_of_date_saves_nothing(room, op_id, action_id):
    data = {"op_id": op_id, **CLEAR}
    if action_id is not None:
        data["action_id"] = action_id
    response = as_participant(room, "amira_me").post(save_url(room), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert FORM_OUT_OF_DATE in page
    assert field_value(page, "action-new-what") == CLEAR["what"]
    assert not PlanAction.objects.exists()


def test_a_take_off_that_is_out_of_date_takes_nothing_off(room):
    action = action_seed(room, "See the GP")
    amira = as_participant(room, "amira_me")
    response = amira.post(remove_url(room), {"op_id": "", "action_id": action.pk})
    assert response["Location"] == plan_url(room) + "#actions"
    assert FORM_OUT_OF_DATE in amira.get(plan_url(room)).content.decode()
    assert PlanAction.objects.count() == 1


# --- The helper's tips: beside each action, never blocking ---------------------------------


def test_a_vague_action_is_saved_as_written_with_tips_beside_it(room):
    amira = as_participant(room, "amira_me")
    response = post_action(amira, room, VAGUE)
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert (action.what, action.who, action.when) == ("Try to get out more", "", "soon")
    page = amira.get(plan_url(room)).content.decode()
    assert "There are some tips beside it to think about." in page
    item = action_item(page, action.pk)
    assert '<p class="plan__hints-title">Things to think about</p>' in item
    tips = re.findall(
        r'<li class="plan__hint plan__hint--(\w+)"><strong>Tip:</strong> (.*?)</li>', item
    )
    assert tips == [
        ("what", "You wrote “try”. What will you actually do?"),
        ("what", "“more” could mean a little or a lot. How much more?"),
        ("who", "Who will do this?"),
        ("when", "You wrote “soon”. By when? Choose a date or how often."),
        ("know", "How will you know it worked?"),
    ]
    # "soon" could not be read as a date, so it is shown as it was written.
    assert '<span class="plan__action-label">When:</span> <bdi>soon</bdi>' in item


def test_a_clear_action_has_no_tips(room):
    amira = as_participant(room, "amira_me")
    post_action(amira, room, CLEAR)
    page = amira.get(plan_url(room)).content.decode()
    assert "It says what will happen, who will do it, by when and how you will know." in page
    item = action_item(page, PlanAction.objects.get().pk)
    assert "Things to think about" not in item
    assert "Tip:" not in item


def test_making_an_action_clear_takes_its_tips_away_at_once(room):
    action = action_seed(room, "Try to get out more", when="soon")
    amira = as_participant(room, "amira_me")
    before = action_item(amira.get(plan_url(room)).content.decode(), action.pk)
    assert "Who will do this?" in before
    post_action(amira, room, CLEAR, action_id=action.pk)
    after = action_item(amira.get(plan_url(room)).content.decode(), action.pk)
    assert "Things to think about" not in after
    assert "Who will do this?" not in after


def test_tips_are_shown_to_every_reader_and_each_says_tip_in_words(room):
    action = action_seed(room, "Try to get out more")
    for reader in sorted(MAY_READ):
        item = action_item(READERS[reader](room).get(plan_url(room)).content.decode(), action.pk)
        tips = re.findall(r'<li class="plan__hint[^"]*">(.*?)</li>', item)
        assert tips
        assert all(tip.startswith("<strong>Tip:</strong> ") for tip in tips)


# --- Is the plan ready to share? ------------------------------------------------------------


def note_under(room, title: str, text: str, author: str = "amira_me") -> Note:
    """A note on one of Amira's charts, found by its heading, with the board's own command."""
    chart = room["amira"].charts.get(title=title)
    result = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room[author]),
        message={
            "type": "add_note",
            "op_id": f"note-{next(_op_ids)}",
            "chart_id": chart.pk,
            "text": text,
        },
    )
    return Note.objects.get(pk=result.ack["note_id"])


def plan_complete(room) -> None:
    """Everything the readiness check looks for, written the way people write it."""
    note_under(room, "What's important to me", "My cat, Pepper, and swimming")
    note_under(room, "What I need support with", "Cooking my tea and going out")
    note_under(room, "What I want to change", "I want to get out of the house more")
    note_under(room, "How I will stay in control", "If my PA is ill, I call Yusuf")
    budget_record(room["amira"], "350", paid_every="four_weeks")
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        message={
            "type": "save_cost_line",
            "op_id": f"cost-{next(_op_ids)}",
            "focus_person_id": room["amira"].pk,
            "what": "Swimming",
            "who": "Redcar leisure centre",
            "paid": True,
            "hours_per_week": "",
            "hourly_rate": "",
            "amount": "5",
            "period": "week",
            "is_contingency": False,
        },
    )
    action_seed(room, **CLEAR)


def test_a_new_plan_lists_what_is_still_to_do_with_links_to_each(room):
    page = as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    ready = ready_section(page)
    assert '<h2 id="plan-ready-title">Is the plan ready to share?</h2>' in ready
    assert (
        "<strong>7 things still to do.</strong> The plan can still be shared: this only helps."
    ) in ready
    items = re.findall(
        r'<li class="plan__ready-item plan__ready-item--(\w+)">\s*(.*?)\s*</li>', ready, re.S
    )
    assert [kind for kind, _ in items] == ["todo"] * 7
    assert all(words.startswith("<strong>Still to do:</strong> ") for _, words in items)
    links = re.findall(r'<a href="([^"]+)">Go to it<span class="visually-hidden"> for “', ready)
    assert "#costing" in links
    assert "#actions" in links
    assert "#heading-5" in links  # "What's important to me"
    assert "#heading-8" in links  # "What I need support with"
    assert "There are no actions yet. Add what will happen, who, and by when." in ready
    # Every link goes somewhere on this page.
    for href in links:
        assert f'id="{href[1:]}"' in page


def test_the_readiness_check_is_near_the_top_for_every_reader(room):
    for reader in sorted(MAY_READ):
        page = READERS[reader](room).get(plan_url(room)).content.decode()
        assert page.index('id="review"') < page.index('id="ready"') < page.index('id="costing"')


def test_a_vague_action_is_named_as_still_to_do(room):
    action_seed(room, "Try to get out more", when="soon")
    ready = ready_section(as_participant(room, "amira_me").get(plan_url(room)).content.decode())
    assert (
        "<strong>Still to do:</strong> Every action has who and when. "
        "“Try to get out more” needs to say who will do it and by when."
    ) in ready


def test_a_complete_plan_is_ready_to_share(room):
    plan_complete(room)
    page = as_participant(room, "yusuf").get(plan_url(room)).content.decode()
    ready = ready_section(page)
    assert "The plan is ready to share." in ready
    assert "still to do" not in ready.casefold()
    assert "Go to it" not in ready
    # Its direct payment says how often it is paid, so that is checked (and done) too.
    assert ready.count("<strong>Done:</strong> ") == 8
    assert "<strong>Done:</strong> Every action has who and when. " in ready
    assert "Every action says who will do it and by when." in ready
