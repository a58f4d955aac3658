"""Versions of a plan: what a saved version keeps, and what changed between two."""

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from plans.documents import (
    PlanActionItem,
    PlanCostLine,
    PlanDocument,
    PlanMoney,
    PlanNote,
    PlanSection,
)
from plans.headings import plan_profile
from plans.versions import (
    document_content,
    document_from_content,
    plan_compare,
    plan_money_compare,
    review_due,
)
from tests.plans.documents import AMIRA, HEBREW

SAVED = date(2026, 12, 3)


def keyed(text: str, key: str, author: str = "Amira") -> PlanNote:
    return PlanNote(text=text, author=author, relation="in their own words", key=key)


def plan(**headings: tuple[PlanNote, ...]) -> PlanDocument:
    sections = tuple(
        PlanSection(title=title.replace("_", " "), notes=notes) for title, notes in headings.items()
    )
    return PlanDocument(person="Amira", profile=(), sections=sections, made_on=SAVED)


def kinds(changes) -> list[tuple[str, str, str]]:
    return [(s.title, c.kind, c.note.text) for s in changes for c in s.changes]


def test_a_saved_version_gives_back_the_same_plan_with_its_name_and_dates():
    # On the board the one-page profile is drawn from the headings, never stored twice.
    amira = replace(AMIRA, profile=plan_profile(AMIRA.sections), review_on=date(2027, 3, 1))
    content = document_content(amira)
    again = document_from_content(content, label="for the panel", saved_on=SAVED, made_on=SAVED)
    assert again.sections == amira.sections
    assert again.profile == amira.profile
    assert (again.version_label, again.saved_on, again.review_on) == (
        "for the panel",
        SAVED,
        date(2027, 3, 1),
    )
    assert "profile" not in content


def test_nothing_changed_between_a_plan_and_itself():
    assert plan_compare(older=AMIRA, newer=AMIRA) == ()


def test_added_changed_and_removed_notes_are_told_apart_by_their_key():
    older = plan(A_good_day=(keyed("Swimming", "n1"), keyed("Chips", "n2"), keyed("Cat", "n3")))
    newer = plan(
        A_good_day=(keyed("Swimming with Jo", "n1"), keyed("Cat", "n3"), keyed("Music", "n4"))
    )
    assert kinds(plan_compare(older=older, newer=newer)) == [
        ("A good day", "changed", "Swimming with Jo"),
        ("A good day", "added", "Music"),
        ("A good day", "removed", "Chips"),
    ]
    changed = plan_compare(older=older, newer=newer)[0].changes[0]
    assert changed.before.text == "Swimming"


def test_a_note_moved_to_another_heading_says_where_it_came_from():
    older = plan(A_good_day=(keyed("Swimming", "n1"),), What_I_want_to_change=())
    newer = plan(A_good_day=(), What_I_want_to_change=(keyed("Swimming more", "n1"),))
    [section] = plan_compare(older=older, newer=newer)
    [change] = section.changes
    assert (section.title, change.kind, change.moved_from) == (
        "What I want to change",
        "moved",
        "A good day",
    )
    assert change.before.text == "Swimming"


def test_a_heading_the_newer_version_dropped_still_lists_what_was_taken_out():
    older = plan(A_good_day=(keyed(HEBREW, "n1"),), Money=(keyed("Budget", "n2"),))
    newer = plan(A_good_day=(keyed(HEBREW, "n1"),))
    assert kinds(plan_compare(older=older, newer=newer)) == [("Money", "removed", "Budget")]


NOTE_TEXTS = st.lists(st.text(min_size=1, max_size=30), max_size=6)


@settings(max_examples=80, deadline=None)
@given(NOTE_TEXTS, NOTE_TEXTS)
def test_every_note_of_either_version_is_accounted_for_exactly_once(old_texts, new_texts):
    # Keys: the first notes of each list share keys (same note, maybe new words).
    older = plan(A_good_day=tuple(keyed(t, f"n{i}") for i, t in enumerate(old_texts)))
    newer = plan(A_good_day=tuple(keyed(t, f"n{i}") for i, t in enumerate(new_texts)))
    changes = [c for s in plan_compare(older=older, newer=newer) for c in s.changes]
    shared = min(len(old_texts), len(new_texts))
    assert sum(c.kind == "added" for c in changes) == len(new_texts) - shared
    assert sum(c.kind == "removed" for c in changes) == len(old_texts) - shared
    differs = sum(a != b for a, b in zip(old_texts, new_texts, strict=False))
    assert sum(c.kind == "changed" for c in changes) == differs


def test_the_review_date_is_said_in_words():
    today = date(2026, 12, 3)
    assert review_due(review_on=None, today=today).words == "No review date is set yet."
    assert review_due(review_on=date(2026, 12, 15), today=today).words == (
        "The review is due on 15 December 2026, in 12 days."
    )
    assert "tomorrow" in review_due(review_on=date(2026, 12, 4), today=today).words
    assert "due today" in review_due(review_on=today, today=today).words
    late = review_due(review_on=date(2026, 12, 2), today=today)
    assert late.days == -1
    assert late.words.startswith("The review was due on 2 December 2026, 1 day ago.")


# --- The money and the action plan between two versions ---------------------------------


def money(*lines: PlanCostLine, total: str = "", budget: str = "", difference: str = ""):
    return PlanMoney(
        budget_per_week=budget, lines=lines, total_per_week=total, difference=difference
    )


PA = PlanCostLine(what="A PA", who="Jo", cost="10 hours a week at £13.00 an hour", per_year="")
CLUB = PlanCostLine(what="Drama club", who="", cost="£8.00 a week", per_year="")


def test_costing_rows_and_actions_added_changed_and_removed_are_told_apart():
    older = replace(
        AMIRA,
        money=money(PA, CLUB, total="£138.00"),
        actions=(PlanActionItem(what="Go swimming"), PlanActionItem(what="Find a club")),
    )
    cheaper = replace(PA, cost="8 hours a week at £13.00 an hour")
    taxi = PlanCostLine(what="Taxi", who="Ace Cars", cost="£12.00 a week", per_year="")
    newer = replace(
        AMIRA,
        money=money(
            cheaper,
            taxi,
            total="£116.00",
            budget="£350.00",
            difference="£234.00 a week under your budget",
        ),
        actions=(PlanActionItem(what="Go swimming", who="Sam", when="every week"),),
    )
    changes = plan_money_compare(older=older, newer=newer)
    assert changes.budget == ("", "£350.00 a week")
    assert changes.total == ("£138.00 a week", "£116.00 a week: £234.00 a week under your budget")
    assert [(c.kind, c.row.what) for c in changes.costing] == [
        ("changed", "A PA"),
        ("added", "Taxi"),
        ("removed", "Drama club"),
    ]
    assert changes.costing[0].before == PA
    assert [(c.kind, c.row.what) for c in changes.actions] == [
        ("changed", "Go swimming"),
        ("removed", "Find a club"),
    ]


def test_no_money_change_between_a_plan_and_itself_or_two_plans_with_none():
    with_money = replace(AMIRA, money=money(PA, total="£130.00"), actions=(PlanActionItem("Swim"),))
    assert not plan_money_compare(older=with_money, newer=with_money)
    assert not plan_money_compare(older=AMIRA, newer=replace(AMIRA, money=None))
