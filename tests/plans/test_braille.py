"""The Braille copy (.brf): UEB grade 2 from liblouis, 40 cells by 25 lines, ASCII Braille only."""

import subprocess

import pytest

from plans.formats import braille as braille_module
from plans.formats import plan_brf
from plans.formats.braille import (
    CELLS_PER_LINE,
    LINES_PER_PAGE,
    BrailleUnavailableError,
    braille_number,
    braille_translate,
)
from tests.plans.documents import AMIRA, ARABIC, HEBREW, LONG_NOTE, many_notes_plan, note, plan_with

ASCII_BRAILLE = {chr(code) for code in range(0x20, 0x60)}


def pages(brf: bytes) -> list[list[str]]:
    """The pages of a .brf, each a list of its lines."""
    text = brf.decode("ascii")
    assert text.endswith("\n")
    return [page.removesuffix("\n").split("\n") for page in text.split("\f")]


def body(brf: bytes) -> str:
    """All the Braille but the page numbers, as one line of words."""
    return " ".join(" ".join(line for page in pages(brf) for line in page[:-1]).split())


def compact(braille: str) -> str:
    # Without spaces and hyphens, so wrapping and divided words do not matter.
    return "".join(braille.split()).replace("-", "")


def assert_valid_brf(brf: bytes) -> None:
    text = brf.decode("ascii")
    assert set(text) <= ASCII_BRAILLE | {"\n", "\f"}
    for number, page in enumerate(pages(brf), start=1):
        assert len(page) == LINES_PER_PAGE
        assert all(len(line) <= CELLS_PER_LINE for line in page)
        assert all(line == line.rstrip() for line in page)
        assert page[-1] == braille_number(number).rjust(CELLS_PER_LINE)


@pytest.fixture(scope="module")
def amira_brf() -> bytes:
    return plan_brf(AMIRA)


def test_brf_is_40_cells_by_25_lines_of_ascii_braille_with_page_numbers(amira_brf):
    assert_valid_brf(amira_brf)
    assert len(pages(amira_brf)) > 1


def test_a_known_sentence_comes_out_in_ueb_grade_2():
    # "the" is one cell (!); "sat", "on" and "mat" stay as they are; ,=capital, 4=full stop.
    assert braille_translate(["The cat sat on the mat."]) == [",! CAT SAT ON ! MAT4"]
    assert ",! CAT SAT ON ! MAT4" in body(plan_brf(plan_with(note("The cat sat on the mat."))))
    assert braille_translate(["with my brother and the cat"]) == [") MY BRO!R & ! CAT"]


def test_title_is_centred_and_headings_are_on_their_own_lines(amira_brf):
    first = pages(amira_brf)[0]
    title = braille_translate(["Amira's support plan (for the panel)"])[0]
    assert " ".join(" ".join(first[:2]).split()) == title
    left, right = len(first[0]) - len(first[0].lstrip()), CELLS_PER_LINE - len(first[0])
    assert abs(left - right) <= 1
    assert left >= 3
    assert first[2] == ""
    lines = [line for page in pages(amira_brf) for line in page]
    heading = braille_translate(["All about me"])[0]
    index = lines.index("    " + heading)  # a cell-5 heading
    assert lines[index - 1] == ""  # after a blank line
    profile_part = braille_translate(["What people like and admire about me"])[0]
    assert any(line.startswith("      " + profile_part[:20]) for line in lines)  # cell 7


def test_paragraphs_start_in_cell_3_and_run_over_to_cell_1(amira_brf):
    lines = [line for page in pages(amira_brf) for line in page]
    start = braille_translate(["Amira is funny and kind."])[0]
    index = next(i for i, line in enumerate(lines) if line.startswith("  " + start))
    assert lines[index + 1][0] != " "


def test_every_note_and_who_wrote_it_is_in_the_braille(amira_brf):
    text = compact(body(amira_brf))
    for section in AMIRA.profile + AMIRA.sections:
        for each in section.notes:
            for words in braille_translate([each.text.replace("\n", " ")]):
                assert compact(words) in text
    assert compact(braille_translate(["— Yusuf (brother)"])[0]) in text
    assert compact(braille_translate(["(changed by Fran (facilitator))"])[0]) in text


def test_an_emoji_only_note_becomes_a_picture_placeholder():
    brf = plan_brf(plan_with(note("😀🐱"), note("👍🏽 great"), note("I ❤ Pepper")))
    assert_valid_brf(brf)
    assert braille_translate(["[picture]"]) == [".<PICTURE.>"]
    text = body(brf)
    assert "  .<PICTURE.>" in "\n".join(pages(brf)[0])
    assert ".<PICTURE.> GRT" in text
    assert ",I .<PICTURE.> ,PEPP]" in text


def test_a_broken_or_control_character_becomes_a_symbol_placeholder_not_an_error():
    brf = plan_brf(plan_with(note("a\ud800b"), note("\x00\x07"), note("x\ufffey")))
    assert_valid_brf(brf)
    assert braille_translate(["a\ud800b"]) == ["A .<SYMBOL.> ;B"]
    assert body(brf).count(".<SYMBOL.>") == 3


def test_other_alphabets_become_a_placeholder_that_says_which():
    assert braille_translate([ARABIC, HEBREW, "中文", "Привет"]) == [
        ".<,>ABIC TEXT.>",
        ".<,HEBREW TEXT.>",
        ".<,*9ESE TEXT.>",
        ".<,CYRILLIC TEXT.>",
    ]
    # Greek and accented letters have Braille in UEB, so they are translated.
    assert braille_translate(["Ωμέγα", "café"]) == [",.W.M^/.E.G.A", "CAF^/E"]


def test_a_backslash_is_translated_not_read_as_an_escape():
    assert braille_translate(["C:\\Users\\amira"]) == [",C3_*,US]S_*AMIRA"]
    assert braille_translate(["\\x0041"]) == ["_*X#JJDA"]


def test_long_notes_wrap_and_a_word_longer_than_a_line_is_divided():
    word = "Supercalifragilisticexpialidocious" * 3
    brf = plan_brf(plan_with(note(LONG_NOTE), note(word), note("x" * 450)))
    assert_valid_brf(brf)
    lines = [line for page in pages(brf) for line in page]
    assert any(line.endswith("-") for line in lines)
    assert compact(braille_translate([word])[0]) in compact(body(brf))
    assert compact(braille_translate([LONG_NOTE])[0]) in compact(body(brf))


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page():
    brf = plan_brf(many_notes_plan(60))
    assert_valid_brf(brf)
    headings = {"    " + words for words in braille_translate([s.title for s in AMIRA.sections])}
    for page in pages(brf):
        text = [line for line in page[:-1] if line]
        assert text[-1] not in headings


def test_the_whole_plan_is_translated_in_at_most_two_processes(monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(braille_module.subprocess, "run", counting_run)
    monkeypatch.setattr(braille_module, "_translatable", {})
    assert_valid_brf(plan_brf(many_notes_plan(300)))
    assert len(calls) <= 2
    assert all(call[1:] == ["--forward", "en-ueb-g2.ctb"] for call in calls)


def test_without_liblouis_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(braille_module.shutil, "which", lambda name: None)
    with pytest.raises(BrailleUnavailableError, match="liblouis-bin and liblouis-data"):
        plan_brf(plan_with(note("hello")))


def test_braille_page_numbers():
    assert braille_number(1) == "#A"
    assert braille_number(10) == "#AJ"
    assert braille_number(25) == "#BE"
