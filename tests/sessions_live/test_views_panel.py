"""The council's panel in the browser's requests: who may open its list and a sent version,
who records the decision, who sends the plan (and sends it again), what the person's plan
page and downloads say, and the person's log of every reading by the panel."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cms.roles import PANEL_MEMBERS
from plans.formats.common import date_words
from plans.models import Panel, PanelComment, PanelSubmission
from sessions_live import services
from sessions_live.views_panel import PANEL_READ_ONCE_IN
from tests.factories import TEST_PASSWORD, UserFactory
from tests.sessions_live.factories import facilitator_actor, participant_actor
from tests.sessions_live.rooms import add_note, client_as, remember_participant

pytestmark = pytest.mark.django_db

DERBY = "Derby support planning panel"


def as_participant(room, name: str) -> Client:
    client = Client()
    remember_participant(client, room[name])
    return client


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def panel_room(room):
    """The room, with Amira's plan saved "for the panel", Derby's panel (Joy on it),
    Redcar's (Olu on it), and a staff account on no panel."""
    add_note(room, text="I love swimming with Jo")
    derby = Panel.objects.create(name=DERBY, council="Derby City Council")
    redcar = Panel.objects.create(name="Redcar panel", council="Redcar and Cleveland Council")
    derby.members.add(UserFactory(username="joy", first_name="Joy", roles=[PANEL_MEMBERS]))
    redcar.members.add(UserFactory(username="olu_panel", roles=[PANEL_MEMBERS]))
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    room.update(derby=derby, redcar=redcar, version=save_version(room, "for the panel"))
    return room


def save_version(room, label: str):
    return services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=facilitator_actor(user=room["fran"]),
        focus_person_id=room["amira"].pk,
        label=label,
        today=timezone.localdate(),
    )


def plan_url(room, name: str = "plan", *extra) -> str:
    return reverse(f"live:{name}", args=[room["session"].pk, room["amira"].pk, *extra])


def send(client, room, version="") -> object:
    return client.post(
        plan_url(room, "plan_panel_send"),
        {"version": version or str(room["version"].pk), "panel": str(room["derby"].pk)},
    )


def sent(room) -> PanelSubmission:
    """Amira's "for the panel" version, sent to Derby by Amira herself."""
    assert send(as_participant(room, "amira_me"), room).status_code == 302
    return PanelSubmission.objects.get()


def decide(client, submission, decision="agreed", **fields):
    return client.post(
        reverse("live:panel_decide", args=[submission.pk]), {"decision": decision, **fields}
    )


# --- Role x object x action -------------------------------------------------------------------

ROLES = {
    "anonymous": lambda room: Client(),
    "the person": lambda room: as_participant(room, "amira_me"),
    "an ally": lambda room: as_participant(room, "yusuf"),
    "the facilitator": lambda room: client_as(room, "facilitator_here"),
    "a member of this panel": lambda room: signed_in("joy"),
    "a member of another panel": lambda room: signed_in("olu_panel"),
    "staff on no panel": lambda room: signed_in("boss"),
}
# The panel's pages: signing in comes first; then only this panel's members.
PANEL_PAGE = {
    "anonymous": 302,
    "the person": 302,
    "an ally": 302,
    "the facilitator": 404,
    "a member of this panel": 200,
    "a member of another panel": 404,
    "staff on no panel": 404,
}
MAY_SEND = {"the person", "the facilitator"}


@pytest.mark.parametrize("role", list(ROLES))
def test_the_panels_list(panel_room, role):
    sent(panel_room)
    response = ROLES[role](panel_room).get(reverse("live:panel_queue"))
    want = PANEL_PAGE[role]
    if role == "a member of another panel":
        # On a panel, so they have a list: it does not have Amira's plan.
        want = 200
        assert "Amira" not in response.content.decode()
    assert response.status_code == want
    if want == 302:
        assert response["Location"].startswith(reverse("login"))
    if want == 200:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", list(ROLES))
def test_a_sent_version(panel_room, role):
    submission = sent(panel_room)
    client = ROLES[role](panel_room)
    page = client.get(reverse("live:panel_submission", args=[submission.pk]))
    text = client.get(reverse("live:panel_download", args=[submission.pk, "text"]))
    assert page.status_code == PANEL_PAGE[role]
    assert text.status_code == PANEL_PAGE[role]
    if PANEL_PAGE[role] == 404:
        # The site's plain page: nothing says whose plan, or that there is one.
        assert "Page not found" in page.content.decode()
        assert "Amira" not in page.content.decode()


@pytest.mark.parametrize("role", list(ROLES))
def test_recording_the_decision(panel_room, role):
    submission = sent(panel_room)
    response = decide(ROLES[role](panel_room), submission)
    submission.refresh_from_db()
    if role == "a member of this panel":
        assert response.status_code == 302
        assert submission.decision == "agreed"
        assert submission.decided_by == f"Joy ({DERBY})"
    else:
        assert response.status_code == PANEL_PAGE[role]
        assert submission.decision == ""


@pytest.mark.parametrize("role", list(ROLES))
def test_sending_the_plan_to_a_panel(panel_room, role):
    response = send(ROLES[role](panel_room), panel_room)
    if role in MAY_SEND:
        assert response.status_code == 302
        assert response["Location"].endswith("#panel")
        submission = PanelSubmission.objects.get()
        assert submission.version == panel_room["version"]
        who = "Amira (themself)" if role == "the person" else "fran (facilitator)"
        assert submission.submitted_by == who
    else:
        assert response.status_code == 404
        assert not PanelSubmission.objects.exists()


@pytest.mark.parametrize("role", list(ROLES))
def test_sending_it_again_after_changes_were_asked_for(panel_room, role):
    submission = sent(panel_room)
    decide(
        signed_in("joy"),
        submission,
        "changes",
        comment_1_section="How will I spend my budget",
        comment_1_text="Say what the PA costs.",
    )
    add_note(panel_room, text="The PA costs £13.50 an hour", position=11)
    url = plan_url(panel_room, "plan_panel_send_again", submission.pk)
    response = ROLES[role](panel_room).post(url)
    if role in MAY_SEND:
        assert response.status_code == 302
        again = PanelSubmission.objects.exclude(pk=submission.pk).get()
        assert again.decision == ""
        assert again.version.label == f"for the panel, {date_words(timezone.localdate())}"
        assert "£13.50" in str(again.version.content)
    else:
        assert response.status_code == 404
        assert PanelSubmission.objects.count() == 1


# --- What a panel member sees ---------------------------------------------------------------


def test_the_panel_reads_the_frozen_version_with_its_check_and_money_and_nothing_else(
    panel_room,
):
    submission = sent(panel_room)
    save_version(panel_room, "a later version")
    add_note(panel_room, text="Written after it was sent")
    page = signed_in("joy").get(reverse("live:panel_submission", args=[submission.pk]))
    html = page.content.decode()
    assert "I love swimming with Jo" in html
    assert "Written after it was sent" not in html
    assert "a later version" not in html
    assert "The readiness check" in html
    assert "How the money will be spent" in html
    # No way onto the board or to the person's own pages.
    assert f"/live/s/{panel_room['session'].pk}/" not in html
    # The decision form: three decisions, and comments tied to the version's parts.
    assert 'name="decision" value="agreed"' in html
    assert re.search(r'<option value=""[^>]*>The whole plan</option>', html)
    assert '<option value="How will I spend my budget">' in html


def test_a_panel_member_cannot_open_the_board_or_the_plan_page(panel_room):
    joy = signed_in("joy")
    assert joy.get(reverse("live:board", args=[panel_room["session"].pk])).status_code in (
        302,
        403,
        404,
    )
    assert joy.get(plan_url(panel_room)).status_code == 404
    assert joy.get(plan_url(panel_room, "plan_download", "text")).status_code == 404


def test_every_panel_reading_and_decision_is_in_the_persons_log(panel_room):
    submission = sent(panel_room)
    joy = signed_in("joy")
    joy.get(reverse("live:panel_queue"))
    joy.get(reverse("live:panel_submission", args=[submission.pk]))
    joy.get(reverse("live:panel_submission", args=[submission.pk]))  # within 15 minutes
    joy.get(reverse("live:panel_download", args=[submission.pk, "pdf"]))
    decide(joy, submission, "conditions", conditions="Review the PA hours in 3 months")
    log = list(
        AuditEvent.objects.filter(plan_id=submission.plan_id)
        .order_by("at", "id")
        .values_list("who", "what")
    )
    assert ("Amira (themself)", f"Sent \u201cfor the panel\u201d to {DERBY}") in log
    panel_lines = [what for who, what in log if who == f"Joy ({DERBY})"]
    today = date_words(timezone.localdate())
    assert panel_lines == [
        "Saw \u201cfor the panel\u201d in the panel\u2019s list of plans",
        "Read by the panel: \u201cfor the panel\u201d",
        "Downloaded by the panel: \u201cfor the panel\u201d, PDF",
        "The panel\u2019s decision on \u201cfor the panel\u201d: Agreed with conditions by "
        f"{DERBY} on {today}",
    ]
    assert PANEL_READ_ONCE_IN.total_seconds() == 15 * 60
    # The person reads it on their plan's log.
    log_page = as_participant(panel_room, "amira_me").get(plan_url(panel_room, "plan_log"))
    assert "Read by the panel: “for the panel”" in log_page.content.decode()


def test_a_refused_decision_comes_back_with_what_was_typed_and_a_summary(panel_room):
    submission = sent(panel_room)
    response = decide(
        signed_in("joy"),
        submission,
        "changes",
        comment_1_section="How will I spend my budget",
        comment_1_text="   ",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "write at least one comment" in html
    assert 'href="#id_comment_1_text"' in html
    response = decide(signed_in("joy"), submission, "conditions", conditions="")
    assert "Write the conditions" in response.content.decode()
    submission.refresh_from_db()
    assert submission.decision == ""


def test_a_decided_version_shows_the_decision_and_no_form(panel_room):
    submission = sent(panel_room)
    joy = signed_in("joy")
    decide(joy, submission)
    html = joy.get(reverse("live:panel_submission", args=[submission.pk])).content.decode()
    assert f"Agreed by {DERBY} on" in html
    assert 'name="decision"' not in html
    again = decide(joy, submission, "changes", comment_1_text="Too late")
    assert again.status_code == 302
    submission.refresh_from_db()
    assert submission.decision == "agreed"


def test_a_panel_member_signs_in_with_a_second_factor_first(panel_room, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    response = signed_in("joy").get(reverse("live:panel_queue"))
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor_verify")


# --- What the person sees ----------------------------------------------------------------------


def test_the_person_sees_changes_asked_for_under_the_part_they_are_about(panel_room):
    submission = sent(panel_room)
    decide(
        signed_in("joy"),
        submission,
        "changes",
        comment_1_section="How will I spend my budget",
        comment_1_text="Say what the PA costs an hour.",
    )
    html = as_participant(panel_room, "amira_me").get(plan_url(panel_room)).content.decode()
    panel_part = html[html.index('id="panel"') :]
    assert f"{DERBY} asked for changes on" in panel_part
    about = panel_part.index("About \u2018How will I spend my budget\u2019")
    assert about < panel_part.index("Say what the PA costs an hour.")
    # A link to that heading on the page, and a button to send the changed plan.
    link = 'href="#heading-\\d+">Go to \u2018How will I spend my budget\u2019'
    assert re.search(link, panel_part)
    assert "Send the plan as it is now to" in panel_part
    # An ally reads the decision too, but does not send.
    ally = as_participant(panel_room, "yusuf").get(plan_url(panel_room)).content.decode()
    assert "Say what the PA costs an hour." in ally
    assert "Send the plan as it is now to" not in ally


def test_agreed_then_changed_says_so_links_to_what_changed_and_every_copy_says_it(panel_room):
    submission = sent(panel_room)
    decide(signed_in("joy"), submission)
    amira = as_participant(panel_room, "amira_me")
    today = date_words(timezone.localdate())
    agreed = f"Agreed by {DERBY} on {today}"
    html = amira.get(plan_url(panel_room)).content.decode()
    assert f"{agreed}." in html
    assert "Changed since the panel agreed it" not in html
    text = amira.get(plan_url(panel_room, "plan_download", "text")).content.decode()
    assert f"{agreed}." in text
    assert "changed since" not in text

    add_note(panel_room, text="A new thing after the panel")
    html = amira.get(plan_url(panel_room)).content.decode()
    assert "Changed since the panel agreed it on" in html
    compare = (
        f"{plan_url(panel_room, 'plan_compare')}?older={panel_room['version'].pk}&amp;newer=now"
    )
    assert compare in html
    assert "Send the plan as it is now to" in html
    text = amira.get(plan_url(panel_room, "plan_download", "text")).content.decode()
    assert f"{agreed}. The plan has changed since then." in text
    # The agreed version's own copy says it was agreed.
    version_text = amira.get(
        plan_url(panel_room, "plan_version_download", panel_room["version"].pk, "text")
    ).content.decode()
    assert f"{agreed}." in version_text


def test_sending_twice_while_waiting_says_why_and_changes_nothing(panel_room):
    amira = as_participant(panel_room, "amira_me")
    sent(panel_room)
    response = send(amira, panel_room)
    assert response.status_code == 302
    page = amira.get(response["Location"]).content.decode()
    assert f"The plan is already with {DERBY}" in page
    assert PanelSubmission.objects.count() == 1


def test_sending_the_plan_as_it_is_now_saves_a_version_and_a_refusal_saves_none(panel_room):
    amira = as_participant(panel_room, "amira_me")
    versions = panel_room["amira"].plan.versions
    assert send(amira, panel_room, version="now").status_code == 302
    assert versions.count() == 2
    # Waiting already: the new version it would have saved is taken back too.
    send(amira, panel_room, version="now")
    assert versions.count() == 2


def test_another_plans_version_cannot_be_sent_through_this_plan(panel_room):
    services.board_plan_version_save(
        session_id=panel_room["session"].pk,
        actor=participant_actor(participant=panel_room["ben_me"]),
        focus_person_id=panel_room["ben"].pk,
        label="Ben's",
        today=timezone.localdate(),
    )
    bens = panel_room["ben"].plan.versions.get()
    response = send(as_participant(panel_room, "amira_me"), panel_room, version=str(bens.pk))
    assert response.status_code == 302
    assert not PanelSubmission.objects.exists()


def test_comments_can_only_be_about_the_versions_own_parts(panel_room):
    submission = sent(panel_room)
    response = decide(
        signed_in("joy"),
        submission,
        "changes",
        comment_1_section="Something else entirely",
        comment_1_text="Hmm",
    )
    assert response.status_code == 400
    assert not PanelComment.objects.exists()


def test_a_panel_member_finds_their_panels_list_from_planning_live(panel_room):
    index = signed_in("joy").get(reverse("live:index")).content.decode()
    assert f'href="{reverse("live:panel_queue")}">Plans sent to your panel' in index
    assert reverse("live:session_list") not in index  # not a facilitator
    fran = client_as(panel_room, "facilitator_here").get(reverse("live:index")).content.decode()
    assert reverse("live:panel_queue") not in fran


def test_the_persons_copy_of_everything_holds_the_panels_decisions_and_comments(panel_room):
    submission = sent(panel_room)
    decide(
        signed_in("joy"),
        submission,
        "changes",
        comment_1_section="How will I spend my budget",
        comment_1_text="Say what the PA costs an hour.",
    )
    copy = as_participant(panel_room, "amira_me").get(
        plan_url(panel_room, "plan_everything", "json")
    )
    (item,) = copy.json()["panel_decisions"]
    assert (item["panel"], item["version"], item["decision"]) == (
        DERBY,
        "for the panel",
        "Changes asked for",
    )
    assert item["comments"][0]["about"] == "How will I spend my budget"
    assert item["comments"][0]["text"] == "Say what the PA costs an hour."


def test_every_copy_of_the_plan_says_the_changes_the_panel_asked_for(panel_room):
    submission = sent(panel_room)
    decide(
        signed_in("joy"),
        submission,
        "changes",
        comment_1_section="How will I spend my budget",
        comment_1_text="Say what the PA costs an hour.",
    )
    amira = as_participant(panel_room, "amira_me")
    text = amira.get(plan_url(panel_room, "plan_download", "text")).content.decode()
    assert "asked for changes on" in text
    assert "About \u2018How will I spend my budget\u2019: Say what the PA costs an hour." in text
