"""Reviews that prompt (issue 13, "Plans that change"): when a plan's review date is
near, the person and the facilitator of the board it is on now are emailed once (where
they gave an address), the plan page says what to look at first, and the facilitator's
session list names the plans whose review is near."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.roles import PANEL_MEMBERS
from plans import services as plan_services
from plans.formats.common import date_words
from plans.models import Panel, Plan, PlanVersion
from sessions_live import reviews, services
from sessions_live.models import Participant
from tests.factories import TEST_PASSWORD, UserFactory
from tests.sessions_live.factories import (
    budget_record,
    facilitator_make,
    participant_actor,
    session_make,
)
from tests.sessions_live.rooms import add_note, remember_participant

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def review_in(room, days: int, person: str = "amira") -> Plan:
    """Set the person's review date ``days`` from today (in the past when negative)."""
    plan = room[person].plan
    # Straight to the row: the plan page refuses a date in the past, but a date set
    # earlier passes.
    Plan.objects.filter(pk=plan.pk).update(review_on=today() + timedelta(days=days))
    plan.refresh_from_db()
    return plan


def amira_account(room, email: str = "amira@example.org"):
    """Amira keeps her plan on an account, as she would from her plan page."""
    return services.participant_account_create(
        participant_id=room["amira_me"].pk,
        username="amira.k",
        email=email,
        password=TEST_PASSWORD,
    )


def tell(capture) -> int:
    """Run the daily telling, and send what it queued once its transactions commit."""
    with capture(execute=True):
        return reviews.reviews_tell(today=today())


def sent_to() -> list[str]:
    return sorted(address for email in mail.outbox for address in email.to)


def plan_url(room, person: str = "amira") -> str:
    return reverse("live:plan", args=[room["session"].pk, room[person].pk])


def as_amira(room) -> Client:
    client = Client()
    remember_participant(client, room["amira_me"])
    return client


def as_user(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=TEST_PASSWORD)
    return client


def save_version(room, label: str) -> PlanVersion:
    return services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        focus_person_id=room["amira"].pk,
        label=label,
        today=today(),
    )


# --- Who is told, by email ---------------------------------------------------------------


def test_the_person_and_the_facilitator_are_emailed_once_the_telling_commits(
    room, django_capture_on_commit_callbacks
):
    amira_account(room)
    yusuf_account = UserFactory(username="yusuf", email="yusuf@example.org")
    services.participant_account_link(participant_id=room["yusuf"].pk, user=yusuf_account)
    plan = review_in(room, 10)
    review_in(room, 40, person="ben")  # far off: not yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reviews.reviews_tell(today=today()) == 1
    # Nothing goes before the commit (a slow mail server never holds the database).
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    # Amira and Fran; not Yusuf, her ally, who has an account too.
    assert sent_to() == ["amira@example.org", "fran@example.org"]
    when = date_words(plan.review_on)
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + plan_url(room)
    to_amira = next(e for e in mail.outbox if e.to == ["amira@example.org"])
    assert f"Your support plan\u2019s review is due on {when}." in to_amira.body
    assert reviews.REVIEW_MEANS in to_amira.body
    assert link in to_amira.body
    assert when in to_amira.subject
    to_fran = next(e for e in mail.outbox if e.to == ["fran@example.org"])
    assert "The review of Amira\u2019s support plan" in to_fran.body
    assert "Spring group" in to_fran.body
    assert link in to_fran.body
    plan.refresh_from_db()
    assert plan.review_told_on == plan.review_on


def test_each_review_date_is_told_once_and_a_new_date_is_told_again(
    room, django_capture_on_commit_callbacks
):
    amira_account(room)
    review_in(room, 10)
    assert tell(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2
    # Again the same day, and the next: nobody is told twice.
    assert tell(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    # The person chooses a new date, on their plan page's own service: told again.
    new_date = today() + timedelta(days=7)
    services.board_plan_review_set(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        focus_person_id=room["amira"].pk,
        review_on=new_date,
        today=today(),
    )
    assert tell(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 4
    assert date_words(new_date) in mail.outbox[-1].body


def test_with_no_address_nobody_is_emailed_nothing_breaks_and_it_is_not_marked_told(
    room, django_capture_on_commit_callbacks
):
    # Amira has no account; Fran's account has no email address.
    fran = room["fran"]
    fran.email = ""
    fran.save(update_fields=["email"])
    plan = review_in(room, 3)
    assert tell(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    plan.refresh_from_db()
    assert plan.review_told_on is None
    # She gives an address later (an account from her plan page): she is told then.
    amira_account(room)
    assert tell(django_capture_on_commit_callbacks) == 1
    assert sent_to() == ["amira@example.org"]


def test_an_account_with_no_email_address_is_skipped_and_the_facilitator_still_told(
    room, django_capture_on_commit_callbacks
):
    amira_account(room, email="")
    review_in(room, 3)
    assert tell(django_capture_on_commit_callbacks) == 1
    assert sent_to() == ["fran@example.org"]


def test_a_removed_me_device_is_not_emailed(room, django_capture_on_commit_callbacks):
    amira_account(room)
    Participant.objects.filter(pk=room["amira_me"].pk).update(removed_at=timezone.now())
    review_in(room, 3)
    assert tell(django_capture_on_commit_callbacks) == 1
    assert sent_to() == ["fran@example.org"]


def test_a_past_review_date_never_told_is_told_in_the_past_tense(
    room, django_capture_on_commit_callbacks
):
    amira_account(room)
    plan = review_in(room, -3)
    assert tell(django_capture_on_commit_callbacks) == 1
    to_amira = next(e for e in mail.outbox if e.to == ["amira@example.org"])
    assert f"review was due on {date_words(plan.review_on)}" in to_amira.body


def test_the_facilitator_told_is_the_one_of_the_board_the_plan_is_on_now(
    room, django_capture_on_commit_callbacks
):
    amira_account(room)
    gita = facilitator_make("gita")
    later = session_make(facilitator=gita, title="Summer group")
    services.focus_person_bring(session=later, plan=room["amira"].plan)
    review_in(room, 5)
    assert tell(django_capture_on_commit_callbacks) == 1
    assert sent_to() == ["amira@example.org", "gita@example.org"]
    to_gita = next(e for e in mail.outbox if e.to == ["gita@example.org"])
    assert "Summer group" in to_gita.body


def test_the_email_holds_none_of_the_plans_words(room, django_capture_on_commit_callbacks):
    amira_account(room)
    add_note(room, text="Epilepsy: medication at eight every evening")
    add_note(room, author="yusuf", text="Yusuf helps with the bank on Fridays")
    budget_record(room["amira"], amount="412.37")
    save_version(room, "before the hospital stay")
    review_in(room, 5)
    assert tell(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        said = email.subject + email.body
        for private in ("Epilepsy", "medication", "bank", "Yusuf", "412", "hospital", "£"):
            assert private not in said, (private, email.to)


def test_the_command_tells_todays_reviews_and_says_how_many(
    room, django_capture_on_commit_callbacks
):
    amira_account(room)
    review_in(room, 1)
    review_in(room, 2, person="ben")  # Ben's facilitator is Fran too: told
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("plan_reviews_tell", stdout=out)
    assert out.getvalue().strip() == "Told 2 plans about a review that is near."
    assert len(mail.outbox) == 3
    out = StringIO()
    call_command("plan_reviews_tell", stdout=out)
    assert out.getvalue().strip() == "Told 0 plans about a review that is near."


# --- On the person's plan page -----------------------------------------------------------


def test_the_plan_page_prompts_when_the_review_is_within_two_weeks(room):
    plan = review_in(room, 12)
    version = save_version(room, "after meeting 1")
    page = as_amira(room).get(plan_url(room)).content.decode()
    assert f"Your review is due on {date_words(plan.review_on)}." in page
    compare = (
        reverse("live:plan_compare", args=[room["session"].pk, room["amira"].pk])
        + f"?older={version.pk}&amp;newer=now"
    )
    since = "what has changed since \u201cafter meeting 1\u201d was saved on"
    assert f'<a href="{compare}">{since}' in page
    assert f'<a class="button" href="{compare}">Start the review</a>' in page


def test_starting_the_review_shows_what_changed_and_saves_nothing(room):
    review_in(room, 5)
    version = save_version(room, "after meeting 1")
    add_note(room, text="Swimming on Sundays now")
    client = as_amira(room)
    response = client.get(
        reverse("live:plan_compare", args=[room["session"].pk, room["amira"].pk]),
        {"older": version.pk, "newer": "now"},
    )
    assert response.status_code == 200
    assert "Swimming on Sundays now" in response.content.decode()
    assert room["amira"].plan.versions.count() == 1


def test_the_review_starts_from_the_last_version_the_panel_agreed(room):
    review_in(room, 5)
    plan = room["amira"].plan
    agreed_version = save_version(room, "for the panel")
    panel = Panel.objects.create(name="Derby support planning panel", council="Derby")
    member = UserFactory(username="joy", roles=[PANEL_MEMBERS])
    panel.members.add(member)
    submission = plan_services.panel_submission_send(
        plan=plan, version=agreed_version, panel=panel, submitted_by="Amira (herself)"
    )
    plan_services.panel_submission_decide(
        submission_id=submission.pk,
        user=member,
        decision="agreed",
        conditions="",
        comments=[],
        decided_by="Joy (Derby support planning panel)",
    )
    save_version(room, "after the panel")  # saved later, but not agreed
    page = as_amira(room).get(plan_url(room)).content.decode()
    assert (
        "what has changed since the panel agreed \u201cfor the panel\u201d on "
        f"{date_words(today())}" in page
    )
    assert f"?older={agreed_version.pk}&amp;newer=now" in page


def test_with_no_saved_version_the_prompt_asks_for_one_and_offers_no_comparison(room):
    review_in(room, 0)
    page = as_amira(room).get(plan_url(room)).content.decode()
    assert "Your review is due on" in page
    assert "save a version of it under \u201cVersions\u201d" in page
    assert "Start the review" not in page


def test_a_past_review_is_still_prompted_and_a_far_one_is_not(room):
    plan = review_in(room, -2)
    page = as_amira(room).get(plan_url(room)).content.decode()
    assert f"Your review was due on {date_words(plan.review_on)}." in page
    review_in(room, 15)
    page = as_amira(room).get(plan_url(room)).content.decode()
    assert "data-review-prompt" not in page
    Plan.objects.filter(pk=plan.pk).update(review_on=None)
    assert "data-review-prompt" not in as_amira(room).get(plan_url(room)).content.decode()


def test_the_facilitator_and_an_ally_read_the_prompt_with_the_persons_name(room):
    plan = review_in(room, 4)
    save_version(room, "after meeting 1")
    when = date_words(plan.review_on)
    fran_page = as_user("fran").get(plan_url(room)).content.decode()
    assert f"<bdi>Amira</bdi>\u2019s review is due on {when}." in fran_page
    assert reviews.REVIEW_MEANS_OTHERS in fran_page
    assert "Start the review" in fran_page
    ally = Client()
    remember_participant(ally, room["yusuf"])
    assert f"<bdi>Amira</bdi>\u2019s review is due on {when}." in (
        ally.get(plan_url(room)).content.decode()
    )


# --- On the facilitator's list of sessions -----------------------------------------------


def test_the_session_list_names_plans_whose_review_is_near_with_links(room):
    review_in(room, 6)
    review_in(room, -1, person="ben")
    review_in(room, 30, person="chloe")  # far off
    page = as_user("fran").get(reverse("live:session_list")).content.decode()
    assert "Reviews coming up" in page
    ben_at = page.index(f'<a href="{plan_url(room, "ben")}"><bdi>Ben</bdi>\u2019s plan</a>')
    amira_at = page.index(f'<a href="{plan_url(room)}"><bdi>Amira</bdi>\u2019s plan</a>')
    assert ben_at < amira_at  # overdue first
    assert "in 6 days." in page
    assert "Chloe" not in page
    # Another facilitator's list shows none of Fran's plans.
    olu_page = as_user("olu").get(reverse("live:session_list")).content.decode()
    assert "Reviews coming up" not in olu_page
    assert "Amira" not in olu_page


def test_the_session_list_says_nothing_of_reviews_when_none_is_near(room):
    review_in(room, 30)
    page = as_user("fran").get(reverse("live:session_list")).content.decode()
    assert "Reviews coming up" not in page


def test_a_plan_brought_to_another_board_is_listed_for_that_boards_facilitator(room):
    review_in(room, 3)
    gita = facilitator_make("gita")
    later = session_make(facilitator=gita, title="Summer group")
    seat = services.focus_person_bring(session=later, plan=room["amira"].plan)
    gita_page = as_user("gita").get(reverse("live:session_list")).content.decode()
    assert reverse("live:plan", args=[later.pk, seat.pk]) in gita_page
    fran_page = as_user("fran").get(reverse("live:session_list")).content.decode()
    assert "Reviews coming up" not in fran_page
