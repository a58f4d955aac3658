"""What every format of a plan shares: cleaning people's words, attributions, dates in words.

Every format goes through the same rules, so a note reads the same in the
text, the PDFs and the Braille: the person's words exactly, in NFC, with line
breaks kept; and anything that is not text (a control character, half of a
broken character pair) shown as a readable placeholder instead of being
dropped or breaking the file.
"""

import re
import unicodedata
from datetime import date

from plans.documents import MONTHS, PlanDocument, PlanNote, PlanSection

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
    return lines


def section_title(section: PlanSection) -> str:
    """A heading's title on one line; a heading with no words still gets a name."""
    return one_line(section.title) or "Untitled heading"
