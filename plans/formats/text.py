"""The plain-text copy of a plan: for screen readers, email and anything that reads text.

Headings are underlined the usual way for plain text (reStructuredText and
Markdown read them too): "=" under the title, "-" under each part of the plan
and "~" under the three parts of the one-page profile, with blank lines
around them. Each note is a paragraph followed by who wrote it.
"""

import unicodedata

from plans.documents import PlanDocument, PlanSection
from plans.formats.common import (
    EMPTY_SECTION,
    PROFILE_TITLE,
    attribution,
    changed_line,
    date_lines,
    document_title,
    note_lines,
    one_line,
    section_title,
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
    for note in section.notes:
        lines += note_lines(note)
        lines.append(attribution(note))
        changed = changed_line(note)
        if changed:
            lines.append(changed)
        lines.append("")
    return lines


def plan_text(document: PlanDocument) -> str:
    """The whole plan as plain text: title, dates, the one-page profile, then every heading.

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
    text = "\n".join(line.rstrip() for line in lines)
    # At most one blank line in a row, and exactly one newline at the end.
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"
