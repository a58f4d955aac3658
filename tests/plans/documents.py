"""Plans for the tests: the demo, and small ones built from a few notes."""

from dataclasses import replace
from datetime import date

from plans.demo_document import demo_plan_document
from plans.documents import PlanDocument, PlanNote, PlanSection
from plans.headings import STANDARD_HEADINGS

AMIRA = demo_plan_document()
ARABIC = "أحب السباحة مع صديقتي جو"  # "I love swimming with my friend Jo"
HEBREW = "אני אוהבת מוזיקה"  # "I love music"
LONG_NOTE = " ".join(["I want to choose who supports me and when they come."] * 19)[:1000]


def note(
    text: str,
    *,
    author: str = "Sam",
    relation: str = "friend",
    changed_by: str = "",
    day: str = "",
) -> PlanNote:
    return PlanNote(text=text, author=author, relation=relation, changed_by=changed_by, day=day)


def plan_with(*notes: PlanNote, title: str = "A good day", person: str = "Sam") -> PlanDocument:
    """A plan of one heading holding ``notes``, and no profile."""
    return PlanDocument(
        person=person,
        profile=(),
        sections=(PlanSection(title=title, prompt="What makes a good day?", notes=notes),),
        made_on=date(2026, 12, 3),
    )


def many_notes_plan(count: int) -> PlanDocument:
    """Amira's plan with ``count`` notes over the standard headings: some long, some not in English.

    One note in a hundred is a long one (1,000 characters): enough to test
    long notes among many, without making the PDF of 2,000 notes hundreds of pages.
    """
    texts = [
        "Swimming with Jo on Saturdays, then chips.",
        ARABIC,
        HEBREW + " 🎵",
        "Tell me the plan for the day.\nGive me time to answer.",
        "😀🐱",
    ]
    notes = [
        note(
            LONG_NOTE if index % 100 == 99 else f"{index}: {texts[index % len(texts)]}",
            author="Yusuf",
            relation="brother",
        )
        for index in range(count)
    ]
    sections = tuple(
        PlanSection(title=title, prompt=prompt, notes=tuple(notes[i :: len(STANDARD_HEADINGS)]))
        for i, (title, prompt) in enumerate(STANDARD_HEADINGS)
    )
    return replace(AMIRA, sections=sections)
