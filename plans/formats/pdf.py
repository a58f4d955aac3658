"""A plan as tagged, accessible PDF (PDF/UA-1): standard print, large print and easy read.

Made the same way as the certificates (``courses/certificates.py``): a Django
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
"""

import re
import unicodedata

from django.conf import settings
from django.template.loader import render_to_string

from plans.documents import PlanDocument, PlanNote, PlanSection
from plans.formats.common import (
    EMPTY_SECTION,
    PROFILE_TITLE,
    attribution,
    changed_line,
    date_lines,
    date_words,
    document_title,
    note_lines,
    one_line,
    section_title,
)
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


def _section(section: PlanSection, *, easy_read: bool) -> dict:
    title = section_title(section)
    return {
        "title": title,
        "prompt": one_line(section.prompt),
        "notes": [_note(note, easy_read=easy_read) for note in section.notes],
        "picture": pictogram_for(title=title, key=section.pictogram).key,
    }


def _language(document: PlanDocument) -> str:
    # Only a well-formed language tag goes into the document; anything else is en-GB.
    return document.language if LANGUAGE_TAG.fullmatch(document.language or "") else "en-GB"


def plan_html(document: PlanDocument, *, size: str = "standard", easy_read: bool = False) -> str:
    """The plan as the HTML document that WeasyPrint turns into a PDF.

    ``size`` is "standard" or "large" (18 pt or more everywhere); ``easy_read``
    adds a picture beside each heading and short sentences around the words.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    profile = [_section(s, easy_read=easy_read) for s in document.profile]
    sections = [_section(s, easy_read=easy_read) for s in document.sections]
    person = one_line(document.person)
    title = document_title(document)
    base_size = BASE_SIZES[(size, easy_read)]
    variant = "easy read" if easy_read else ("large print" if size == "large" else "standard print")
    pictures = []
    if easy_read:
        keys = {PROFILE_PICTURE} | {s["picture"] for s in profile + sections}
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
    html = plan_html(document, size=size, easy_read=easy_read)
    return HTML(string=html, url_fetcher=only_data).write_pdf(pdf_variant="pdf/ua-1")
