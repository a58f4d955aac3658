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
    # When it is true, for a condition that comes and goes: "" (any day), "good" or "bad".
    day: str = ""


@dataclass(frozen=True)
class PlanSection:
    """One heading of the plan, with its question and what people wrote under it."""

    title: str  # e.g. "A good day"
    prompt: str = ""  # e.g. "What makes a good day for you?"
    notes: tuple[PlanNote, ...] = ()
    pictogram: str = ""  # key of an easy read picture (plans/pictograms.py); "" = chosen by title


@dataclass(frozen=True)
class PlanCostLine:
    """One row of the costing, in words: what the support is, who gives it, what it costs."""

    what: str  # e.g. "Help at home"
    who: str  # e.g. "Jo (PA)"; "" when not said
    cost: str  # e.g. "7.5 hours a week at £12.63 an hour", "£30.00 a month", "Unpaid"
    per_year: str  # e.g. "£4,925.70 a year", "£400.00 once"; "" when unpaid
    is_contingency: bool = False  # money set aside in case something goes wrong


@dataclass(frozen=True)
class PlanMoney:
    """The money for the plan, in words ready to print: the budget the person has been
    shown, and what their support costs. The formats only lay these words out; they never
    add up or compare amounts, so every copy says exactly what the plan page says.
    """

    budget_per_week: str = ""  # e.g. "£350.00"; "" when no budget has been shown
    budget_per_year: str = ""  # e.g. "£18,200.00"
    # One sentence (no full stop) for each part, e.g.
    # "£350.00 a week from the council, as a direct payment".
    budget_parts: tuple[str, ...] = ()
    lines: tuple[PlanCostLine, ...] = ()
    total_per_week: str = ""  # e.g. "£94.73"; "" when nothing is costed
    total_per_year: str = ""  # e.g. "£4,925.70"
    contingency_per_year: str = ""  # e.g. "£400.00"; "" when none is set aside
    one_off: str = ""  # one-off costs in the year's total, e.g. "£400.00"; "" when none
    # e.g. "£23.40 a week under your budget (£1,216.80 a year)"; "" with no budget shown.
    difference: str = ""


@dataclass(frozen=True)
class PlanActionItem:
    """One row of the action plan, in the person's words, ready to print.

    Only the plan's own words: the helper's suggestions about a row (plans/smart.py)
    are for the board, never for a copy of the plan.
    """

    what: str  # what will happen, e.g. "Go swimming with Jo"
    who: str = ""  # who will do it, e.g. "Jo (PA)"; "" when not said yet
    # By when or how often, as read where it could be: "by 12 March 2027", "every week";
    # else as written ("after the holidays"); "" when not said yet.
    when: str = ""
    how_we_know: str = ""  # how they will know it worked; "" when not said


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
    money: PlanMoney | None = None  # the budget and costing; None when there is neither
    actions: tuple[PlanActionItem, ...] = ()  # the action plan, in order; () when there is none
    # What the council's panel decided, as a sentence ready to print, e.g. "Agreed by Derby
    # support planning panel on 4 December 2026"; "" when the plan has not been to a panel.
    panel_decision: str = ""

    @property
    def title(self) -> str:
        """The plan's name as a person would say it: "Amira's support plan"."""
        return f"{self.person}'s support plan"
