"""Versions of a plan as plain data: what a saved version keeps, and what changed between two.

Pure functions of ``PlanDocument``s, no database, so the rules are tested on
their own. A version keeps the headings and every note (its words, writer and
key); the one-page profile is not stored, because it is always drawn from the
headings (plans/headings.py), so it cannot disagree with them. It keeps the plan's
money too (the budget shown and the costing, in words, as they stood that day);
content saved before the plan had money has none, and reads back with ``money=None``.
It keeps the action plan the same way (each row's words as printed that day); content
saved before plans had one reads back with no actions.
"""

from dataclasses import dataclass, replace
from datetime import date

from plans.documents import (
    PlanActionItem,
    PlanCostLine,
    PlanDocument,
    PlanMoney,
    PlanNote,
    PlanSection,
)
from plans.headings import plan_profile

CONTENT_FORMAT = 1


def document_content(document: PlanDocument) -> dict:
    """What a saved version keeps of ``document``, as JSON-ready data."""
    return {
        "format": CONTENT_FORMAT,
        "person": document.person,
        "review_on": document.review_on.isoformat() if document.review_on else None,
        "sections": [
            {
                "title": section.title,
                "prompt": section.prompt,
                "pictogram": section.pictogram,
                "notes": [
                    {
                        "key": note.key,
                        "text": note.text,
                        "author": note.author,
                        "relation": note.relation,
                        "changed_by": note.changed_by,
                        "day": note.day,
                    }
                    for note in section.notes
                ],
            }
            for section in document.sections
        ],
        "money": _money_content(document.money),
        "actions": [
            {
                "what": item.what,
                "who": item.who,
                "when": item.when,
                "how_we_know": item.how_we_know,
            }
            for item in document.actions
        ],
    }


def _money_content(money: PlanMoney | None) -> dict | None:
    if money is None:
        return None
    return {
        "budget_per_week": money.budget_per_week,
        "budget_per_year": money.budget_per_year,
        "budget_parts": list(money.budget_parts),
        "lines": [
            {
                "what": line.what,
                "who": line.who,
                "cost": line.cost,
                "per_year": line.per_year,
                "is_contingency": line.is_contingency,
            }
            for line in money.lines
        ],
        "total_per_week": money.total_per_week,
        "total_per_year": money.total_per_year,
        "contingency_per_year": money.contingency_per_year,
        "one_off": money.one_off,
        "difference": money.difference,
    }


def _money_from_content(content: dict | None) -> PlanMoney | None:
    # Content saved before plans had money has no "money" key: the plan had none then.
    if not content:
        return None
    return PlanMoney(
        budget_per_week=content.get("budget_per_week", ""),
        budget_per_year=content.get("budget_per_year", ""),
        budget_parts=tuple(content.get("budget_parts", ())),
        lines=tuple(
            PlanCostLine(
                what=line.get("what", ""),
                who=line.get("who", ""),
                cost=line.get("cost", ""),
                per_year=line.get("per_year", ""),
                is_contingency=bool(line.get("is_contingency", False)),
            )
            for line in content.get("lines", ())
        ),
        total_per_week=content.get("total_per_week", ""),
        total_per_year=content.get("total_per_year", ""),
        contingency_per_year=content.get("contingency_per_year", ""),
        one_off=content.get("one_off", ""),
        difference=content.get("difference", ""),
    )


def _actions_from_content(content: list | None) -> tuple[PlanActionItem, ...]:
    # Content saved before plans had an action plan has no "actions" key: there was none.
    return tuple(
        PlanActionItem(
            what=item.get("what", ""),
            who=item.get("who", ""),
            when=item.get("when", ""),
            how_we_know=item.get("how_we_know", ""),
        )
        for item in content or ()
    )


def document_from_content(
    content: dict, *, label: str, saved_on: date, made_on: date
) -> PlanDocument:
    """The plan a saved version holds, ready for its page and every download format."""
    sections = tuple(
        PlanSection(
            title=section["title"],
            prompt=section.get("prompt", ""),
            pictogram=section.get("pictogram", ""),
            notes=tuple(
                PlanNote(
                    text=note["text"],
                    author=note["author"],
                    relation=note["relation"],
                    changed_by=note.get("changed_by", ""),
                    day=note.get("day", ""),
                    key=note.get("key", ""),
                )
                for note in section["notes"]
            ),
        )
        for section in content["sections"]
    )
    review_on = content.get("review_on")
    return PlanDocument(
        person=content["person"],
        profile=plan_profile(sections),
        sections=sections,
        made_on=made_on,
        version_label=label,
        saved_on=saved_on,
        review_on=date.fromisoformat(review_on) if review_on else None,
        money=_money_from_content(content.get("money")),
        actions=_actions_from_content(content.get("actions")),
    )


@dataclass(frozen=True)
class NoteChange:
    """One note that differs between two versions."""

    kind: str  # "added", "changed", "removed" or "moved"
    note: PlanNote  # as it is in the newer version (the older one for "removed")
    before: PlanNote | None = None  # as it was, for "changed" and "moved"
    moved_from: str = ""  # the heading it was under, for "moved"


@dataclass(frozen=True)
class SectionChanges:
    """What changed under one heading."""

    title: str
    changes: tuple[NoteChange, ...]


def plan_compare(*, older: PlanDocument, newer: PlanDocument) -> tuple[SectionChanges, ...]:
    """What was added, changed, moved and removed from ``older`` to ``newer``, heading by heading.

    Notes are matched by their key, so a note whose words changed is one
    change, not a removal and an addition. Headings come in the newer
    version's order, then any the newer version no longer has. A note moved
    to another heading with new words counts as moved, showing both.
    """
    old_notes: dict[object, tuple[str, PlanNote]] = {}
    for section in older.sections:
        for note in section.notes:
            old_notes[_key(section, note)] = (section.title, note)
    new_keys = {_key(section, note) for section in newer.sections for note in section.notes}
    by_title: dict[str, list[NoteChange]] = {}
    for section in newer.sections:
        changes = by_title.setdefault(section.title, [])
        for note in section.notes:
            was = old_notes.get(_key(section, note))
            if was is None:
                changes.append(NoteChange(kind="added", note=note))
            elif was[0] != section.title:
                changes.append(
                    NoteChange(kind="moved", note=note, before=was[1], moved_from=was[0])
                )
            elif _words_differ(was[1], note):
                changes.append(NoteChange(kind="changed", note=note, before=was[1]))
    for section in older.sections:
        for note in section.notes:
            if _key(section, note) not in new_keys:
                by_title.setdefault(section.title, []).append(NoteChange(kind="removed", note=note))
    return tuple(
        SectionChanges(title=title, changes=tuple(changes))
        for title, changes in by_title.items()
        if changes
    )


def _key(section: PlanSection, note: PlanNote) -> object:
    # A note without a key (a plan written elsewhere) is the same note only
    # where the same person wrote the same words under the same heading.
    return note.key or (section.title, note.author, note.text)


def _words_differ(before: PlanNote, after: PlanNote) -> bool:
    return replace(before, key="") != replace(after, key="")


@dataclass(frozen=True)
class RowChange:
    """One costing row or action that differs between two versions."""

    kind: str  # "added", "changed" or "removed"
    row: PlanCostLine | PlanActionItem  # as it is in the newer version (older for "removed")
    before: PlanCostLine | PlanActionItem | None = None  # as it was, for "changed"


@dataclass(frozen=True)
class MoneyChanges:
    """What changed in the money and the action plan between two versions, in words."""

    # (before, after) in words, each "" when there was none; set only when they differ.
    budget: tuple[str, str] | None
    total: tuple[str, str] | None
    costing: tuple[RowChange, ...]
    actions: tuple[RowChange, ...]

    def __bool__(self) -> bool:
        return bool(self.budget or self.total or self.costing or self.actions)


def _row_changes(older, newer) -> tuple[RowChange, ...]:
    # Rows have no lasting key in a version, so a row is the same row when it says the
    # same "what": a row with new words there reads as one taken out and one added.
    old_by_what = {row.what: row for row in older}
    new_whats = {row.what for row in newer}
    changes = []
    for row in newer:
        was = old_by_what.get(row.what)
        if was is None:
            changes.append(RowChange(kind="added", row=row))
        elif was != row:
            changes.append(RowChange(kind="changed", row=row, before=was))
    changes.extend(RowChange(kind="removed", row=row) for row in older if row.what not in new_whats)
    return tuple(changes)


def _money_words(money: PlanMoney | None) -> tuple[str, str]:
    """(the budget, the costing's total) of a version, in words, "" for none."""
    if money is None:
        return "", ""
    budget = f"{money.budget_per_week} a week" if money.budget_per_week else ""
    total = f"{money.total_per_week} a week" if money.total_per_week else ""
    if total and money.difference:
        total = f"{total}: {money.difference}"
    return budget, total


def plan_money_compare(*, older: PlanDocument, newer: PlanDocument) -> MoneyChanges:
    """What changed in the budget shown, the costing and the action plan from ``older``
    to ``newer``: the words each version printed, compared (no sums are redone, so the
    comparison says exactly what each version said)."""
    old_budget, old_total = _money_words(older.money)
    new_budget, new_total = _money_words(newer.money)
    return MoneyChanges(
        budget=(old_budget, new_budget) if old_budget != new_budget else None,
        total=(old_total, new_total) if old_total != new_total else None,
        costing=_row_changes(
            older.money.lines if older.money else (), newer.money.lines if newer.money else ()
        ),
        actions=_row_changes(older.actions, newer.actions),
    )


@dataclass(frozen=True)
class ReviewDue:
    """When the plan's review is due, in words for the plan page."""

    on: date | None
    days: int | None  # days from today: negative once it has passed
    words: str


def review_due(*, review_on: date | None, today: date) -> ReviewDue:
    """Say when the review is due: "in 12 days", "today", "3 days ago", or that none is set."""
    if review_on is None:
        return ReviewDue(on=None, days=None, words="No review date is set yet.")
    days = (review_on - today).days
    when = review_on.strftime("%-d %B %Y")
    if days > 1:
        words = f"The review is due on {when}, in {days} days."
    elif days == 1:
        words = f"The review is due tomorrow, {when}."
    elif days == 0:
        words = f"The review is due today, {when}."
    else:
        ago = -days
        words = (
            f"The review was due on {when}, {ago} day{'s' if ago != 1 else ''} ago. "
            "Ask the council for a review."
        )
    return ReviewDue(on=review_on, days=days, words=words)
