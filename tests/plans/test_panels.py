"""The council's panel: sending a version, the decision and its comments, who may decide,
"changed since the panel agreed it", and the decision in every download format."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cms.roles import FACILITATORS, PANEL_MEMBERS
from plans import panels
from plans import selectors as plan_selectors
from plans.documents import (
    PlanActionItem,
    PlanCostLine,
    PlanDocument,
    PlanMoney,
    PlanNote,
    PlanSection,
)
from plans.formats import plan_brf, plan_html, plan_pdf, plan_text
from plans.formats.braille import braille_translate
from plans.formats.common import date_lines, date_words
from plans.models import Panel, PanelComment, PanelSubmission, Plan, PlanVersion
from plans.services import (
    PanelDecisionError,
    PlanError,
    panel_submission_decide,
    panel_submission_send,
)
from plans.versions import document_content
from tests.factories import UserFactory
from tests.pdf_reading import read
from tests.plans.documents import AMIRA
from tests.plans.test_braille import body, compact

AGREED_WORDS = "Agreed by Derby support planning panel on 4 December 2026"


def keyed_note(key: str, text: str) -> PlanNote:
    return PlanNote(text=text, author="Amira", relation="in their own words", key=key)


def keyed_plan(title: str, key: str, text: str) -> PlanDocument:
    """A plan of one heading with one note, its key as the board gives it."""
    section = PlanSection(title=title, notes=(keyed_note(key, text),))
    return PlanDocument(person="Amira", profile=(), sections=(section,), made_on=date(2026, 12, 3))


# --- The rules, as plain functions ------------------------------------------------------------


def test_a_comment_can_be_about_the_whole_plan_each_heading_the_money_and_the_actions():
    money = PlanMoney(total_per_week="£10.00", lines=(PlanCostLine("Swim", "", "£10.00", ""),))
    document = replace(AMIRA, money=money, actions=(PlanActionItem(what="Swim"),))
    parts = panels.comment_parts(document=document)
    assert parts[0] == ("", "The whole plan")
    assert [value for value, _ in parts[1:-2]] == [s.title for s in AMIRA.sections]
    assert parts[-2:] == [
        ("How the money will be spent", "How the money will be spent"),
        ("Action plan", "Action plan"),
    ]
    # A plan with no money or actions has no such parts to comment on.
    assert ("How the money will be spent", "How the money will be spent") not in (
        panels.comment_parts(document=AMIRA)
    )


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        ("agreed", AGREED_WORDS),
        ("conditions", "Agreed with conditions by Derby support planning panel on 4 December 2026"),
        ("changes", "Derby support planning panel asked for changes on 4 December 2026"),
        ("", "Waiting for Derby support planning panel to decide"),
    ],
)
def test_each_decision_in_plain_words(decision, words):
    assert (
        panels.decision_words(
            decision=decision, panel="Derby support planning panel", on=date(2026, 12, 4)
        )
        == words
    )


def test_a_copy_says_the_conditions_and_that_the_plan_changed_since():
    words = panels.document_words(
        decision="conditions",
        panel="Derby support planning panel",
        on=date(2026, 12, 4),
        conditions="Look again at the PA hours in 3 months",
        changed=True,
    )
    assert words == (
        "Agreed with conditions by Derby support planning panel on 4 December 2026. "
        "The conditions: Look again at the PA hours in 3 months. "
        "The plan has changed since then."
    )
    # Changes asked for: nothing was agreed, so nothing "changed since".
    assert "since" not in panels.document_words(
        decision="changes", panel="P", on=date(2026, 12, 4), changed=True
    )


def test_a_copy_says_each_change_the_panel_asked_for_and_what_it_is_about():
    words = panels.document_words(
        decision="changes",
        panel="Derby support planning panel",
        on=date(2026, 12, 4),
        comments=(("How will I spend my budget", "Say what the PA costs an hour"), ("", "Sign it")),
    )
    assert words == (
        "Derby support planning panel asked for changes on 4 December 2026. "
        "About \u2018How will I spend my budget\u2019: Say what the PA costs an hour. "
        "About the whole plan: Sign it."
    )


def test_part_words_name_the_part_in_quotes():
    assert panels.part_words("") == "the whole plan"
    assert panels.part_words("How will I spend my budget") == (
        "\u2018How will I spend my budget\u2019"
    )


def test_a_plan_changed_since_agreement_when_a_note_or_a_costing_row_differs():
    assert not panels.plan_changed(agreed=AMIRA, now=AMIRA)
    more = keyed_plan("A good day", "note-1", "Swimming on Saturdays")
    other = keyed_plan("A good day", "note-1", "Swimming on Sundays")
    assert panels.plan_changed(agreed=more, now=other)
    dearer = PlanMoney(lines=(PlanCostLine("PA", "Jo", "£20.00 a week", "£1,040.00 a year"),))
    cheaper = PlanMoney(lines=(PlanCostLine("PA", "Jo", "£10.00 a week", "£520.00 a year"),))
    assert panels.plan_changed(
        agreed=replace(AMIRA, money=dearer), now=replace(AMIRA, money=cheaper)
    )


# --- Every format says what the panel decided -------------------------------------------------

DECIDED = replace(AMIRA, panel_decision=AGREED_WORDS)


def test_the_dates_of_a_copy_end_with_the_panels_decision():
    assert date_lines(DECIDED)[-1] == f"{AGREED_WORDS}."
    assert AGREED_WORDS not in " ".join(date_lines(AMIRA))


def test_the_text_copy_says_the_decision_near_the_top():
    text = plan_text(DECIDED)
    assert f"{AGREED_WORDS}." in text.split("\n")[:10]
    assert "Agreed by" not in plan_text(AMIRA)


@pytest.mark.parametrize(
    "options", [{}, {"size": "large"}, {"easy_read": True}], ids=["print", "large", "easy"]
)
def test_every_pdfs_html_says_the_decision(options):
    assert f"<p>{AGREED_WORDS}.</p>" in plan_html(DECIDED, **options)
    assert "Agreed by" not in plan_html(AMIRA, **options)


def test_the_pdf_says_the_decision_on_its_first_page():
    reader = read(plan_pdf(DECIDED))
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert AGREED_WORDS in first_page


def test_the_braille_says_the_decision():
    (translated,) = braille_translate([f"{AGREED_WORDS}."])
    assert compact(translated) in compact(body(plan_brf(DECIDED)))
    assert compact(translated) not in compact(body(plan_brf(AMIRA)))


# --- Sending, deciding and who may decide (the database) --------------------------------------


def version_of(plan: Plan, document, label: str = "for the panel", *, at=None) -> PlanVersion:
    version = PlanVersion.objects.create(
        plan=plan, label=label, saved_by="Amira (themself)", content=document_content(document)
    )
    if at is not None:
        # A version never changes; only the test moves its date, to order two versions.
        PlanVersion.objects.filter(pk=version.pk).update(saved_at=at)
        version.refresh_from_db()
    return version


def member_of(panel: Panel, username: str, *, roles=(PANEL_MEMBERS,)):
    user = UserFactory(username=username, first_name="Joy", last_name="Adeyemi", roles=roles)
    panel.members.add(user)
    return user


@pytest.fixture
def world(db):
    derby = Panel.objects.create(name="Derby support planning panel", council="Derby City Council")
    redcar = Panel.objects.create(name="Redcar panel", council="Redcar and Cleveland Council")
    plan = Plan.objects.create()
    return {
        "derby": derby,
        "redcar": redcar,
        "plan": plan,
        "version": version_of(plan, AMIRA),
        "joy": member_of(derby, "joy"),
        "olu": member_of(redcar, "olu"),
    }


def send(world, version=None, panel=None) -> PanelSubmission:
    return panel_submission_send(
        plan=world["plan"],
        version=version or world["version"],
        panel=panel or world["derby"],
        submitted_by="Amira (themself)",
        note="  Please look at the money first.  ",
    )


def decide(world, submission, decision="agreed", *, user=None, conditions="", comments=()):
    return panel_submission_decide(
        submission_id=submission.pk,
        user=user or world["joy"],
        decision=decision,
        conditions=conditions,
        comments=list(comments),
        decided_by="Joy Adeyemi (Derby support planning panel)",
    )


def test_a_sent_version_waits_for_the_panel_with_the_note_trimmed(world):
    submission = send(world)
    assert (submission.decision, submission.note) == ("", "Please look at the money first.")
    assert submission.version == world["version"]


def test_a_plan_waits_for_one_decision_at_a_time_from_each_panel(world):
    send(world)
    with pytest.raises(PlanError, match="already with Derby support planning panel"):
        send(world)
    send(world, panel=world["redcar"])  # another council's panel is another question
    assert PanelSubmission.objects.count() == 2


def test_another_plans_version_is_refused(world):
    other = version_of(Plan.objects.create(), AMIRA)
    with pytest.raises(PlanError, match="not one of this plan"):
        send(world, version=other)


def test_a_member_of_the_panel_agrees_it(world):
    submission = decide(world, send(world))
    submission.refresh_from_db()
    assert submission.decision == "agreed"
    assert submission.decided_by == "Joy Adeyemi (Derby support planning panel)"
    assert submission.decided_at is not None


@pytest.mark.parametrize(
    "who",
    ["a member of another panel", "on the panel but not in the group", "staff", "a facilitator"],
)
def test_only_a_member_of_that_panel_may_decide(world, who):
    user = {
        "a member of another panel": lambda: world["olu"],
        "on the panel but not in the group": lambda: member_of(world["derby"], "sly", roles=()),
        "staff": lambda: UserFactory(username="boss", is_staff=True, is_superuser=True),
        "a facilitator": lambda: UserFactory(username="fran", roles=[FACILITATORS]),
    }[who]()
    submission = send(world)
    with pytest.raises(PermissionError):
        decide(world, submission, user=user)
    submission.refresh_from_db()
    assert submission.decision == ""


def test_agreed_with_conditions_needs_the_conditions(world):
    submission = send(world)
    with pytest.raises(PanelDecisionError, match="Write the conditions") as refused:
        decide(world, submission, "conditions", conditions="   ")
    assert refused.value.field == "conditions"
    decide(world, submission, "conditions", conditions="Review the PA hours\r\nin 3 months")
    submission.refresh_from_db()
    assert submission.conditions == "Review the PA hours\nin 3 months"


def test_conditions_with_a_decision_that_has_none_are_not_lost_silently(world):
    with pytest.raises(PanelDecisionError, match="You wrote conditions") as refused:
        decide(world, send(world), "agreed", conditions="Review in 3 months")
    assert refused.value.field == "conditions"


def test_changes_asked_for_need_a_comment_tied_to_a_part_of_the_plan(world):
    submission = send(world)
    with pytest.raises(PanelDecisionError, match="at least one comment") as refused:
        decide(world, submission, "changes", comments=[("", "   ")])
    assert refused.value.field == "comments"
    with pytest.raises(PanelDecisionError, match="does not have"):
        decide(world, submission, "changes", comments=[("Not a heading here", "Hmm")])
    decide(
        world,
        submission,
        "changes",
        comments=[("How will I spend my budget", "Cost the PA hours."), ("", "")],
    )
    (comment,) = PanelComment.objects.all()
    assert (comment.section, comment.text) == ("How will I spend my budget", "Cost the PA hours.")
    assert comment.written_by == "Joy Adeyemi (Derby support planning panel)"


def test_an_unknown_decision_is_refused(world):
    with pytest.raises(PanelDecisionError, match="Choose what the panel decided"):
        decide(world, send(world), "maybe")


def test_a_decision_is_recorded_once(world):
    submission = send(world)
    decide(world, submission)
    with pytest.raises(PanelDecisionError, match="already"):
        decide(world, submission, "changes", comments=[("", "Too late")])
    submission.refresh_from_db()
    assert submission.decision == "agreed"


def changed_plan():
    """Amira's plan with one more note under "A good day"."""
    sections = list(AMIRA.sections)
    good = next(i for i, s in enumerate(sections) if s.title == "A good day")
    notes = (*sections[good].notes, keyed_note("note-new", "A film on Fridays"))
    sections[good] = replace(sections[good], notes=notes)
    return replace(AMIRA, sections=tuple(sections))


def test_after_changes_asked_for_only_a_changed_later_version_goes_again(world):
    first = send(world)
    decide(world, first, "changes", comments=[("", "Say more about a good day.")])
    with pytest.raises(PlanError, match="says the same"):
        send(world)
    same_again = version_of(world["plan"], AMIRA, "again", at=timezone.now())
    with pytest.raises(PlanError, match="says the same"):
        send(world, version=same_again)
    long_ago = timezone.now() - timedelta(days=400)
    older = version_of(world["plan"], changed_plan(), "old", at=long_ago)
    with pytest.raises(PlanError, match="older than"):
        send(world, version=older)
    changed = version_of(world["plan"], changed_plan(), "for the panel, again")
    second = send(world, version=changed)
    assert second.version == changed


def test_after_agreement_it_goes_again_only_once_it_has_changed(world):
    decide(world, send(world))
    unchanged = version_of(world["plan"], AMIRA, "same")
    with pytest.raises(PlanError, match="Nothing has changed"):
        send(world, version=unchanged)
    send(world, version=version_of(world["plan"], changed_plan(), "changed"))


# --- What each reader sees ---------------------------------------------------------------------


def test_a_members_list_has_only_their_panels_waiting_first(world):
    other_plan = Plan.objects.create()
    decided = send(world)
    decide(world, decided)
    waiting_plan = Plan.objects.create()
    waiting = panel_submission_send(
        plan=waiting_plan,
        version=version_of(waiting_plan, replace(AMIRA, person="Ben")),
        panel=world["derby"],
        submitted_by="Ben (themself)",
    )
    panel_submission_send(
        plan=other_plan,
        version=version_of(other_plan, replace(AMIRA, person="Chloe")),
        panel=world["redcar"],
        submitted_by="Chloe (themself)",
    )
    queue = plan_selectors.panel_queue(user=world["joy"])
    assert [(line.id, line.person) for line in queue] == [
        (waiting.pk, "Ben"),
        (decided.pk, "Amira"),
    ]
    assert [line.person for line in plan_selectors.panel_queue(user=world["olu"])] == ["Chloe"]
    assert (
        plan_selectors.panel_submission_for_member(user=world["olu"], submission_id=waiting.pk)
        is None
    )
    nobody = UserFactory(username="nobody", is_staff=True)
    assert plan_selectors.panel_queue(user=nobody) == []


def test_the_plan_lists_each_submission_with_its_decision_and_comments(world):
    first = send(world)
    decide(world, first, "changes", comments=[("How will I spend my budget", "Cost the PA.")])
    lines = plan_selectors.plan_panel_submissions(plan=world["plan"])
    (line,) = lines
    assert line.words.startswith("Derby support planning panel asked for changes on ")
    (comment,) = line.comments
    assert comment.about == "\u2018How will I spend my budget\u2019"
    (standing,) = plan_selectors.plan_panel_standings(submissions=lines, now=AMIRA)
    assert standing.may_send_again
    assert not standing.changed


def test_changed_since_the_panel_agreed_it(world):
    decide(world, send(world))
    lines = plan_selectors.plan_panel_submissions(plan=world["plan"])
    (same,) = plan_selectors.plan_panel_standings(submissions=lines, now=AMIRA)
    assert (same.changed, same.may_send_again) == (False, False)
    assert same.agreed_on == timezone.localdate()
    (changed,) = plan_selectors.plan_panel_standings(submissions=lines, now=changed_plan())
    assert changed.changed
    assert changed.may_send_again


def test_what_a_copy_of_the_plan_says_of_the_panel(world):
    plan = world["plan"]
    assert plan_selectors.plan_panel_words(plan=plan, now=AMIRA) == ""
    submission = send(world)
    assert plan_selectors.plan_panel_words(plan=plan, now=AMIRA) == (
        "Waiting for Derby support planning panel to decide."
    )
    decide(world, submission)
    today = date_words(timezone.localdate())
    agreed = f"Agreed by Derby support planning panel on {today}."
    assert plan_selectors.plan_panel_words(plan=plan, now=AMIRA) == agreed
    assert plan_selectors.plan_panel_words(plan=plan, now=changed_plan()) == (
        f"{agreed} The plan has changed since then."
    )
    # The agreed version's own copies say so too; a version never sent says nothing.
    document = plan_selectors.plan_version_document(version=world["version"], made_on=date.today())
    assert document.panel_decision == agreed
    never = version_of(plan, AMIRA, "never sent")
    assert (
        plan_selectors.plan_version_document(version=never, made_on=date.today()).panel_decision
        == ""
    )


def test_a_panel_sees_its_earlier_decisions_on_the_same_plan_only(world):
    first = send(world)
    decide(world, first, "changes", comments=[("", "More, please.")])
    send(world, panel=world["redcar"])
    second = send(world, version=version_of(world["plan"], changed_plan(), "again"))
    earlier = plan_selectors.panel_submissions_before(submission=second)
    assert [line.id for line in earlier] == [first.pk]


# --- The Wagtail admin: an administrator adds a panel and its members ---------------------------


def test_an_administrator_adds_a_panel_with_members_from_the_panel_members_group(client, db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    joy = UserFactory(username="joy", first_name="Joy", last_name="Adeyemi", roles=[PANEL_MEMBERS])
    UserFactory(username="fran", first_name="Fran", roles=[FACILITATORS])
    listing = client.get("/admin/snippets/plans/panel/")
    assert listing.status_code == 200
    assert "Council panels" in listing.content.decode()
    form = client.get("/admin/snippets/plans/panel/add/").content.decode()
    # Only accounts in the "Panel members" group can be chosen: they sign in with a code.
    assert "Joy Adeyemi (joy)" in form
    assert "fran" not in form
    response = client.post(
        "/admin/snippets/plans/panel/add/",
        {
            "name": "Derby support planning panel",
            "council": "Derby City Council",
            "members": [joy.pk],
        },
    )
    assert response.status_code == 302
    panel = Panel.objects.get()
    assert list(panel.members.all()) == [joy]
    assert plan_selectors.panels_of_member(user=joy).get() == panel


def test_a_panel_that_plans_were_sent_to_is_not_deleted_and_says_why(world, client):
    send(world)
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    derby, redcar = world["derby"], world["redcar"]
    response = client.post(f"/admin/snippets/plans/panel/delete/{derby.pk}/", follow=True)
    assert response.status_code == 200
    assert "cannot be deleted: plans have been sent to it" in response.content.decode()
    assert Panel.objects.filter(pk=derby.pk).exists()
    # "Delete selected" too; a panel nobody has sent a plan to goes.
    bulk = "/admin/bulk/plans/panel/delete/"
    refused = client.post(f"{bulk}?id={derby.pk}&id={redcar.pk}", follow=True)
    assert "cannot be deleted" in refused.content.decode()
    assert Panel.objects.count() == 2
    client.post(f"/admin/snippets/plans/panel/delete/{redcar.pk}/")
    assert not Panel.objects.filter(pk=redcar.pk).exists()
