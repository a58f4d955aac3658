"""A plan in Braille: a .brf file in Unified English Braille, grade 2, made with liblouis.

**Translation.** liblouis's command-line translator, ``lou_translate``
(Debian: ``liblouis-bin``, with the tables in ``liblouis-data``; installed by
``scripts/lib.sh``), with the table ``en-ueb-g2.ctb``. It runs as one
subprocess for the whole plan, one paragraph a line on standard input, never
through a shell, with a time limit. A subprocess rather than ctypes on
liblouis.so: liblouis keeps global state and is not safe to call from the
server's threads at once, a crash in it cannot take the server down, and the
command line has no C types to get wrong between liblouis versions; one
process for a whole plan costs a few milliseconds.

Two things about ``lou_translate`` shape the code: it reads backslash escapes
in its input (so a backslash is sent doubled), and it cuts an output line at
2,048 cells (so a paragraph is sent in pieces of at most 200 characters, split
at spaces).

**Characters with no Braille.** Before translating, every character not
already known is tried once on its own (one more subprocess, remembered for
the life of the process). A character the table has no Braille for (an emoji,
a letter of an alphabet UEB does not cover, a control character) would come
out as a hex code no reader could use, so it is replaced with a readable
placeholder: "[picture]" for emoji and symbols, "[Arabic text]" (and so on)
for a run of letters of another alphabet, "[symbol]" for anything else. Words
are never dropped.

**Layout** (BANA's Braille Formats, as braille transcribers lay out a page):
40 cells a line, 25 lines a page, pages separated by a form feed. The title is
centred (at least three blank cells each side); the parts of the plan (and the
one-page profile) are cell-5 headings, the profile's three parts cell-7
headings, each after a blank line and never left alone at the foot of a page.
Paragraphs start in cell 3 and run over to cell 1. Under a heading with notes for a
good day or a bad day, those come after the other notes: a label ("On a good day:") in
cell 1 after a blank line, then one list item per note (cell 1, running over to cell 3,
its later paragraphs in cell 3). The plan's money, when it has
any, is a cell-5 heading after the others, with its two parts (the budget, what the
support costs) as cell-7 headings; each part of the budget and each row of the
costing is one list item, in cell 1 running over to cell 3 (Braille has no room for
a table of four columns in 40 cells). The action plan, when there is one, is the last
cell-5 heading, each action one list item the same way. Words wrap at spaces; a
word longer than a line is divided with a hyphen. Line 25 carries only the
braille page number, at the right.

The file is North American ASCII Braille, as .brf files are: each cell one
character from space (0x20) to underscore (0x5F), letters in capitals, lines
ending "\\n" and pages "\\f".
"""

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from plans.documents import PlanActionItem, PlanDocument, PlanMoney, PlanSection
from plans.formats.common import (
    ACTIONS_TITLE,
    BUDGET_TITLE,
    COSTS_TITLE,
    EMPTY_SECTION,
    MONEY_TITLE,
    NOTHING_COSTED,
    PROFILE_TITLE,
    SYMBOL,
    action_row_line,
    budget_part_lines,
    budget_total_line,
    clean_text,
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

TRANSLATOR = "lou_translate"
TABLE = "en-ueb-g2.ctb"
CELLS_PER_LINE = 40
LINES_PER_PAGE = 25
TEXT_LINES = LINES_PER_PAGE - 1  # the last line carries the page number
CENTRED_WIDTH = CELLS_PER_LINE - 6  # at least three blank cells each side
PIECE_LENGTH = 200  # characters of print sent as one line (lou_translate cuts at 2,048 cells)
TIMEOUT_SECONDS = 120
PICTURE = "[picture]"
# What lou_translate prints for a character its table has no Braille for:
# '\x0645' and the like, with the hex digits as the letters a-j.
UNDEFINED = re.compile(r"(?:'\\[xyz][a-j0-9]+')+")
# Indicators in UEB that belong to the cell after them: a long word is not
# divided just after one of these.
PREFIXES = set(',;#^_@."')
SCRIPT_NAMES = {
    "CJK": "Chinese",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
}

# Character -> whether the table has Braille for it; learned once per process.
_translatable: dict[str, bool] = {}


class BrailleUnavailableError(RuntimeError):
    """liblouis is not installed, or failed: no Braille can be made on this machine."""


# --- Translation ---------------------------------------------------------------------


def _lou_translate(lines: Sequence[str]) -> list[str]:
    """Each line through liblouis, in one process; the output has one line per input line."""
    if not lines:
        return []
    program = shutil.which(TRANSLATOR)
    if program is None:
        raise BrailleUnavailableError(
            "The Braille translator (lou_translate, from liblouis) is not installed. "
            "Run bash scripts/test.sh or scripts/serve.sh, or install the Debian packages "
            "liblouis-bin and liblouis-data."
        )
    # lou_translate reads backslash escapes, so a backslash of the person's own is doubled.
    stdin = "".join(line.replace("\\", "\\\\") + "\n" for line in lines)
    try:
        result = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
            [program, "--forward", TABLE],
            input=stdin.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BrailleUnavailableError("The Braille translator took too long.") from error
    output = result.stdout.decode("utf-8", errors="replace").split("\n")
    if result.returncode != 0 or len(output) != len(lines) + 1 or output[-1] != "":
        message = result.stderr.decode("utf-8", errors="replace").strip()
        raise BrailleUnavailableError(f"The Braille translator failed: {message or 'no output'}")
    return output[:-1]


def _learn(chars: set[str]) -> None:
    """Find out, once each, which characters the table can translate."""
    unknown = sorted(chars - _translatable.keys())
    for char, braille in zip(unknown, _lou_translate(unknown), strict=True):
        _translatable[char] = bool(braille.strip()) and not UNDEFINED.fullmatch(braille)


def _ignorable(char: str) -> bool:
    # Invisible formatting (joiners, direction marks, variation selectors,
    # soft hyphens): it changes how print looks, and has nothing to say in Braille.
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


def _label(char: str) -> str:
    """The placeholder for a character with no Braille."""
    category = unicodedata.category(char)
    code = ord(char)
    if category in ("So", "Sk"):
        return PICTURE
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF:
        return PICTURE
    if category[0] in "LM":
        words = unicodedata.name(char, "").split()
        if words and words[0] == "LATIN":
            return "[letter]"  # a letter with an accent UEB has no sign for
        if words:
            script = SCRIPT_NAMES.get(words[0], words[0].title())
            return f"[{script} text]"
    return SYMBOL


def _joins_a_run(char: str) -> bool:
    # Spaces and punctuation between words of the same alphabet stay inside
    # one placeholder: "[Arabic text]", not one per word.
    return char.isspace() or unicodedata.category(char)[0] in "PZN"


def _with_placeholders(text: str) -> str:
    """The text with every run of characters that have no Braille replaced by a placeholder."""
    parts = []
    i = 0
    while i < len(text):
        char = text[i]
        if _translatable.get(char, True):
            parts.append(char)
            i += 1
            continue
        label = _label(char)
        end = j = i + 1
        while j < len(text):
            other = text[j]
            if not _translatable.get(other, True) and _label(other) == label:
                j += 1
                end = j
            elif _joins_a_run(other):
                j += 1
            else:
                break
        parts.append(f" {label} ")
        i = end
    return " ".join("".join(parts).split())


def _pieces(text: str) -> list[tuple[str, str]]:
    """(piece, what joins it to the one before): pieces short enough for lou_translate."""
    pieces = []
    joiner = ""
    while len(text) > PIECE_LENGTH:
        cut = text.rfind(" ", 0, PIECE_LENGTH + 1)
        if cut <= 0:
            pieces.append((text[:PIECE_LENGTH], joiner))
            text, joiner = text[PIECE_LENGTH:], ""
        else:
            pieces.append((text[:cut], joiner))
            text, joiner = text[cut + 1 :], " "
    pieces.append((text, joiner))
    return pieces


def _ascii_braille(braille: str, *, fallback: str) -> str:
    """liblouis's output as BRF characters: capitals, nothing outside space to underscore."""
    cells = []
    for char in braille:
        code = ord(char)
        if 0x60 <= code <= 0x7E:
            cells.append(chr(code - 0x20))  # the same cell as the capital letter or sign
        elif 0x20 <= code <= 0x5F:
            cells.append(char)
        else:
            cells.append(fallback)
    return "".join(cells)


def braille_translate(texts: Sequence[str]) -> list[str]:
    """Each text (one paragraph of print) in UEB grade 2, as ASCII Braille on one line.

    All the texts go through liblouis together: one or two subprocesses
    whatever their number. Characters with no Braille become placeholders.
    """
    prepared = []
    for text in texts:
        cleaned = clean_text(text)
        kept = " ".join("".join(char for char in cleaned if not _ignorable(char)).split())
        # Only invisible formatting (a lone joiner, say) still shows that something was there.
        prepared.append(kept or (SYMBOL if cleaned.strip() else ""))
    chars = {char for text in prepared for char in text}
    # Letters, digits and spaces always have Braille; everything else is checked,
    # with the letter and accent that make it up ("έ" is "ε" and an acute), in
    # case the table has those but not the two together.
    others = {char for char in chars if not (char.isascii() and char.isalnum()) and char != " "}
    parts = {part for char in others for part in unicodedata.normalize("NFD", char)}
    _learn(others | (parts - {" "}))
    decomposed = {}
    for char in others:
        letters = unicodedata.normalize("NFD", char)
        if not _translatable[char] and all(_translatable.get(part, True) for part in letters):
            decomposed[char] = letters
    if decomposed:
        prepared = ["".join(decomposed.get(char, char) for char in text) for text in prepared]
    pieces: list[tuple[int, str, str]] = []
    for index, text in enumerate(prepared):
        for piece, joiner in _pieces(_with_placeholders(text)):
            pieces.append((index, piece, joiner))
    output = _lou_translate([piece for _, piece, _ in pieces] + [SYMBOL])
    symbol = _ascii_braille(output[-1], fallback="")
    results = [""] * len(prepared)
    for (index, _, joiner), braille in zip(pieces, output[:-1], strict=True):
        results[index] += joiner + _ascii_braille(braille.strip(), fallback=symbol)
    return [" ".join(result.split()) for result in results]


# --- Layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """One piece of the page: its print, and how it is laid out."""

    text: str
    first: int = 2  # blank cells before the first line (cell 3)
    rest: int = 0  # blank cells before the other lines (cell 1)
    centred: bool = False
    heading: bool = False  # a blank line before it; kept with what follows


def _blocks(document: PlanDocument) -> list[_Block]:
    blocks = [_Block(document_title(document), centred=True, heading=True)]
    blocks += [_Block(line) for line in date_lines(document)]

    def section(part: PlanSection, *, indent: int) -> None:
        blocks.append(_Block(section_title(part), first=indent, rest=indent, heading=True))
        prompt = one_line(part.prompt)
        if prompt:
            blocks.append(_Block(prompt))
        if not part.notes:
            blocks.append(_Block(EMPTY_SECTION))
        grouped = section_notes(part)
        for note in grouped.any_day:
            blocks.extend(_Block(line) for line in note_paragraphs(note))
        # Good days and bad days: a label in cell 1 (kept with what follows), then one
        # list item per note, in cell 1 running over to cell 3 as the other lists do.
        for group in grouped.days:
            blocks.append(_Block(f"{group.label}:", first=0, rest=0, heading=True))
            for note in group.notes:
                first, *rest = note_paragraphs(note)
                blocks.append(_Block(first, first=0, rest=2))
                blocks.extend(_Block(line, first=2, rest=2) for line in rest)

    if document.profile:
        blocks.append(_Block(PROFILE_TITLE, first=4, rest=4, heading=True))
        for part in document.profile:
            section(part, indent=6)  # cell 7
    for part in document.sections:
        section(part, indent=4)  # cell 5
    money = document_money(document)
    if money is not None:
        blocks += _money_blocks(money)
    if document.actions:
        blocks += _action_blocks(document.actions)
    return blocks


def _action_blocks(actions: tuple[PlanActionItem, ...]) -> list[_Block]:
    """The action plan: its heading in cell 5, then one list item per action."""
    blocks = [_Block(ACTIONS_TITLE, first=4, rest=4, heading=True)]
    return blocks + [_Block(action_row_line(item), first=0, rest=2) for item in actions]


def _money_blocks(money: PlanMoney) -> list[_Block]:
    """The money part: headings, then a list item per budget part and per costing row."""
    blocks = [_Block(MONEY_TITLE, first=4, rest=4, heading=True)]  # cell 5
    if has_budget(money):
        blocks.append(_Block(BUDGET_TITLE, first=6, rest=6, heading=True))  # cell 7
        total = budget_total_line(money)
        if total:
            blocks.append(_Block(total))
        blocks += [_Block(part, first=0, rest=2) for part in budget_part_lines(money)]
    blocks.append(_Block(COSTS_TITLE, first=6, rest=6, heading=True))
    if not has_costs(money):
        return [*blocks, _Block(NOTHING_COSTED)]
    blocks += [_Block(cost_row_line(line), first=0, rest=2) for line in money.lines]
    return blocks + [_Block(line) for line in total_lines(money)]


def _cut(word: str, *, room: int) -> int:
    """Where to divide a word too long for a line: not just after an indicator."""
    cut = max(room, 1)
    while cut > max(room - 4, 1) and word[cut - 1] in PREFIXES:
        cut -= 1
    return cut


def _wrap(braille: str, *, first: int, rest: int, width: int = CELLS_PER_LINE) -> list[str]:
    """Braille in lines of ``width`` cells, words wrapped at spaces."""
    lines: list[str] = []
    line = ""
    indent = first
    for word in braille.split():
        while word:
            room = width - indent - (len(line) + 1 if line else 0)
            if len(word) <= room:
                line = f"{line} {word}" if line else word
                word = ""
            elif line:
                lines.append(" " * indent + line)
                line, indent = "", rest
            else:
                # Longer than a whole line: divide it, with a hyphen at the break.
                cut = _cut(word, room=room - 1)
                lines.append(" " * indent + word[:cut] + "-")
                word, indent = word[cut:], rest
    if line or not lines:
        lines.append(" " * indent + line)
    return lines


def _laid_out(block: _Block, braille: str) -> list[str]:
    if not block.centred:
        return _wrap(braille, first=block.first, rest=block.rest)
    lines = _wrap(braille, first=0, rest=0, width=CENTRED_WIDTH)
    return [" " * ((CELLS_PER_LINE - len(line)) // 2) + line for line in lines]


def braille_number(number: int) -> str:
    """A number as ASCII Braille: the number sign, then the letters a-j for 1-9 and 0."""
    return "#" + "".join(
        "J" if digit == "0" else chr(ord("A") + int(digit) - 1) for digit in str(number)
    )


def _pages(blocks: list[tuple[_Block, list[str]]]) -> list[list[str]]:
    pages: list[list[str]] = []
    page: list[str] = []
    for index, (block, lines) in enumerate(blocks):
        blank = 1 if block.heading and page and page[-1] != "" else 0
        # A heading stays with at least the first line of what follows it.
        following = 1 if block.heading and index + 1 < len(blocks) else 0
        if page and len(page) + blank + len(lines) + following > TEXT_LINES:
            pages.append(page)
            page, blank = [], 0
        if blank:
            page.append("")
        for line in lines:
            if len(page) == TEXT_LINES:
                pages.append(page)
                page = []
            page.append(line)
        if block.centred and len(page) < TEXT_LINES:
            page.append("")  # a blank line after a centred heading
    if page or not pages:
        pages.append(page)
    return pages


def plan_brf(document: PlanDocument) -> bytes:
    """The plan as a Braille Ready File: UEB grade 2, 40 cells by 25 lines, ASCII Braille."""
    blocks = _blocks(document)
    brailles = braille_translate([block.text for block in blocks])
    laid_out = [
        (block, _laid_out(block, braille)) for block, braille in zip(blocks, brailles, strict=True)
    ]
    pages = []
    for number, lines in enumerate(_pages(laid_out), start=1):
        lines = [line.rstrip() for line in lines] + [""] * (TEXT_LINES - len(lines))
        page_number = braille_number(number)
        lines.append(" " * (CELLS_PER_LINE - len(page_number)) + page_number)
        pages.append("\n".join(lines) + "\n")
    return "\f".join(pages).encode("ascii")
