"""What every format of a plan shares: cleaning people's words, attributions, dates in words,
and the words around the plan's money and its action plan.

Every format goes through the same rules, so a note reads the same in the
text, the PDFs and the Braille: the person's words exactly, in NFC, with line
breaks kept; and anything that is not text (a control character, half of a
broken character pair) shown as a readable placeholder instead of being
dropped or breaking the file.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from plans.documents import (
    MONTHS,
    PlanActionItem,
    PlanCostLine,
    PlanDocument,
    PlanMoney,
    PlanNote,
    PlanSection,
)
from plans.headings import DAY_BAD, DAY_GOOD, DAY_WORDS, section_days

SYMBOL = "[symbol]"
NOTHING_WRITTEN = "(nothing written)"
EMPTY_SECTION = "Nothing written here yet."
PROFILE_TITLE = "One-page profile"
# Characters that end a line, whatever the device that typed them.
LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
_PLACEHOLDERS = re.compile(r"\[symbol\](?:\s*\[symbol\])+")


def date_words(day: date) -> str:
    """'3 December 2026': day, month name, year; no ordinal suffixes, no locale surprises."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_text(text: str) -> str:
    """A person's words made safe for every format, keeping every word.

    Line breaks of any kind become "\\n"; a tab becomes a space. Control
    characters, lone surrogates (half of an emoji pair, say, cut off by a
    broken device) and Unicode noncharacters cannot be written to a file or
    shown, so each becomes the placeholder "[symbol]". The result is NFC, with
    no spaces at the ends of lines and no blank lines at either end.
    """
    text = text.replace("\r\n", "\n")
    kept = []
    for char in text:
        code = ord(char)
        if char in LINE_BREAKS:
            kept.append("\n")
        elif char == "\t":
            kept.append(" ")
        elif (
            0xD800 <= code <= 0xDFFF or _is_noncharacter(code) or unicodedata.category(char) == "Cc"
        ):
            kept.append(f" {SYMBOL} ")
        else:
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(_PLACEHOLDERS.sub(SYMBOL, line) for line in lines)
    return text.strip("\n")


def one_line(text: str) -> str:
    """``clean_text`` on one line: for names, relations, titles and prompts."""
    return " ".join(clean_text(text).split())


def note_lines(note: PlanNote) -> list[str]:
    """The lines of a note's words, cleaned; blank lines left out. Never empty."""
    lines = [line for line in clean_text(note.text).split("\n") if line]
    return lines or [NOTHING_WRITTEN]


def attribution(note: PlanNote) -> str:
    """'— Yusuf (brother)': who wrote the note, and how they know the person."""
    author = one_line(note.author) or "Someone"
    relation = one_line(note.relation)
    return f"\u2014 {author} ({relation})" if relation else f"\u2014 {author}"


def changed_line(note: PlanNote) -> str:
    """'(changed by Fran (facilitator))' when someone else changed the words, else ''."""
    changed_by = one_line(note.changed_by)
    return f"(changed by {changed_by})" if changed_by else ""


def note_paragraphs(note: PlanNote) -> list[str]:
    """A note as paragraphs, for the formats of plain lines (text, Braille): its words,
    who wrote it, and who changed it, if anyone did."""
    changed = changed_line(note)
    return [*note_lines(note), attribution(note), *([changed] if changed else [])]


def document_title(document: PlanDocument) -> str:
    """The title a copy carries: "Amira's support plan", with its version when it has one."""
    title = one_line(document.title)
    label = one_line(document.version_label)
    return f"{title} ({label})" if label else title


def date_lines(document: PlanDocument) -> list[str]:
    """The copy's dates and version, one short sentence each."""
    lines = [f"Made on {date_words(document.made_on)}."]
    if document.saved_on:
        lines.append(f"Saved on {date_words(document.saved_on)}.")
    if document.review_on:
        lines.append(f"Review date: {date_words(document.review_on)}.")
    label = one_line(document.version_label)
    if label:
        lines.append(f"Version: {label}.")
    # The council's panel's decision goes with the dates, so every copy says it near the top.
    panel = sentence(document.panel_decision)
    if panel:
        lines.append(panel)
    return lines


def section_title(section: PlanSection) -> str:
    """A heading's title on one line; a heading with no words still gets a name."""
    return one_line(section.title) or "Untitled heading"


# --- Good days and bad days ---------------------------------------------------------------
# For a condition that comes and goes, each note under a heading can be for any day, for a
# good day or for a bad day (``PlanNote.day``). Every copy shows a heading's any-day notes
# first, as before, then the good-day and bad-day notes, each kind under its own label (side
# by side where there is room). The grouping is done once, here; the formats only lay it out.
# A heading with no day on any note has no groups, so it is laid out exactly as before.

# Easy read: one short sentence under each label, saying what kind of day it means.
DAY_EASY_WORDS = {DAY_GOOD: "When things are going well.", DAY_BAD: "When things are hard."}


@dataclass(frozen=True)
class DayNotes:
    """The notes under one heading for one kind of day, with the words that label them."""

    day: str  # "good" or "bad" (plans.headings.DAY_GOOD, DAY_BAD)
    label: str  # "On a good day"
    notes: tuple[PlanNote, ...]


@dataclass(frozen=True)
class SectionNotes:
    """A heading's notes, grouped: those for any day, then one group per kind of day."""

    any_day: tuple[PlanNote, ...]
    days: tuple[DayNotes, ...] = ()  # good, then bad; only the kinds it has; () for neither

    @property
    def side_by_side(self) -> bool:
        """Whether it has both kinds of day, to lay out side by side."""
        return len(self.days) == 2


def section_notes(section: PlanSection) -> SectionNotes:
    """A heading's notes as any day, then on a good day, then on a bad day, each in order."""
    any_day, good, bad = section_days(section.notes)
    days = tuple(
        DayNotes(day=day, label=DAY_WORDS[day], notes=tuple(notes))
        for day, notes in ((DAY_GOOD, good), (DAY_BAD, bad))
        if notes
    )
    return SectionNotes(any_day=tuple(any_day), days=days)


def days_caption(section: PlanSection) -> str:
    """What a table of the two kinds of day is about: the heading, on a good and a bad day."""
    return f"{section_title(section)}: on a good day and on a bad day"


# --- Money ------------------------------------------------------------------------------
# The formats only lay out the words a ``PlanMoney`` holds: no amount is added up or
# compared here, so every copy says what the plan page says.

MONEY_TITLE = "Money for my support"
BUDGET_TITLE = "My budget"
COSTS_TITLE = "What my support costs"
COST_CAPTION = "What the support is, who gives it and what it costs"
COST_HEADERS = ("What", "Who", "Cost", "For a year")
NOTHING_COSTED = "Nothing costed yet."
NOT_SAID = "Not said"
NO_COST = "No cost"
CONTINGENCY_TAG = "(contingency money)"


def document_money(document: PlanDocument) -> PlanMoney | None:
    """The plan's money, or None when it has none to show (so the copy is as before)."""
    money = document.money
    return None if money is None or money == PlanMoney() else money


def sentence(text: str) -> str:
    """``text`` on one line, ending with a full stop unless it already ends a sentence."""
    text = one_line(text)
    return text if not text or text[-1] in ".!?" else f"{text}."


def has_budget(money: PlanMoney) -> bool:
    """Whether the copy has a budget to show (only one the person has been shown)."""
    return bool(money.budget_per_week or money.budget_per_year or money.budget_parts)


def budget_total_line(money: PlanMoney) -> str:
    """'£350.00 a week, which is £18,200.00 a year.' ('' with neither figure)."""
    week, year = one_line(money.budget_per_week), one_line(money.budget_per_year)
    if week and year:
        return f"{week} a week, which is {year} a year."
    if week:
        return f"{week} a week."
    return f"{year} a year." if year else ""


def budget_part_lines(money: PlanMoney) -> list[str]:
    """Each part of the budget as a sentence: where it comes from and how it is managed."""
    return [sentence(part) for part in money.budget_parts if one_line(part)]


def cost_what(line: PlanCostLine) -> str:
    """What the row pays for, marked when it is contingency money."""
    what = one_line(line.what) or NOT_SAID
    return f"{what} {CONTINGENCY_TAG}" if line.is_contingency else what


def cost_cells(line: PlanCostLine) -> tuple[str, str, str, str]:
    """The row's four cells, as the table's columns (``COST_HEADERS``) read them."""
    return (
        cost_what(line),
        one_line(line.who) or NOT_SAID,
        one_line(line.cost) or NOT_SAID,
        one_line(line.per_year) or NO_COST,
    )


def cost_row_line(line: PlanCostLine) -> str:
    """One row as one line, for formats without tables (text, Braille):
    'Help at home. Who: Jo. Cost: 7.5 hours a week at £12.63 an hour, which is £4,925.70 a
    year.' The year is left out when it only repeats the cost (a one-off) or is none."""
    what, who, cost, _ = cost_cells(line)
    per_year = one_line(line.per_year)
    if per_year and per_year != cost:
        cost = f"{cost}, which is {per_year}"
    return f"{sentence(what)} Who: {who}. Cost: {sentence(cost)}"


def total_lines(money: PlanMoney) -> list[str]:
    """The totals and the difference from the budget, one sentence each."""
    lines = []
    week, year = one_line(money.total_per_week), one_line(money.total_per_year)
    if week and year:
        lines.append(f"In all: {week} a week ({year} a year).")
    elif week or year:
        lines.append(f"In all: {week} a week." if week else f"In all: {year} a year.")
    contingency = one_line(money.contingency_per_year)
    if contingency:
        lines.append(
            f"Of that, {contingency} a year is contingency money, "
            "set aside in case something goes wrong."
        )
    one_off = one_line(money.one_off)
    if one_off:
        lines.append(f"The year\u2019s total includes {one_off} of one-off costs, paid once.")
    difference = sentence(money.difference)
    if difference:
        lines.append(difference)
    return lines


def has_costs(money: PlanMoney) -> bool:
    """Whether anything is costed: rows, or totals given without them."""
    return bool(money.lines or money.total_per_week or money.total_per_year)


# --- The action plan ----------------------------------------------------------------------
# The person's words for each row, laid out; nothing is added but the labels. Who and
# when are said to be missing rather than left out: the panel looks for both.

ACTIONS_TITLE = "My action plan"
ACTION_CAPTION = "What will happen, who will do it, by when, and how we will know it worked"
ACTION_HEADERS = ("What will happen", "Who", "By when", "How we will know")
NOT_SAID_YET = "Not said yet"


def action_cells(item: PlanActionItem) -> tuple[str, str, str, str]:
    """The row's four cells, as the table's columns (``ACTION_HEADERS``) read them.

    A table has no empty cells (a screen reader would only say "blank"): a missing
    box reads "Not said yet".
    """
    return (
        one_line(item.what) or NOT_SAID_YET,
        one_line(item.who) or NOT_SAID_YET,
        one_line(item.when) or NOT_SAID_YET,
        one_line(item.how_we_know) or NOT_SAID_YET,
    )


def action_sentences(item: PlanActionItem) -> list[str]:
    """One row as short labelled sentences: 'What: …', 'Who: …', 'When: …',
    'How we will know: …'. An empty "what" or "how we will know" is left out; a
    missing "who" or "when" says "not said yet"."""
    what, who, when, know = (
        one_line(item.what),
        one_line(item.who),
        one_line(item.when),
        one_line(item.how_we_know),
    )
    not_said = NOT_SAID_YET.lower()
    lines = [f"What: {sentence(what)}"] if what else []
    lines.append(f"Who: {sentence(who or not_said)}")
    lines.append(f"When: {sentence(when or not_said)}")
    if know:
        lines.append(f"How we will know: {sentence(know)}")
    return lines


def action_row_line(item: PlanActionItem) -> str:
    """One row as one line, for formats without tables (text, Braille):
    'What: Go swimming. Who: Jo. When: every week. How we will know: I swim 10 lengths.'"""
    return " ".join(action_sentences(item))
