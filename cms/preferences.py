"""Display preferences (text size and contrast), kept per browser in a cookie.

Pure functions: no request or response objects, so they are easy to test and
the same rules serve the no-JavaScript form and the JavaScript control.
"""

from dataclasses import dataclass

COOKIE_NAME = "display"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365

TEXT_SIZES = {
    "standard": "Standard",
    "large": "Large",
    "largest": "Largest",
}
CONTRASTS = {
    "standard": "Standard colours",
    "high": "High contrast: black on white",
    "dark": "Yellow on black",
}


@dataclass(frozen=True)
class DisplayPreferences:
    """A browser's chosen text size and contrast, both from the allow-lists above."""

    text_size: str = "standard"
    contrast: str = "standard"

    @property
    def css_classes(self) -> str:
        """Classes for the <html> element; empty for the defaults."""
        classes = []
        if self.text_size != "standard":
            classes.append(f"text-{self.text_size}")
        if self.contrast != "standard":
            classes.append(f"contrast-{self.contrast}")
        return " ".join(classes)


def display_preferences_parse(*, cookie_value: str | None) -> DisplayPreferences:
    """Read the cookie; anything unknown or malformed falls back to the defaults."""
    if not cookie_value:
        return DisplayPreferences()
    text_size, _, contrast = cookie_value.partition(".")
    return DisplayPreferences(
        text_size=text_size if text_size in TEXT_SIZES else "standard",
        contrast=contrast if contrast in CONTRASTS else "standard",
    )


def display_preferences_serialize(*, preferences: DisplayPreferences) -> str:
    """Write preferences in the cookie format that the JavaScript control also writes."""
    return f"{preferences.text_size}.{preferences.contrast}"
