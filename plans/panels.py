"""The council's panel and a plan: what a comment can be about, the decision in words, and
whether the plan changed since the panel agreed it. Plain functions of plain data.

A person sends a saved version of their plan to a panel (``plans.PanelSubmission``);
the panel reads that frozen version and records a decision: agreed, agreed with
conditions, or changes asked for, with comments each tied to a part of the plan. The
words here are the ones the person reads on their plan page and in every copy.
"""

from datetime import date

from plans.documents import PlanDocument
from plans.formats.common import date_words, one_line
from plans.versions import plan_compare, plan_money_compare

# What a comment can be about besides the version's own headings: the whole plan, and
# the two parts of the plan page that are not headings (their titles on the plan page).
WHOLE_PLAN = ""
WHOLE_PLAN_WORDS = "The whole plan"
MONEY_PART = "How the money will be spent"
ACTIONS_PART = "Action plan"

# The decisions, by the values plans.PanelSubmission.Decision stores.
WAITING = ""
AGREED = "agreed"
CONDITIONS = "conditions"
CHANGES = "changes"
DECISIONS = (AGREED, CONDITIONS, CHANGES)


def comment_parts(*, document: PlanDocument) -> list[tuple[str, str]]:
    """What a panel's comment on ``document`` (a submitted version) can be about, as
    (value, words) for a choice: the whole plan, each heading, then the money and the
    action plan when the version has them. A value is what ``PanelComment.section`` keeps."""
    parts = {WHOLE_PLAN: WHOLE_PLAN_WORDS}
    for section in document.sections:
        title = one_line(section.title)
        if title:
            parts.setdefault(title, title)
    if document.money is not None:
        parts.setdefault(MONEY_PART, MONEY_PART)
    if document.actions:
        parts.setdefault(ACTIONS_PART, ACTIONS_PART)
    return list(parts.items())


def part_words(section: str) -> str:
    """What a comment is about, to follow "about": "the whole plan", or the part's name
    in quotes, "'How will I spend my budget'" in curly quotes."""
    section = one_line(section)
    return f"\u2018{section}\u2019" if section else "the whole plan"


def decision_words(*, decision: str, panel: str, on: date | None, conditions: str = "") -> str:
    """The panel's decision as the person reads it, without a full stop at the end:
    "Agreed by Derby support planning panel on 4 December 2026";
    "Agreed with conditions by Derby support planning panel on 4 December 2026";
    "Derby support planning panel asked for changes on 4 December 2026". A waiting
    submission says so: "Waiting for Derby support planning panel to decide".

    ``conditions`` is not part of the words (the plan page shows it on its own line);
    ``document_words`` adds it to the copies.
    """
    panel = one_line(panel) or "The panel"
    when = f" on {date_words(on)}" if on else ""
    if decision == AGREED:
        return f"Agreed by {panel}{when}"
    if decision == CONDITIONS:
        return f"Agreed with conditions by {panel}{when}"
    if decision == CHANGES:
        return f"{panel} asked for changes{when}"
    return f"Waiting for {panel} to decide"


def document_words(
    *,
    decision: str,
    panel: str,
    on: date | None,
    conditions: str = "",
    changed: bool = False,
    comments: tuple[tuple[str, str], ...] = (),
) -> str:
    """The decision in a few sentences for a copy of the plan (``PlanDocument.
    panel_decision``): the decision, its conditions or the changes asked for (each
    comment with the part it is about: ``comments`` is (section title or "", words)),
    and, when the plan is no longer the version the panel agreed, that it has changed."""
    words = decision_words(decision=decision, panel=panel, on=on) + "."
    conditions = one_line(conditions)
    if decision == CONDITIONS and conditions:
        words += f" The conditions: {conditions}"
        words = words if words[-1] in ".!?" else f"{words}."
    if decision == CHANGES:
        for about, text in comments:
            text = one_line(text)
            text = text if text[-1:] in ".!?" else f"{text}."
            words += f" About {part_words(about)}: {text}"
    if changed and decision in (AGREED, CONDITIONS):
        words += " The plan has changed since then."
    return words


def plan_changed(*, agreed: PlanDocument, now: PlanDocument) -> bool:
    """Whether the plan ``now`` says anything different from the version the panel
    ``agreed``: a note added, changed, moved or taken out, or a change in the budget
    shown, the costing or the action plan (``plans.versions``, as the compare page)."""
    return bool(plan_compare(older=agreed, newer=now)) or bool(
        plan_money_compare(older=agreed, newer=now)
    )
