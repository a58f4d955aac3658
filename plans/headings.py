"""The standard headings of a support plan: one list, used by every plan and by
Planning Live's built-in chart headings (sessions_live builds on plans)."""

from collections.abc import Sequence

from plans.documents import PlanSection

STANDARD_HEADINGS: tuple[tuple[str, str], ...] = (
    ("All about me", "Who you are: your name, where you live, who matters to you."),
    ("Things I like", "What you enjoy doing, eating, watching, visiting."),
    ("A good day", "What happens on a good day, and who is there?"),
    ("A bad day", "What happens on a bad day? What makes it worse, and what helps?"),
    ("What's important to me", "The things that matter most in your life."),
    (
        "What's important to me about how you support me",
        "How you like people to help you: what works and what does not.",
    ),
    ("What's working / not working", "In your life now: what is going well, and what is not?"),
    # Care Act 2014 s25: a council's care and support plan says what the person's needs are.
    ("What I need support with", "The things you need help with, every day or now and then."),
    ("What I want to change", "Things you would like to be different."),
    ("What I would like to achieve in 12 months", "Where you want to be a year from now."),
    ("Who will manage my support", "You, someone you trust, or an organisation?"),
    ("How will I spend my budget", "What the money pays for: hours, activities, equipment."),
    ("How I will stay in control", "How you make decisions and check your plan is working."),
    ("Action plan (what / who / by when)", "Each action: what will happen, who does it, by when."),
)
PROFILE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("What people like and admire about me", "What do the people who know you best say?"),
    ("What's important to me", "What matters most to you, in your own words."),
    ("How best to support me", "What helps, and what does not."),
)

# Where each part of the one-page profile comes from: the heading of the plan
# whose notes it shows. A part whose heading the plan does not have is left out.
PROFILE_SOURCES: dict[str, str] = {
    "What people like and admire about me": "What people like and admire about me",
    "What's important to me": "What's important to me",
    "How best to support me": "What's important to me about how you support me",
}


def plan_profile(sections: Sequence[PlanSection]) -> tuple[PlanSection, ...]:
    """The one-page profile of a plan, drawn from its own headings (the same notes, not copies)."""
    by_title = {section.title: section for section in sections}
    profile = []
    for title, prompt in PROFILE_HEADINGS:
        source = by_title.get(PROFILE_SOURCES[title])
        if source is not None:
            profile.append(PlanSection(title=title, prompt=prompt, notes=source.notes))
    return tuple(profile)


# On a good day and on a bad day: how to support someone whose condition comes and goes.
# Notes under these headings can say which kind of day they are for (``PlanNote.day``),
# and every copy of the plan shows the two side by side.
DAY_GOOD, DAY_BAD = "good", "bad"
DAY_WORDS = {DAY_GOOD: "On a good day", DAY_BAD: "On a bad day"}
DAY_HEADINGS = frozenset({"What's important to me about how you support me"})


def section_days(notes) -> tuple[list, list, list]:
    """A heading's notes as (any day, good days, bad days), each in the order written."""
    any_day = [note for note in notes if note.day not in DAY_WORDS]
    good = [note for note in notes if note.day == DAY_GOOD]
    bad = [note for note in notes if note.day == DAY_BAD]
    return any_day, good, bad
