"""The plain-text copy: the plan's own words and authors, headings underlined, clean text."""

import unicodedata

from plans.demo_document import PROFILE_HEADINGS, STANDARD_HEADINGS
from plans.formats import plan_text
from plans.formats.common import attribution, changed_line, clean_text, date_words, note_lines
from plans.formats.text import display_width
from plans.headings import DAY_WORDS
from tests.plans.documents import AMIRA, ARABIC, HEBREW, LONG_NOTE, note, plan_with


def _expected_lines(document) -> set[str]:
    """Every line the text may hold: this plan's own words, and the fixed words around them."""
    lines = {
        "Amira's support plan (for the panel)",
        "Made on 3 December 2026.",
        "Saved on 1 December 2026.",
        "Review date: 1 June 2027.",
        "Version: for the panel.",
        "One-page profile",
    }
    for section in document.profile + document.sections:
        lines |= {section.title, section.prompt}
        for each in section.notes:
            found = [*note_lines(each), attribution(each), changed_line(each)]
            if each.day in DAY_WORDS:
                # A note for a good or a bad day is a list item under its label (test_days.py).
                found = [f"- {found[0]}", *[f"  {line}" for line in found[1:] if line]]
                lines.add(f"{DAY_WORDS[each.day]}:")
            lines |= set(found)
    return lines - {""}


def test_the_text_holds_only_this_plans_words_authors_and_headings():
    text = plan_text(AMIRA)
    expected = _expected_lines(AMIRA)
    lines = [line for line in text.split("\n") if line and set(line) - set("=-~")]
    assert set(lines) <= expected
    # ... and every one of them is there.
    assert expected <= set(lines)
    assert "— Yusuf (brother)" in lines
    assert "(changed by Fran (facilitator))" in lines


def test_title_dates_profile_then_every_heading_in_order_underlined():
    lines = plan_text(AMIRA).split("\n")
    assert lines[:7] == [
        "Amira's support plan (for the panel)",
        "====================================",
        "",
        "Made on 3 December 2026.",
        "Saved on 1 December 2026.",
        "Review date: 1 June 2027.",
        "Version: for the panel.",
    ]
    headings = [
        (lines[i - 1], set(line))
        for i, line in enumerate(lines)
        if line and set(line) <= set("=-~")
    ]
    titles = [title for title, _ in headings]
    assert titles == [
        "Amira's support plan (for the panel)",
        "One-page profile",
        *[title for title, _ in PROFILE_HEADINGS],
        *[title for title, _ in STANDARD_HEADINGS],
    ]
    marks = [mark for _, mark in headings]
    assert marks == [{"="}, {"-"}, {"~"}, {"~"}, {"~"}] + [{"-"}] * len(STANDARD_HEADINGS)
    for i, line in enumerate(lines):
        if line and set(line) <= set("=-~"):
            assert len(line) == display_width(lines[i - 1])


def test_each_note_is_a_paragraph_then_who_wrote_it():
    text = plan_text(AMIRA)
    assert (
        "Amira is funny and kind. She always knows when someone is having a bad day.\n"
        "— Yusuf (brother)\n"
    ) in text
    assert (
        "Tell me the plan for the day in the morning.\nGive me time to answer.\n"
        "— Amira (Amira herself)\n"
    ) in text
    assert (
        "Talk to Amira, not to the person with her.\n— Amira (Amira herself)\n"
        "(changed by Fran (facilitator))\n"
    ) in text


def test_text_is_nfc_with_newline_endings_and_no_trailing_spaces():
    decomposed = "Zoe\u0308 said cafe\u0301 \r\nthen left.  \r\n\r\n\r\nBye\t!"
    text = plan_text(plan_with(note(decomposed)))
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "Zoë said café\nthen left.\nBye !\n— Sam (friend)" in text
    assert "\n\n\n" not in text


def test_right_to_left_emoji_and_long_notes_come_out_whole():
    text = plan_text(plan_with(note(ARABIC), note(HEBREW + " 🎵"), note(LONG_NOTE), note("🐱")))
    for words in (ARABIC, HEBREW + " 🎵", LONG_NOTE, "🐱"):
        assert f"\n{words}\n— Sam (friend)\n" in text


def test_a_broken_character_or_control_character_becomes_a_placeholder():
    text = plan_text(plan_with(note("a\ud800b"), note("bell\x07 and nul\x00")))
    assert "\na [symbol] b\n" in text
    assert "\nbell [symbol] and nul [symbol]\n" in text
    text.encode("utf-8")  # nothing left that cannot be written to a file


def test_an_empty_heading_and_an_empty_note_still_say_so():
    text = plan_text(plan_with(note("   \n ")))
    assert "(nothing written)\n— Sam (friend)" in text
    empty = plan_text(plan_with())
    assert (
        "A good day\n----------\n\nWhat makes a good day?\n\nNothing written here yet.\n" in empty
    )


def test_wide_letters_get_a_wide_underline():
    text = plan_text(plan_with(note("hello"), title="我的一天"))
    assert "我的一天\n--------\n" in text


def test_clean_text_and_dates():
    assert clean_text("  one\r\ntwo\u2028three  \n\n") == "one\ntwo\nthree"
    assert clean_text("x\ufffey") == "x [symbol] y"
    assert date_words(AMIRA.made_on) == "3 December 2026"
