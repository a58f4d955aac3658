"""Sharing a plan by a personal link, through the pages: only the person shares; the
recipient reads only the parts shared, with no account and no way to write; a stopped,
ended or guessed link says so and shows nothing; the person sees every opening and
download, and the comments; nothing about the link leaks in headers."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from plans.models import PlanShare, ShareComment
from plans.shares import share_token_hash, share_token_new
from sessions_live import services
from sessions_live.models import Participant
from tests.sessions_live.factories import budget_record
from tests.sessions_live.rooms import add_note
from tests.sessions_live.test_views_plan import READERS, plan_url, save_version

pytestmark = pytest.mark.django_db

SUPPORT = "What's important to me about how you support me"


def heading_position(room, title: str) -> int:
    return room["amira"].charts.get(title=title).position


@pytest.fixture
def written(room):
    """Amira's plan with a good day, how to support her, and a revealed budget."""
    add_note(room, text="Swimming with Jo", position=heading_position(room, "A good day"))
    add_note(room, text="Speak to me slowly", position=heading_position(room, SUPPORT))
    budget_record(room["amira"], "412.35")
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    return room


def create_url(room) -> str:
    return reverse("live:plan_share_create", args=[room["session"].pk, room["amira"].pk])


def share_form(**fields) -> dict:
    return {
        "recipient_name": "Sam Jones",
        "recipient_role": "pa",
        "what": "whole",
        "shows": "latest",
        "until": "stopped",
        **fields,
    }


def make_share(room, client=None, **fields) -> tuple[str, PlanShare]:
    """Share as Amira; (the link, the share)."""
    client = client or READERS["amira herself"](room)
    response = client.post(create_url(room), share_form(**fields))
    assert response.status_code == 200, response.content.decode()[:2000]
    link = re.search(r"data-share-url>(http[^<]+)<", response.content.decode()).group(1)
    return link.removeprefix("http://testserver"), PlanShare.objects.latest("id")


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_themself_shares_their_plan(written, reader):
    response = READERS[reader](written).post(create_url(written), share_form())
    if reader == "amira herself":
        assert response.status_code == 200
        assert "Your link for <bdi>Sam Jones</bdi>" in response.content.decode()
        assert PlanShare.objects.count() == 1
    else:  # allies and the facilitator read the plan, but only the person shares it
        assert response.status_code == 404
        assert not PlanShare.objects.exists()
    page = READERS[reader](written).get(plan_url(written)).content.decode()
    assert ('id="sharing"' in page) == (reader == "amira herself")


def test_the_link_is_shown_once_and_only_its_hash_is_kept(written):
    link, made = make_share(written)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert made.token_hash == share_token_hash(token)
    assert len(token) >= 22  # at least 128 bits
    page = READERS["amira herself"](written).get(plan_url(written)).content.decode()
    assert token not in page  # the plan page lists the share, never its link
    assert "<bdi>Sam Jones</bdi></strong> (Personal assistant (PA)) can read the whole plan" in page


def test_the_recipient_reads_only_the_parts_shared_with_no_account(written):
    link, _made = make_share(written, what="chosen", parts=[f"heading:{SUPPORT}"], may_comment="on")
    response = Client().get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Speak to me slowly" in page
    assert "Swimming with Jo" not in page
    assert "412" not in page
    assert "indicative budget" not in page.lower()
    assert "<bdi>Amira</bdi> shared this with you, <bdi>Sam Jones</bdi>" in page
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    # No form on the page writes to the plan: only the comment, which never changes it.
    # (The site's own display settings, on every page, change only this browser's view.)
    forms = [
        f for f in re.findall(r'<form[^>]*action="([^"]+)"', page) if f != "/display-settings/"
    ]
    assert forms == [reverse("live:shared_comment", args=[link.split("/")[-2]])]
    text = Client().get(link + "download/text/")
    assert text.status_code == 200
    assert "Speak to me slowly" in text.content.decode()
    assert "Swimming with Jo" not in text.content.decode()


def test_the_whole_plan_shared_includes_the_money_once_revealed(written):
    link, _ = make_share(written)
    page = Client().get(link).content.decode()
    assert "Swimming with Jo" in page
    assert "Indicative budget: £412.35 a week" in page


def test_the_person_sees_each_opening_and_download_and_who_it_was(written):
    link, made = make_share(written)
    recipient = Client()
    recipient.get(link)
    recipient.get(link)  # a reload soon after is the same reading
    recipient.get(link + "download/pdf/")
    events = AuditEvent.objects.filter(subject=AuditEvent.Subject.SHARE, subject_id=made.pk)
    assert sorted(events.values_list("action", flat=True)) == ["downloaded", "shared", "viewed"]
    assert (
        events.get(action="viewed").who
        == "Sam Jones (Personal assistant (PA), through a shared link)"
    )
    amira = READERS["amira herself"](written)
    page = amira.get(plan_url(written)).content.decode()
    assert "Opened 1 time, 1 download." in page
    log = amira.get(reverse("live:plan_log", args=[written["session"].pk, written["amira"].pk]))
    assert "Downloaded the shared plan: " in log.content.decode()


def test_a_stopped_link_says_so_at_once_and_shows_nothing(written):
    link, made = make_share(written)
    amira = READERS["amira herself"](written)
    stop = reverse("live:plan_share_stop", args=[written["session"].pk, written["amira"].pk])
    response = amira.post(stop, {"share_id": made.pk})
    assert response["Location"] == plan_url(written) + "#sharing"
    for url in (link, link + "download/text/"):
        refused = Client().get(url)
        assert refused.status_code == 410
        body = refused.content.decode()
        assert "This link was stopped on" in body
        assert "Swimming with Jo" not in body
    status = Client().get(link + "status/").json()
    assert status["works"] is False
    assert status["words"].startswith("This link was stopped on")
    assert "Stopped." in amira.get(plan_url(written)).content.decode()


def test_an_ended_link_says_so(written):
    link, made = make_share(written)
    PlanShare.objects.filter(pk=made.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    refused = Client().get(link)
    assert refused.status_code == 410
    assert "This link ended on" in refused.content.decode()


def test_a_guessed_link_is_not_found_and_many_guesses_are_stopped(written):
    cache.clear()
    guesser = Client()
    first = guesser.get(reverse("live:shared_plan", args=[share_token_new()]))
    assert first.status_code == 404
    assert "This link does not work" in first.content.decode()
    for _ in range(25):
        last = guesser.get(reverse("live:shared_plan", args=[share_token_new()]))
    assert last.status_code == 429
    assert "Wait 15 minutes" in last.content.decode()
    cache.clear()


def test_a_saved_version_shared_stays_as_it_was(written):
    amira = READERS["amira herself"](written)
    save_version(amira, written, label="for my GP")
    version = written["amira"].plan.versions.get()
    link, _ = make_share(written, shows=str(version.pk), recipient_role="gp")
    add_note(written, text="Written later", position=heading_position(written, "A good day"))
    page = Client().get(link).content.decode()
    assert "Swimming with Jo" in page
    assert "Written later" not in page
    assert "This is the version “for my GP”" in page


def test_comments_reach_the_person_and_never_change_the_plan(written):
    link, made = make_share(written, may_comment="on")
    notes_before = written["amira"].charts.values_list("notes__text", flat=True).count()
    sent = Client().post(link + "comment/", {"text": "Thank you. Can we talk about Tuesdays?"})
    assert sent.status_code == 302
    assert ShareComment.objects.get().share == made
    assert written["amira"].charts.values_list("notes__text", flat=True).count() == notes_before
    page = READERS["amira herself"](written).get(plan_url(written)).content.decode()
    assert "Comments from <bdi>Sam Jones</bdi>:" in page
    assert "Can we talk about Tuesdays?" in page

    quiet_link, _ = make_share(written, recipient_name="Dr Patel", recipient_role="gp")
    refused = Client().post(quiet_link + "comment/", {"text": "Hello"})
    assert refused.status_code == 400
    assert "did not ask for comments" in refused.content.decode()
    assert ShareComment.objects.count() == 1
    assert Client().post(link, {"text": "Trying to write"}).status_code == 405


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"what": "chosen"}, "You chose to share only some parts, but did not tick any."),
        ({"until": "date"}, "You chose to share until a day, but did not give the day."),
        ({"recipient_name": ""}, "Write the name of the person you are sharing with"),
        ({"recipient_role": ""}, "Choose who they are"),
        ({"until": "date", "ends_on": "2001-01-01"}, "has passed"),
    ],
)
def test_a_share_form_refused_says_why_and_keeps_what_was_typed(written, fields, message):
    amira = READERS["amira herself"](written)
    response = amira.post(create_url(written), share_form(**fields))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'class="error-summary"' in page
    if fields.get("recipient_name") != "":
        assert 'value="Sam Jones"' in page
    assert not PlanShare.objects.exists()


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_themself_stops_a_share(written, reader):
    link, made = make_share(written)
    stop = reverse("live:plan_share_stop", args=[written["session"].pk, written["amira"].pk])
    response = READERS[reader](written).post(stop, {"share_id": made.pk})
    made.refresh_from_db()
    if reader == "amira herself":
        assert response.status_code == 302
        assert made.stopped_at is not None
        assert Client().get(link).status_code == 410
    else:
        assert response.status_code == 404
        assert made.stopped_at is None
        assert Client().get(link).status_code == 200


def test_the_persons_copy_of_everything_lists_their_shares_and_comments_never_a_link(written):
    link, _ = make_share(written, may_comment="on")
    Client().post(link + "comment/", {"text": "See you on Tuesday"})
    token = link.rstrip("/").rsplit("/", 1)[1]
    url = reverse("live:plan_everything", args=[written["session"].pk, written["amira"].pk, "json"])
    body = READERS["amira herself"](written).get(url).content.decode()
    copy = json.loads(body)
    (item,) = copy["shares"]["items"]
    assert (item["shared_with"], item["parts"]) == ("Sam Jones", "the whole plan")
    assert [c["text"] for c in item["comments"]] == ["See you on Tuesday"]
    assert token not in body


def ally_share_url(room) -> str:
    return reverse("live:plan_ally_share", args=[room["session"].pk, room["amira"].pk])


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_lets_an_ally_share_for_them(written, reader):
    yusuf = written["yusuf"]
    response = READERS[reader](written).post(
        ally_share_url(written), {"ally": yusuf.pk, "allow": "yes"}
    )
    yusuf.refresh_from_db()
    if reader == "amira herself":
        assert response["Location"] == plan_url(written) + "#who-sees"
        assert yusuf.may_share
    else:
        assert response.status_code == 404
        assert not yusuf.may_share


def test_an_ally_the_person_lets_shares_for_them_until_stopped_and_their_links_stay(written):
    amira = READERS["amira herself"](written)
    yusuf = READERS["yusuf, her ally"](written)
    assert yusuf.post(create_url(written), share_form()).status_code == 404
    page = amira.get(plan_url(written)).content.decode()
    assert "Let <bdi>Yusuf</bdi> share it for you" in page
    amira.post(ally_share_url(written), {"ally": written["yusuf"].pk, "allow": "yes"})
    assert 'id="sharing"' in yusuf.get(plan_url(written)).content.decode()
    link, made = make_share(written, client=yusuf, recipient_name="Dr Patel", recipient_role="gp")
    assert made.shared_by == "Yusuf (ally: family)"
    log = AuditEvent.objects.filter(plan_id=written["amira"].plan_id).values_list("what", flat=True)
    assert "Let Yusuf share the plan by a link" in log
    amira.post(ally_share_url(written), {"ally": written["yusuf"].pk, "allow": "no"})
    assert yusuf.post(create_url(written), share_form()).status_code == 404
    assert Client().get(link).status_code == 200  # the link Yusuf made stays, until stopped
    assert "Dr Patel" in amira.get(plan_url(written)).content.decode()


def test_a_removed_ally_cannot_share_even_if_they_were_let(written):
    READERS["amira herself"](written).post(
        ally_share_url(written), {"ally": written["yusuf"].pk, "allow": "yes"}
    )
    yusuf = READERS["yusuf, her ally"](written)
    Participant.objects.filter(pk=written["yusuf"].pk).update(removed_at=timezone.now())
    assert yusuf.post(create_url(written), share_form()).status_code == 404
    assert not PlanShare.objects.exists()
