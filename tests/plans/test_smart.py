"""The action plan helper: asks what a facilitator would ask, in plain words, and never fails."""

import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plans.smart import (
    PARTS,
    REPEATS,
    VAGUE_WORDS,
    Hint,
    When,
    action_check,
    action_is_clear,
    vague_words_found,
    when_parse,
)

TODAY = date(2026, 6, 1)
CLEAR = {
    "what": "Go swimming at Redcar leisure centre on Tuesdays",
    "who": "Me and Sam",
    "when": "every week",
    "how_we_know": "I have been 4 times by March",
}
# Any text, and text that may also hold lone surrogates (which st.text() leaves out).
ANY_TEXT = st.one_of(st.text(), st.text(st.characters(exclude_categories=())))
SETTINGS = settings(max_examples=150, deadline=None)


def check(**changes):
    return action_check(**{**CLEAR, **changes}, today=TODAY)


def codes(hints: list[Hint]) -> list[str]:
    return [hint.code for hint in hints]


# --- Missing parts -------------------------------------------------------------------------


def test_a_clear_action_gets_no_hints():
    assert check() == []
    assert action_is_clear(**CLEAR, today=TODAY)


def test_an_empty_row_asks_for_each_part_in_order():
    hints = action_check(what="", who="", when="", how_we_know="", today=TODAY)
    assert hints == [
        Hint("what_missing", "What will happen?", "what"),
        Hint("who_missing", "Who will do this?", "who"),
        Hint("when_missing", "By when? Choose a date or how often.", "when"),
        Hint("know_missing", "How will you know it worked?", "know"),
    ]
    assert not action_is_clear(what="", who="", when="", how_we_know="", today=TODAY)


@pytest.mark.parametrize(
    ("field", "code", "part"),
    [
        ("what", "what_missing", "what"),
        ("who", "who_missing", "who"),
        ("when", "when_missing", "when"),
        ("how_we_know", "know_missing", "know"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_each_missing_part_gets_its_own_hint_beside_its_box(field, code, part, blank):
    hints = check(**{field: blank})
    assert codes(hints) == [code]
    assert hints[0].part == part


@pytest.mark.parametrize("placeholder", ["?", "...", "-", "TBC", "n/a", "not sure"])
def test_a_placeholder_is_asked_about_like_an_empty_box(placeholder):
    assert codes(check(what=placeholder)) == ["what_missing"]
    assert codes(check(when=placeholder)) == ["when_missing"]
    assert codes(check(how_we_know=placeholder)) == ["know_missing"]


def test_a_picture_alone_is_an_answer_not_an_empty_box():
    assert check(what="🏊") == []


def test_a_very_long_what_is_asked_to_be_split_into_steps():
    hints = check(what=" ".join(["swim"] * 31))
    assert codes(hints) == ["what_too_long"]
    assert check(what=" ".join(["swim"] * 30)) == []


# --- By when -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "2027-03-12",
        "12/03/2027",
        "12/3/27",
        "12.03.2027",
        "12-03-2027",
        "12 March 2027",
        "12th March 2027",
        "12 Mar 2027",
        "12 march 27",
        "March 12, 2027",
        "Friday 12 March 2027",
        "by 12 March 2027",
        "on the 12th of March 2027",
        "  12  MARCH  2027  ",
    ],
)
def test_each_way_of_writing_a_date_is_understood(typed):
    assert when_parse(typed, today=TODAY) == When(on=date(2027, 3, 12))


@pytest.mark.parametrize(
    ("typed", "today", "expected"),
    [
        ("12 Mar", date(2027, 1, 1), date(2027, 3, 12)),
        ("12 Mar", date(2027, 3, 12), date(2027, 3, 12)),
        ("12 Mar", date(2027, 3, 13), date(2028, 3, 12)),
        ("12/3", date(2027, 1, 1), date(2027, 3, 12)),
        ("29 Feb", date(2025, 3, 1), date(2028, 2, 29)),
    ],
)
def test_a_date_with_no_year_is_the_next_one_to_come(typed, today, expected):
    assert when_parse(typed, today=today) == When(on=expected)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("March 2027", date(2027, 3, 31)),
        ("by the end of March 2027", date(2027, 3, 31)),
        ("Feb 2028", date(2028, 2, 29)),
        ("Feb 2027", date(2027, 2, 28)),
        ("September", date(2026, 9, 30)),
        ("June", date(2026, 6, 30)),
        ("May", date(2027, 5, 31)),
    ],
)
def test_a_month_means_by_the_end_of_that_month(typed, expected):
    assert when_parse(typed, today=TODAY) == When(on=expected)


@pytest.mark.parametrize(
    ("typed", "repeat"),
    [
        ("every week", "every week"),
        ("Weekly", "every week"),
        ("each week", "every week"),
        ("once a week", "every week"),
        ("twice a week", "every week"),
        ("every Monday", "every week"),
        ("every Tuesday and Thursday evening", "every week"),
        ("on Tuesdays", "every week"),
        ("Saturdays", "every week"),
        ("every day", "every day"),
        ("daily", "every day"),
        ("every morning", "every day"),
        ("every fortnight", "every fortnight"),
        ("every other week", "every fortnight"),
        ("every 2 weeks", "every fortnight"),
        ("fortnightly", "every fortnight"),
        ("every month", "every month"),
        ("once a month", "every month"),
        ("monthly", "every month"),
        ("every year", "every year"),
        ("annually", "every year"),
    ],
)
def test_each_way_of_saying_how_often_is_understood(typed, repeat):
    assert when_parse(typed, today=TODAY) == When(repeat=repeat)


def test_how_often_and_until_when_are_understood_together():
    parsed = when_parse("every week until 12 March 2027", today=TODAY)
    assert parsed == When(on=date(2027, 3, 12), repeat="every week")
    assert parsed.words() == "every week until 12 March 2027"


def test_when_is_shown_in_plain_words():
    assert When(on=date(2027, 3, 12)).words() == "by 12 March 2027"
    assert When(on=date(2027, 3, 1)).words() == "by 1 March 2027"
    assert When(repeat="every week").words() == "every week"
    assert set(REPEATS) == {When(repeat=r).words() for r in REPEATS}


def test_a_repeat_that_is_not_offered_is_refused_when_building_a_when():
    with pytest.raises(ValueError, match="repeat must be one of"):
        When(repeat="every now and then")


@pytest.mark.parametrize(
    "typed",
    ["soon", "ASAP", "next spring", "Sunday", "31/02/2027", "2027-13-01", "0000-01-01", "12/13"],
)
def test_when_it_cannot_tell_it_says_so_rather_than_guess(typed):
    assert when_parse(typed, today=TODAY) is None


def test_words_it_cannot_read_as_a_time_are_quoted_back_kindly():
    hints = check(when="next spring")
    assert hints == [
        Hint(
            "when_unclear", "You wrote “next spring”. By when? Choose a date or how often.", "when"
        )
    ]


def test_long_words_it_cannot_read_as_a_time_are_quoted_short():
    (hint,) = check(when="when the weather is nice and my sister is back from her holiday")
    assert hint.code == "when_unclear"
    assert "“when the weather is nice and my sister…”" in hint.words


def test_a_date_that_has_passed_asks_for_a_new_date():
    hint = Hint("when_past", "That date has passed. Is there a new date?", "when")
    assert check(when="2026-05-31") == [hint]
    assert check(when="every week until 1 January 2026") == [hint]
    assert check(when="2026-06-01") == []  # today is not past
    assert check(when="31 May") == []  # no year: the next 31 May


ODD = [
    "",
    "??",
    "\ud800",
    "a\udfffb 12/03/2027",
    "🏊‍♀️ every week 🏊",
    "x" * 100_000,
    "12/" * 5_000,
    "every " * 5_000,
    "2 more " * 15_000,
    "\x00\x1f\u200b\ufeff",
    "١٢/٠٣/٢٠٢٧",
    "9999-12-31",
    "99/99/99",
    "12 Mar 9999",
]


@pytest.mark.parametrize("odd", ODD)
def test_odd_input_never_raises(odd):
    when_parse(odd, today=TODAY)
    when_parse(odd, today=date.max)
    when_parse(odd, today=date.min)
    hints = action_check(what=odd, who=odd, when=odd, how_we_know=odd, today=TODAY)
    assert {hint.part for hint in hints} <= set(PARTS)
    for hint in hints:
        hint.words.encode("utf-8")


# --- Vague words ---------------------------------------------------------------------------


def test_a_vague_word_is_quoted_beside_the_box_it_is_in():
    assert check(what="Go swimming soon") == [
        Hint("vague_word", "“soon” could mean any time. When, exactly?", "what")
    ]
    assert check(how_we_know="I feel better") == [
        Hint("vague_word", "You wrote “better”. What will be different?", "know")
    ]


@pytest.mark.parametrize("word", list(VAGUE_WORDS))
def test_every_listed_vague_word_is_asked_about_and_quoted(word):
    hints = check(what=f"Go swimming {word} at the pool")
    assert codes(hints) == ["vague_word"]
    assert f"“{word}”".casefold() in hints[0].words.casefold()


@pytest.mark.parametrize(
    "what", ["Maybe go swimming", "MAYBE go swimming", "go swimming, maybe.", "(maybe) swim"]
)
def test_vague_words_are_found_in_any_letter_case_and_beside_punctuation(what):
    assert vague_words_found(text=what) == ["maybe"]


@pytest.mark.parametrize(
    "what",
    [
        "Moreover, go swimming",
        "sometimesX",
        "Go swimming somewhere",
        "Go trying new pools",
        "Go to Tryfan",
        "maybelline",
        "Go swimming 2 more times",
        "Go swimming two more times",
    ],
)
def test_only_whole_vague_words_are_asked_about(what):
    assert vague_words_found(text=what) == []
    assert check(what=what) == []


def test_phrases_are_found_across_any_spaces():
    assert vague_words_found(text="Help As\n  Needed") == ["as needed"]
    assert vague_words_found(text="as neededly") == []


def test_each_vague_word_is_asked_about_once_in_the_order_written():
    hints = check(
        what="Maybe try some more swimming, maybe more",
        how_we_know="I swim more and feel better",
    )
    assert [(h.part, re.search("“(.+?)”", h.words)[1]) for h in hints] == [
        ("what", "maybe"),
        ("what", "try"),
        ("what", "some"),
        ("what", "more"),
        ("know", "better"),
    ]


# --- Who -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        "someone",
        "Somebody",
        "staff",
        "They",
        "TBC",
        "?",
        "???",
        "Someone from church",
        "don\u2019t know",
    ],
)
def test_who_that_names_nobody_asks_for_a_name(who):
    assert check(who=who) == [Hint("who_vague", "Who, by name?", "who")]


@pytest.mark.parametrize("who", ["me", "I", "Myself", "Me and Sam", "Mum", "Sam (my PA)"])
def test_the_person_themselves_or_a_named_person_is_fine(who):
    assert check(who=who) == []


# --- Plain words ---------------------------------------------------------------------------


def all_fixed_hints() -> list[Hint]:
    hints = action_check(what="", who="?", when="", how_we_know="", today=TODAY)
    hints += check(who="")
    hints += check(when="2020-01-01") + check(when="next spring")
    hints += check(what=" ".join(["swim"] * 40))
    hints += check(what=" ".join(VAGUE_WORDS))
    return hints


def test_every_kind_of_hint_is_short_and_free_of_planning_jargon():
    hints = all_fixed_hints()
    assert {h.code for h in hints} == {
        "what_missing",
        "what_too_long",
        "who_missing",
        "who_vague",
        "when_missing",
        "when_unclear",
        "when_past",
        "know_missing",
        "vague_word",
    }
    assert len([h for h in hints if h.code == "vague_word"]) == len(VAGUE_WORDS)
    for hint in hints:
        assert len(hint.words.split()) <= 14, hint.words
        for jargon in ("smart", "specific", "measurable", "achievable", "time-bound", "field"):
            assert jargon not in hint.words.casefold(), hint.words


# --- Properties ----------------------------------------------------------------------------


@SETTINGS
@given(what=ANY_TEXT, who=ANY_TEXT, when=ANY_TEXT, how_we_know=ANY_TEXT, today=st.dates())
def test_any_text_gives_hints_beside_one_of_the_four_boxes(what, who, when, how_we_know, today):
    hints = action_check(what=what, who=who, when=when, how_we_know=how_we_know, today=today)
    assert all(hint.part in PARTS for hint in hints)
    assert len(hints) == len(set(hints))
    assert [PARTS.index(h.part) for h in hints] == sorted(PARTS.index(h.part) for h in hints)
    for hint in hints:
        hint.words.encode("utf-8")


FILLER = st.sampled_from(["go", "swimming", "at", "the", "pool", "with", "Sam", "times"])
PIECES = st.lists(st.one_of(FILLER, st.sampled_from(list(VAGUE_WORDS))), max_size=12)


@st.composite
def recased(draw, pieces):
    """The same words, each letter of each vague word in upper or lower case at random."""
    out = []
    for piece in pieces:
        if piece in VAGUE_WORDS:
            flips = draw(st.lists(st.booleans(), min_size=len(piece), max_size=len(piece)))
            piece = "".join(c.upper() if up else c for c, up in zip(piece, flips, strict=True))
        out.append(piece)
    return " ".join(out)


@SETTINGS
@given(data=st.data(), what=PIECES, know=PIECES)
def test_the_hints_do_not_depend_on_the_letter_case_of_vague_words(data, what, know):
    plain = check(what=" ".join(what), how_we_know=" ".join(know))
    shouted = check(what=data.draw(recased(what)), how_we_know=data.draw(recased(know)))
    assert plain == shouted
    assert {h.words for h in plain if h.code == "vague_word"} == {
        VAGUE_WORDS[w] for w in set(what) | set(know) if w in VAGUE_WORDS
    }


@SETTINGS
@given(day=st.dates(min_value=date(1, 1, 1)), today=st.dates())
def test_any_date_in_iso_or_uk_form_is_read_as_that_date(day, today):
    assert when_parse(day.isoformat(), today=today) == When(on=day)
    uk = f"{day.day:02}/{day.month:02}/{day.year:04}"
    assert when_parse(uk, today=today) == When(on=day)


@SETTINGS
@given(
    on=st.one_of(st.none(), st.dates(min_value=date(1000, 1, 1))),
    repeat=st.sampled_from(("", *REPEATS)),
    today=st.dates(),
)
def test_the_words_shown_for_a_when_read_back_as_the_same_when(on, repeat, today):
    assume(on is not None or repeat)
    when = When(on=on, repeat=repeat)
    assert when_parse(when.words(), today=today) == when
