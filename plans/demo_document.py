"""A realistic example plan (Amira's), for the demo, the tests and anyone checking a format by eye.

The headings and their questions are the standard ones (plans/headings.py),
the same list Planning Live's built-in chart headings come from.
"""

from datetime import date

from plans.documents import PlanDocument, PlanNote, PlanSection
from plans.headings import PROFILE_HEADINGS, STANDARD_HEADINGS

AMIRA = "Amira"


def _amira(text: str) -> PlanNote:
    return PlanNote(text=text, author="Amira", relation="Amira herself")


def _yusuf(text: str) -> PlanNote:
    return PlanNote(text=text, author="Yusuf", relation="brother")


def _jo(text: str) -> PlanNote:
    return PlanNote(text=text, author="Jo", relation="friend")


DEMO_PROFILE_NOTES: tuple[tuple[PlanNote, ...], ...] = (
    (
        _yusuf("Amira is funny and kind. She always knows when someone is having a bad day."),
        _jo("She never misses our Saturday swim, even in the rain."),
    ),
    (
        _amira("My cat, Pepper. Music, every day. Living with my brother in Derby."),
        _amira("Choosing what I do with my evenings."),
    ),
    (
        _amira("Tell me the plan for the day in the morning.\nGive me time to answer."),
        PlanNote(
            text="Talk to Amira, not to the person with her.",
            author="Amira",
            relation="Amira herself",
            changed_by="Fran (facilitator)",
        ),
    ),
)

DEMO_NOTES: tuple[tuple[PlanNote, ...], ...] = (
    (_amira("I live with my brother Yusuf in Derby. I love music and my cat, Pepper."),),
    (
        _amira("Music: Motown and anything I can dance to."),
        _amira("Swimming with Jo on Saturdays. Chips after."),
    ),
    (
        _amira("A lie-in, then swimming with my friend Jo."),
        _yusuf("Amira is happiest when she has a plan for the day."),
    ),
    (
        _amira("When my support changes with no warning."),
        _yusuf("Loud places with no quiet corner. A walk and her headphones help."),
    ),
    (_amira("Pepper. My music. Seeing Jo every week."),),
    (
        _amira("Ask me first. Do not do things for me that I can do."),
        PlanNote(
            text="The same two or three people, so I know who is coming.",
            author="Amira",
            relation="Amira herself",
            changed_by="Fran (facilitator)",
        ),
        # Amira's energy comes and goes: how to help her on each kind of day.
        PlanNote(
            text="Let me do it my way, even if it takes longer.",
            author="Amira",
            relation="Amira herself",
            day="good",
        ),
        PlanNote(
            text="Keep it quiet. Help me get washed and dressed, and stay nearby.",
            author="Amira",
            relation="Amira herself",
            day="bad",
        ),
    ),
    (
        _amira("Working: swimming, my music, living with Yusuf."),
        _amira("Not working: I cannot go out in the evenings without asking my brother."),
    ),
    (
        _amira("Getting up and ready in the morning. I need someone with me, and time."),
        _amira("Going out, in the day and in the evenings, until I know the way on my own."),
        _amira("Letters and forms. Yusuf reads them with me now."),
    ),
    (_amira("I want to go out in the evenings without asking my brother every time."),),
    (
        _amira("Go to a concert with a friend."),
        _amira("Get the bus into town on my own."),
    ),
    (
        _amira("Me, with help from Yusuf. The money is paid to me as a direct payment."),
        PlanNote(text="Happy to help with the paperwork.", author="Yusuf", relation="brother"),
    ),
    (
        _amira("A personal assistant for 12 hours a week, to help me get up and go out."),
        _amira("Travel training for the bus: 5 sessions."),
    ),
    (
        _amira("I choose my PA. We check the plan together every 3 months."),
        PlanNote(
            text="Fran from the user-led organisation is my named contact.",
            author="Fran",
            relation="facilitator",
        ),
    ),
    (
        _amira("Find a PA who likes music. Amira and Yusuf. By the end of January."),
        _amira("Travel training starts. Amira and the council. By March."),
    ),
)


def demo_plan_document() -> PlanDocument:
    """Amira's support plan, the copy she took to the panel on 3 December 2026."""
    profile = tuple(
        PlanSection(title=title, prompt=prompt, notes=notes)
        for (title, prompt), notes in zip(PROFILE_HEADINGS, DEMO_PROFILE_NOTES, strict=True)
    )
    sections = tuple(
        PlanSection(title=title, prompt=prompt, notes=notes)
        for (title, prompt), notes in zip(STANDARD_HEADINGS, DEMO_NOTES, strict=True)
    )
    return PlanDocument(
        person=AMIRA,
        profile=profile,
        sections=sections,
        made_on=date(2026, 12, 3),
        version_label="for the panel",
        saved_on=date(2026, 12, 1),
        review_on=date(2027, 6, 1),
    )
