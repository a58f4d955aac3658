"""A plan as tagged, accessible PDF (PDF/UA-1): standard print, large print and easy read.

Made the same way as the certificates (``learning/certificates.py``): a Django
template of plain semantic HTML (``plans/formats/plan.html``) that WeasyPrint
turns into the PDF's structure tree (title, parts, headings, lists of notes),
with the language, title, author and description as metadata and the fonts
embedded, so words in any alphabet the machine has a font for are real,
selectable text.

Sizes follow clear print guidance: a plain sans-serif font, left-aligned (or
right-aligned for a right-to-left note), no italics, no capitals for emphasis.
Large print is 18 pt or more everywhere, the page numbers too. Easy read has
a picture on the left of each heading, short sentences around the person's
words, 16 pt or more and lots of space.

The plan's money, when it has any, is its own part after the headings. In print and
large print the costing is a real table (a caption, a header cell for each column
and for each row's "What", tagged Table, TH and TD in the PDF so a screen reader
reads each cell with its headers), then the totals in sentences. Easy read has the
budget's picture beside the part's heading, and short sentences in lists instead of
a table. Every amount is the words the ``PlanMoney`` holds; nothing is added up here.

Under a heading with notes for a good day or a bad day, those come after its other notes.
Standard print lays the two kinds side by side: a table of two columns headed "On a good
day" and "On a bad day" (tagged Table, TH and TD, each column's notes a list in its cell),
kept on one page; lists too long for that go one after the other, as in large print.
Large print and easy read give each kind a heading one level down and a list, one after
the other; easy read adds the good-day or bad-day picture and a short sentence. A heading
with only one kind gets just that one labelled list, in every size.

The action plan, when there is one, is the last part, after the money. In print and
large print it is a table the same way (what will happen, who, by when, how we will
know; each row headed by its "what"). Easy read has the action plan's picture beside
the heading and, for each action, a short block of labelled sentences ("What: …",
"Who: …") instead of a table.
"""

import math
import re
import unicodedata
from collections.abc import Collection

from django.conf import settings
from django.template.loader import render_to_string

from plans.documents import (
    PlanActionItem,
    PlanCostLine,
    PlanDocument,
    PlanMoney,
    PlanNote,
    PlanSection,
)
from plans.formats.common import (
    ACTION_CAPTION,
    ACTION_HEADERS,
    ACTIONS_TITLE,
    BUDGET_TITLE,
    COST_CAPTION,
    COST_HEADERS,
    COSTS_TITLE,
    DAY_EASY_WORDS,
    EMPTY_SECTION,
    MONEY_TITLE,
    NOT_SAID,
    NOTHING_COSTED,
    PROFILE_TITLE,
    action_cells,
    action_sentences,
    attribution,
    budget_part_lines,
    budget_total_line,
    changed_line,
    cost_cells,
    date_lines,
    date_words,
    days_caption,
    document_money,
    document_title,
    has_budget,
    has_costs,
    note_lines,
    note_paragraphs,
    one_line,
    section_notes,
    section_title,
    sentence,
    total_lines,
)
from plans.formats.text import display_width
from plans.headings import DAY_BAD, DAY_GOOD
from plans.pictograms import pictogram_data_uri, pictogram_for

TEMPLATE = "plans/formats/plan.html"
SIZES = ("standard", "large")
# Body text size in points, by size and easy read. Headings are bigger in proportion.
BASE_SIZES = {
    ("standard", False): 12,
    ("standard", True): 16,
    ("large", False): 18,
    ("large", True): 18,
}
PICTURE_SIZE = 48  # points: an easy read picture is about two lines of heading tall
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
PROFILE_PICTURE = "about-me"
MONEY_PICTURE = "budget"
ACTIONS_PICTURE = "action-plan"  # as for the heading "Action plan (what / who / by when)"
# Easy read: the pictures beside "On a good day" and "On a bad day", as for the headings
# "A good day" and "A bad day".
DAY_PICTURES = {DAY_GOOD: "good-day", DAY_BAD: "bad-day"}
# One column of the good and bad days table in standard print (12 pt on A4) holds about 37
# characters a line and 40 lines a page; these leave room for the caption, the column
# headers and wide letters. Each note also has most of a line of space after it.
DAY_COLUMN_CHARACTERS = 34
DAY_COLUMN_LINES = 34
DAY_NOTE_GAP = 0.8
# The ids that mark where a good and bad days table starts and ends on the pages.
DAYS_ANCHOR = "days-table-"
DAYS_END = "--end"
# The difference from the budget as plans.money words it, read back for easy read:
# "£23.40 a week under your budget (£1,216.80 a year), including one-off costs".
DIFFERENCE_WORDS = re.compile(
    r"(?P<lead>.+?) (?P<side>under|over) your budget"
    r"(?: \((?P<other>[^)]+)\))?(?P<one_off>, including one-off costs)?"
)
EXACT_WORDS = re.compile(r"Exactly on your budget(?P<one_off>, including one-off costs)?")
ONE_OFF_COUNTED = "This counts the things you pay for once."
# The pictures' licence (CC BY-SA 4.0) asks for credit wherever they are shared.
PICTURE_CREDIT = (
    "Pictures: Mulberry Symbols (Steve Lee) and OpenMoji, "
    "under the Creative Commons licence CC BY-SA 4.0."
)


def _direction(text: str) -> str:
    """'rtl' when the first letter with a direction is Arabic, Hebrew or the like, else 'ltr'."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "ltr"


def _line(text: str) -> dict:
    return {"text": text, "dir": _direction(text)}


def _note(note: PlanNote, *, easy_read: bool) -> dict:
    by = attribution(note)
    changed = changed_line(note)
    if easy_read:
        # Easy read: who wrote it as a short sentence, not as a dash and brackets.
        by = "Written by " + by.removeprefix("\u2014 ") + "."
        if changed:
            changed = f"{one_line(note.changed_by)} changed the words."
    return {
        "lines": [_line(line) for line in note_lines(note)],
        "by": _line(by),
        "changed": _line(changed) if changed else None,
    }


def _fits_a_column(notes: tuple[PlanNote, ...]) -> bool:
    """Whether these notes surely fit in one column of the good and bad days table, on one
    page of standard print, with room to spare. A table cut across pages would be read in
    the wrong order (plans/formats/plan.html), so longer lists go one after the other."""
    lines = 0.0
    for note in notes:
        for paragraph in note_paragraphs(note):
            lines += max(1, math.ceil(display_width(paragraph) / DAY_COLUMN_CHARACTERS))
        lines += DAY_NOTE_GAP
    return lines <= DAY_COLUMN_LINES


def _section(
    section: PlanSection, *, easy_read: bool, side_by_side: bool, level: int, key: str
) -> dict:
    """A heading for the template: its any-day notes, then its good-day and bad-day notes.

    ``side_by_side`` (standard print) puts the two kinds of day in a table of two
    columns when they fit on a page; otherwise (and when the heading has only one kind)
    each is a labelled list under a heading one level below the heading's own
    (``level``). ``key`` names the heading's table, to find it on the pages.
    """
    title = section_title(section)
    grouped = section_notes(section)
    return {
        "title": title,
        "prompt": one_line(section.prompt),
        "notes": [_note(note, easy_read=easy_read) for note in grouped.any_day],
        "picture": pictogram_for(title=title, key=section.pictogram).key,
        "days": [
            {
                "label": group.label,
                "intro": DAY_EASY_WORDS[group.day],
                "picture": DAY_PICTURES[group.day],
                "notes": [_note(note, easy_read=easy_read) for note in group.notes],
            }
            for group in grouped.days
        ],
        "days_table": side_by_side
        and grouped.side_by_side
        and all(_fits_a_column(group.notes) for group in grouped.days),
        "days_caption": days_caption(section),
        "days_key": f"{DAYS_ANCHOR}{key}",
        "subheading": f"h{level + 1}",
    }


def _money(money: PlanMoney) -> dict:
    """The money part for print and large print: the budget, the table, the totals."""
    rows = []
    for line in money.lines:
        what, who, cost, per_year = cost_cells(line)
        rows.append({"what": _line(what), "who": _line(who), "cost": cost, "per_year": per_year})
    return {
        "title": MONEY_TITLE,
        "picture": MONEY_PICTURE,
        "budget_title": BUDGET_TITLE,
        "has_budget": has_budget(money),
        "budget_total": budget_total_line(money),
        "budget_parts": [_line(part) for part in budget_part_lines(money)],
        "costs_title": COSTS_TITLE,
        "has_costs": has_costs(money),
        "caption": COST_CAPTION,
        "headers": COST_HEADERS,
        "rows": rows,
        "totals": total_lines(money),
        "empty": NOTHING_COSTED,
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    # "Less than 1p a year" mid-sentence; an amount ("£5.00") is left as it is.
    return text[:1].lower() + text[1:]


def _easy_cost(line: PlanCostLine) -> list[str]:
    """One costing row in short sentences: what, who, how much, and what for."""
    _, _, cost, _ = cost_cells(line)
    sentences = [sentence(one_line(line.what) or NOT_SAID)]
    who = one_line(line.who)
    if who:
        sentences.append(f"{_capital(who)} gives this support.")
    if cost.casefold() == "unpaid":
        sentences.append("It is unpaid.")
    else:
        sentences.append(f"It costs {cost}.")
        per_year = one_line(line.per_year)
        if per_year and per_year != cost:
            sentences.append(f"That is {per_year}.")
    if line.is_contingency:
        sentences.append("This is money kept in case something goes wrong.")
    return sentences


def _easy_difference(difference: str) -> list[str]:
    """The difference from the budget in short sentences, from the words given."""
    difference = one_line(difference).removesuffix(".")
    if not difference:
        return []
    exact = EXACT_WORDS.fullmatch(difference)
    if exact:
        found = ["Your plan costs the same as your budget."]
        return [*found, ONE_OFF_COUNTED] if exact["one_off"] else found
    words = DIFFERENCE_WORDS.fullmatch(difference)
    if words is None:
        return [sentence(difference)]  # words of another kind: shown as they are
    lead = _lower(words["lead"])
    if words["side"] == "under":
        found = [f"You have {lead} left over."]
    else:
        found = [f"Your plan costs {lead} more than your budget."]
    if words["other"]:
        found.append(f"That is {words['other']}.")
    return [*found, ONE_OFF_COUNTED] if words["one_off"] else found


def _easy_money(money: PlanMoney) -> dict:
    """The money part for easy read: short sentences, in lists, with the budget's picture."""
    budget = []
    week, year = one_line(money.budget_per_week), one_line(money.budget_per_year)
    if week:
        budget.append(f"Your budget is {week} a week.")
    if year:
        budget.append(f"That is {year} a year." if week else f"Your budget is {year} a year.")
    totals = []
    week, year = one_line(money.total_per_week), one_line(money.total_per_year)
    if week:
        totals.append(f"Your plan costs {week} a week.")
    if year:
        totals.append(f"That is {year} a year." if week else f"Your plan costs {year} a year.")
    contingency = one_line(money.contingency_per_year)
    if contingency:
        totals.append(f"You keep {contingency} a year in case something goes wrong.")
    one_off = one_line(money.one_off)
    if one_off:
        totals.append(f"Your plan has {one_off} for things you pay for once.")
    return {
        **_money(money),
        "intro": "This part is about the money for your support.",
        "budget_sentences": budget,
        "budget_from": "Where your budget comes from:",
        "items": [[_line(words) for words in _easy_cost(line)] for line in money.lines],
        "total_sentences": totals + _easy_difference(money.difference),
    }


def _actions(actions: tuple[PlanActionItem, ...], *, easy_read: bool) -> dict:
    """The action plan part: a table in print and large print, short blocks in easy read."""
    rows = []
    for item in actions:
        what, who, when, know = action_cells(item)
        rows.append({"what": _line(what), "cells": [_line(who), _line(when), _line(know)]})
    return {
        "title": ACTIONS_TITLE,
        "picture": ACTIONS_PICTURE,
        "intro": "This part says what will happen next, who will do it, and when.",
        "caption": ACTION_CAPTION,
        "headers": ACTION_HEADERS,
        "rows": rows,
        "items": (
            [[_line(words) for words in action_sentences(item)] for item in actions]
            if easy_read
            else []
        ),
    }


def _language(document: PlanDocument) -> str:
    # Only a well-formed language tag goes into the document; anything else is en-GB.
    return document.language if LANGUAGE_TAG.fullmatch(document.language or "") else "en-GB"


def plan_html(
    document: PlanDocument,
    *,
    size: str = "standard",
    easy_read: bool = False,
    days_listed: Collection[str] = (),
) -> str:
    """The plan as the HTML document that WeasyPrint turns into a PDF.

    ``size`` is "standard" or "large" (18 pt or more everywhere); ``easy_read``
    adds a picture beside each heading and short sentences around the words.
    ``days_listed``: the headings ("heading-2", "profile-1") whose good and bad days
    must be lists one after the other, even in standard print (``plan_pdf`` finds them).
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    # Good days and bad days side by side only in standard print: large print and
    # easy read have no room for two columns of big text, so they come one after the other.
    side_by_side = size == "standard" and not easy_read
    profile = [
        _section(
            s,
            easy_read=easy_read,
            side_by_side=side_by_side and f"profile-{number}" not in days_listed,
            level=3,
            key=f"profile-{number}",
        )
        for number, s in enumerate(document.profile, start=1)
    ]
    sections = [
        _section(
            s,
            easy_read=easy_read,
            side_by_side=side_by_side and f"heading-{number}" not in days_listed,
            level=2,
            key=f"heading-{number}",
        )
        for number, s in enumerate(document.sections, start=1)
    ]
    days = any(s["days"] for s in profile + sections)
    person = one_line(document.person)
    title = document_title(document)
    base_size = BASE_SIZES[(size, easy_read)]
    variant = "easy read" if easy_read else ("large print" if size == "large" else "standard print")
    found = document_money(document)
    money = None
    if found is not None:
        money = _easy_money(found) if easy_read else _money(found)
    actions = _actions(document.actions, easy_read=easy_read) if document.actions else None
    pictures = []
    if easy_read:
        keys = {PROFILE_PICTURE} | {s["picture"] for s in profile + sections}
        keys |= {group["picture"] for s in profile + sections for group in s["days"]}
        if money is not None:
            keys.add(MONEY_PICTURE)
        if actions is not None:
            keys.add(ACTIONS_PICTURE)
        pictures = [(key, pictogram_data_uri(key)) for key in sorted(keys)]
    return render_to_string(
        TEMPLATE,
        {
            "language": _language(document),
            "title": title,
            "person": person,
            "subject": f"{title}, made on {date_words(document.made_on)} ({variant}).",
            "variant": variant,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "dates": date_lines(document),
            "intro": [
                f"This is {person}\u2019s support plan.",
                f"It says what matters to {person}.",
                f"It says how {person} wants to be supported.",
            ],
            "profile_title": PROFILE_TITLE,
            "profile_intro": f"This part is a short summary about {person}.",
            "profile_picture": PROFILE_PICTURE,
            "profile": profile,
            "sections": sections,
            "money": money,
            "actions": actions,
            "days": days,
            "empty": EMPTY_SECTION,
            "easy_read": easy_read,
            "base_size": base_size,
            "line_height": 1.5 if easy_read else 1.4,
            "picture_size": PICTURE_SIZE,
            "picture_indent": PICTURE_SIZE + 14,
            "pictures": pictures,
            "picture_credit": PICTURE_CREDIT,
        },
    )


def plan_pdf(document: PlanDocument, *, size: str = "standard", easy_read: bool = False) -> bytes:
    """The plan as a tagged PDF (PDF/UA-1), A4, in standard or large print, or easy read."""
    # Imported here, not at the top, so that a machine without Pango still
    # serves every other page; only the PDF downloads fail there.
    from weasyprint import HTML, URLFetcher

    # The plan needs nothing from outside: its pictures are inside it as data:
    # addresses. Refusing every other address means nothing a person writes
    # can ever make the server fetch anything.
    only_data = URLFetcher(allowed_protocols=("data",))
    options = {"pdf_variant": "pdf/ua-1"}
    html = plan_html(document, size=size, easy_read=easy_read)
    rendered = HTML(string=html, url_fetcher=only_data).render(**options)
    # A good and bad days table cut across pages would be read in the wrong order, so
    # one that did not fit after all is laid out again as two lists (rare: _fits_a_column).
    cut = _days_tables_cut(rendered)
    if cut:
        html = plan_html(document, size=size, easy_read=easy_read, days_listed=cut)
        rendered = HTML(string=html, url_fetcher=only_data).render(**options)
    return rendered.write_pdf(**options)


def _days_tables_cut(rendered) -> set[str]:
    """The headings whose good and bad days table runs over more than one page: its caption
    and the last note of each column (each id'd in plans/formats/_days.html) are not all on
    the same page."""
    pages: dict[str, set[int]] = {}
    for number, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            if anchor.startswith(DAYS_ANCHOR):
                key = anchor.removeprefix(DAYS_ANCHOR).split(DAYS_END)[0]
                pages.setdefault(key, set()).add(number)
    return {key for key, numbers in pages.items() if len(numbers) > 1}
