"""Colours and symbols for focus people.

Colour is never the only cue: every person also has a symbol and their name
is printed on every note. Each colour has a light tint for note backgrounds
and a strong shade for borders and headings; body text (#0b0c0c) on the tint
and white text on the strong shade both meet WCAG AA (tested).
"""

from dataclasses import dataclass

TEXT_ON_TINT = "#0b0c0c"
TEXT_ON_STRONG = "#ffffff"


@dataclass(frozen=True)
class Colour:
    """One palette entry."""

    key: str
    label: str
    strong: str
    tint: str


@dataclass(frozen=True)
class Symbol:
    """A shape shown beside a person's name, for people who cannot tell colours apart."""

    key: str
    label: str
    glyph: str


COLOURS = (
    Colour("blue", "Blue", "#1d4f91", "#dbe7f7"),
    Colour("orange", "Orange", "#a14600", "#fde3cf"),
    Colour("green", "Green", "#00703c", "#d5f0e0"),
    Colour("purple", "Purple", "#5b2a86", "#e9dcf5"),
    Colour("red", "Red", "#b3261e", "#fadad7"),
    Colour("teal", "Teal", "#006a6a", "#d0eeee"),
    Colour("pink", "Pink", "#a3195b", "#f9d9e8"),
    Colour("brown", "Brown", "#6b4423", "#eee0d1"),
    Colour("olive", "Olive", "#4f5d00", "#eaf0c6"),
    Colour("slate", "Slate grey", "#3d4551", "#e2e5ea"),
    Colour("gold", "Gold", "#7a5c00", "#fbefc4"),
    Colour("indigo", "Indigo", "#3f3fa0", "#e0e0f7"),
)
SYMBOLS = (
    Symbol("circle", "circle", "●"),
    Symbol("triangle", "triangle", "▲"),
    Symbol("square", "square", "■"),
    Symbol("diamond", "diamond", "◆"),
    Symbol("star", "star", "★"),
    Symbol("cross", "cross", "✚"),
    Symbol("heart", "heart", "♥"),
    Symbol("flower", "flower", "✿"),
    Symbol("sun", "sun", "☀"),
    Symbol("moon", "moon", "☾"),
    Symbol("club", "club", "♣"),
    Symbol("spade", "spade", "♠"),
)
COLOUR_BY_KEY = {colour.key: colour for colour in COLOURS}
SYMBOL_BY_KEY = {symbol.key: symbol for symbol in SYMBOLS}
COLOUR_CHOICES = [(colour.key, colour.label) for colour in COLOURS]
SYMBOL_CHOICES = [(symbol.key, f"{symbol.glyph} {symbol.label}") for symbol in SYMBOLS]


def palette_next(*, taken_colours: set[str], taken_symbols: set[str]) -> tuple[str, str]:
    """The first colour and symbol nobody in the session has yet (reused after twelve)."""
    colour = next((c.key for c in COLOURS if c.key not in taken_colours), None)
    symbol = next((s.key for s in SYMBOLS if s.key not in taken_symbols), None)
    count = len(taken_colours)
    return (
        colour or COLOURS[count % len(COLOURS)].key,
        symbol or SYMBOLS[count % len(SYMBOLS)].key,
    )


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
