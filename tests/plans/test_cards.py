"""Plan cards: words that are easy to type and hard to guess, stored only as a keyed hash."""

import pytest

from plans import selectors, services
from plans.cards import (
    WORDS_LEFT_OUT,
    WORDS_PER_CARD,
    card_bits,
    card_code_hash,
    card_code_new,
    card_code_normalise,
    card_qr_svg,
    card_words,
)
from plans.models import PlanCard


def test_a_card_is_four_short_common_words_with_about_41_bits_of_chance():
    words = card_words()
    assert len(words) > 1000
    assert all(w.isalpha() and w.islower() and 3 <= len(w) <= 5 for w in words)
    assert not WORDS_LEFT_OUT & set(words)
    assert card_bits() > 40
    code = card_code_new()
    assert len(code.split("-")) == WORDS_PER_CARD
    assert all(word in words for word in code.split("-"))


@pytest.mark.parametrize(
    "typed",
    ["otter maple river candle", "Otter-Maple-River-Candle", " otter, maple  river\tcandle "],
)
def test_however_the_words_are_typed_they_match_the_card(typed):
    assert card_code_normalise(typed) == "otter-maple-river-candle"
    assert card_code_hash(typed) == card_code_hash("otter-maple-river-candle")


def test_the_hash_is_keyed_with_the_sites_secret(settings):
    before = card_code_hash("otter-maple-river-candle")
    settings.SECRET_KEY = "another secret key for this test only, long enough"
    assert card_code_hash("otter-maple-river-candle") != before


def test_the_qr_code_is_an_svg_of_the_address():
    svg = card_qr_svg("https://example.org/live/card/#otter-maple-river-candle")
    assert svg.startswith("<svg")
    assert "path" in svg


@pytest.mark.django_db
def test_a_new_card_stops_the_old_one_and_only_a_hash_is_kept():
    plan = services.plan_create()
    first = services.plan_card_issue(plan=plan)
    assert selectors.plan_card_find(typed=first) == plan
    second = services.plan_card_issue(plan=plan)
    assert selectors.plan_card_find(typed=second) == plan
    assert selectors.plan_card_find(typed=first) is None
    stored = list(PlanCard.objects.values_list("code_hash", flat=True))
    assert len(stored) == 2
    assert not any(word in "".join(stored) for word in second.split("-"))
    assert selectors.plan_card_find(typed="") is None
