"""Display preferences: parsed from an allow-list, never trusted blindly."""

import pytest

from cms.preferences import (
    DisplayPreferences,
    display_preferences_parse,
    display_preferences_serialize,
)


def test_no_cookie_means_standard_text_and_colours():
    preferences = display_preferences_parse(cookie_value=None)
    assert preferences == DisplayPreferences("standard", "standard")
    assert preferences.css_classes == ""


def test_a_saved_choice_round_trips_through_the_cookie():
    chosen = DisplayPreferences(text_size="largest", contrast="dark")
    cookie = display_preferences_serialize(preferences=chosen)
    assert display_preferences_parse(cookie_value=cookie) == chosen
    assert chosen.css_classes == "text-largest contrast-dark"


@pytest.mark.parametrize(
    "cookie",
    ["huge.high", "large.neon", '"><script>.x', "large", ".", "large.high.extra"],
)
def test_unknown_or_malformed_values_fall_back_to_the_defaults(cookie):
    preferences = display_preferences_parse(cookie_value=cookie)
    assert preferences.text_size in {"standard", "large"}
    assert preferences.contrast in {"standard", "high"}
    assert "<" not in preferences.css_classes
