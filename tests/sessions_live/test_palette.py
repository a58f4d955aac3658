"""Every focus person's colour is readable, and colour is never the only cue."""

import pytest

from sessions_live.palette import (
    COLOURS,
    SYMBOLS,
    TEXT_ON_STRONG,
    TEXT_ON_TINT,
    contrast_ratio,
    palette_next,
)

AA_TEXT = 4.5
PAGE_BACKGROUND = "#fdfcf9"


def test_the_contrast_formula_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", COLOURS, ids=lambda c: c.key)
def test_text_on_every_palette_colour_meets_wcag_aa(colour):
    assert contrast_ratio(TEXT_ON_TINT, colour.tint) >= AA_TEXT
    assert contrast_ratio(TEXT_ON_STRONG, colour.strong) >= AA_TEXT
    # The strong shade is also used for borders and labels on the tint and the page.
    assert contrast_ratio(colour.strong, colour.tint) >= AA_TEXT
    assert contrast_ratio(colour.strong, PAGE_BACKGROUND) >= AA_TEXT


def test_every_colour_has_its_own_symbol_so_colour_is_never_the_only_cue():
    assert len(SYMBOLS) >= len(COLOURS)
    assert len({s.glyph for s in SYMBOLS}) == len(SYMBOLS)
    assert len({c.key for c in COLOURS}) == len(COLOURS)


def test_new_people_get_the_first_unused_colour_and_symbol():
    assert palette_next(taken_colours=set(), taken_symbols=set()) == ("blue", "circle")
    assert palette_next(taken_colours={"blue"}, taken_symbols={"circle"}) == ("orange", "triangle")
