"""The plain-text copy of a plan: for screen readers, email and anything that reads text.

Headings are underlined the usual way for plain text (reStructuredText and
Markdown read them too): "=" under the title, "-" under each part of the plan
and "~" under the three parts of the one-page profile, with blank lines
around them. Each note is a paragraph followed by who wrote it. Under a heading
with notes for a good day or a bad day, those come after the other notes as two
labelled lists ("On a good day:", "On a bad day:"), one note to an item.

The plan's money, when it has any, is its own part after the headings: the budget,
then each row of the costing on one line (a list, not a table, so it reads in order
in any screen reader or email), then the totals. The action plan, when there is one,
comes last, under its own heading: one line for each action, saying what, who, when
and how we will know.
"""

import unicodedata

from plans.documents import PlanActionItem, PlanDocument, PlanMoney, PlanSection
from plans.formats.common import (
    ACTIONS_TITLE,
    BUDGET_TITLE,
    COSTS_TITLE,
    EMPTY_SECTION,
    MONEY_TITLE,
    NOTHING_COSTED,
    PROFILE_TITLE,
    action_row_line,
    budget_part_lines,
    budget_total_line,
    cost_row_line,
    date_lines,
    document_money,
    document_title,
    has_budget,
    has_costs,
    note_paragraphs,
    one_line,
    section_notes,
    section_title,
    total_lines,
)


def display_width(text: str) -> int:
    """How many columns a line takes in a fixed-width font: wide letters count two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _heading(title: str, *, underline: str) -> list[str]:
    return [title, underline * max(display_width(title), 3), ""]


def _section(section: PlanSection, *, underline: str) -> list[str]:
    lines = ["", *_heading(section_title(section), underline=underline)]
    prompt = one_line(section.prompt)
    if prompt:
        lines += [prompt, ""]
    if not section.notes:
        lines += [EMPTY_SECTION, ""]
    grouped = section_notes(section)
    for note in grouped.any_day:
        lines += [*note_paragraphs(note), ""]
    # Good days and bad days: a labelled list each, one after the other. A list item's
    # lines after the first are indented, so each note reads as one item.
    for group in grouped.days:
        lines += [f"{group.label}:", ""]
        for note in group.notes:
            first, *rest = note_paragraphs(note)
            lines += [f"- {first}", *[f"  {line}" for line in rest], ""]
    return lines


def _money(money: PlanMoney) -> list[str]:
    lines = ["", *_heading(MONEY_TITLE, underline="-")]
    if has_budget(money):
        lines += ["", *_heading(BUDGET_TITLE, underline="~")]
        total = budget_total_line(money)
        if total:
            lines.append(total)
        lines += [f"- {part}" for part in budget_part_lines(money)]
        lines.append("")
    lines += ["", *_heading(COSTS_TITLE, underline="~")]
    if not has_costs(money):
        return [*lines, NOTHING_COSTED, ""]
    lines += [f"- {cost_row_line(line)}" for line in money.lines]
    return [*lines, "", *total_lines(money), ""]


def _actions(actions: tuple[PlanActionItem, ...]) -> list[str]:
    lines = ["", *_heading(ACTIONS_TITLE, underline="-")]
    return [*lines, *[f"- {action_row_line(item)}" for item in actions], ""]


def plan_text(document: PlanDocument) -> str:
    """The whole plan as plain text: title, dates, the one-page profile, every heading,
    then the money and the action plan, if the plan has them.

    NFC Unicode, "\\n" line ends, no spaces at line ends, one newline at the end.
    """
    lines = _heading(document_title(document), underline="=")
    lines += date_lines(document)
    lines.append("")
    if document.profile:
        lines += ["", *_heading(PROFILE_TITLE, underline="-")]
        for section in document.profile:
            lines += _section(section, underline="~")
    for section in document.sections:
        lines += _section(section, underline="-")
    money = document_money(document)
    if money is not None:
        lines += _money(money)
    if document.actions:
        lines += _actions(document.actions)
    text = "\n".join(line.rstrip() for line in lines)
    # At most one blank line in a row, and exactly one newline at the end.
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"
