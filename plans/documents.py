"""One person's support plan as plain, frozen data: the one input to every download format.

Nothing here touches the database, so the formats (``plans/formats``) can be
built and tested on their own, and the plan model (which comes later) only
has to turn itself into a ``PlanDocument``.
"""

from dataclasses import dataclass
from datetime import date

# Month names for dates people read ("12 March 2027"), whatever the server's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class PlanNote:
    """One thing someone wrote on the plan, in their own words."""

    text: str  # as written: may hold line breaks, emoji, right-to-left text; up to 1,000 characters
    author: str  # who wrote it, e.g. "Yusuf"
    relation: str  # their relationship in plain words, e.g. "brother", "Amira herself"
    changed_by: str = ""  # if someone else changed the words: who, e.g. "Fran (facilitator)"
    key: str = ""  # the same note in every version of the plan, e.g. "note-42" (for comparing)


@dataclass(frozen=True)
class PlanSection:
    """One heading of the plan, with its question and what people wrote under it."""

    title: str  # e.g. "A good day"
    prompt: str = ""  # e.g. "What makes a good day for you?"
    notes: tuple[PlanNote, ...] = ()
    pictogram: str = ""  # key of an easy read picture (plans/pictograms.py); "" = chosen by title


@dataclass(frozen=True)
class PlanDocument:
    """A copy of one person's support plan, as it stood on one day."""

    person: str  # first name, e.g. "Amira"
    profile: tuple[PlanSection, ...]  # the one-page profile
    sections: tuple[PlanSection, ...]  # every heading of the plan, in order
    made_on: date  # the date this copy was made
    version_label: str = ""  # e.g. "for the panel"; "" for the latest
    saved_on: date | None = None
    review_on: date | None = None
    language: str = "en-GB"

    @property
    def title(self) -> str:
        """The plan's name as a person would say it: "Amira's support plan"."""
        return f"{self.person}'s support plan"
