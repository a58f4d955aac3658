"""The easy read pictures: one per standard heading, and a default, all in one place.

Each picture is an SVG file in ``plans/static/plans/pictograms/`` (sources and
licences in the ``LICENCE.md`` beside them). A heading's picture is found by
its title, so the standard Planning Live headings and the one-page profile
get theirs without anyone choosing; a heading of someone's own gets the
default unless its section names a key.
"""

import base64
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_KEY = "default"


@dataclass(frozen=True)
class Pictogram:
    """One picture: its key, its file under the static folder, and words for it."""

    key: str
    file: str  # path under static/, e.g. "plans/pictograms/good-day.svg"
    alt: str  # what the picture shows, for a place where it stands alone
    source: str  # where it comes from (see LICENCE.md)


def _pictogram(key: str, alt: str, source: str) -> Pictogram:
    return Pictogram(key=key, file=f"plans/pictograms/{key}.svg", alt=alt, source=source)


PICTOGRAMS: dict[str, Pictogram] = {
    p.key: p
    for p in (
        _pictogram("about-me", "A person", "OpenMoji 1F9D1"),
        _pictogram("admire", "A star", "OpenMoji 2B50"),
        _pictogram("likes", "A smiling face", "OpenMoji 1F600"),
        _pictogram("good-day", "A thumbs up", "Mulberry Symbols: good"),
        _pictogram("bad-day", "A thumbs down", "Mulberry Symbols: bad"),
        _pictogram("important", "A heart", "OpenMoji 2764"),
        _pictogram("support", "Two hands shaking", "OpenMoji 1F91D"),
        _pictogram(
            "working", "A person thinking, with a tick", "Mulberry Symbols: correct_thought"
        ),
        _pictogram("needs", "A person with their hand up, asking for help", "OpenMoji 1F64B"),
        _pictogram("change", "Two arrows going round", "OpenMoji 1F504"),
        _pictogram("achieve", "A trophy", "OpenMoji 1F3C6"),
        _pictogram("manage", "A question mark beside a person: who?", "Mulberry Symbols: who"),
        _pictogram("budget", "A bank note", "OpenMoji 1F4B7"),
        _pictogram("control", "A vote going into a box", "OpenMoji 1F5F3"),
        _pictogram("action-plan", "A clipboard with a list", "OpenMoji 1F4CB"),
        _pictogram(DEFAULT_KEY, "A page and a pencil", "OpenMoji 1F4DD"),
    )
}

# Heading title -> picture key. The standard headings of Planning Live (the
# same titles as sessions_live's built-in chart headings) and the three parts of
# the one-page profile.
TITLE_KEYS: dict[str, str] = {
    "All about me": "about-me",
    "Things I like": "likes",
    "A good day": "good-day",
    "A bad day": "bad-day",
    "What's important to me": "important",
    "What's important to me about how you support me": "support",
    "What's working / not working": "working",
    "What I need support with": "needs",
    "What I want to change": "change",
    "What I would like to achieve in 12 months": "achieve",
    "Who will manage my support": "manage",
    "How will I spend my budget": "budget",
    "How I will stay in control": "control",
    "Action plan (what / who / by when)": "action-plan",
    "What people like and admire about me": "admire",
    "How best to support me": "support",
}


def _title_key(title: str) -> str:
    # Curly apostrophes, case and spacing differ between people's copies of a
    # heading; none of them should lose the picture.
    title = title.replace("\u2019", "'").casefold()
    return re.sub(r"\s+", " ", title).strip()


_BY_TITLE = {_title_key(title): key for title, key in TITLE_KEYS.items()}


def pictogram_for(*, title: str, key: str = "") -> Pictogram:
    """The picture for a heading: the key it names if known, else by its title, else the default."""
    if key in PICTOGRAMS:
        return PICTOGRAMS[key]
    return PICTOGRAMS[_BY_TITLE.get(_title_key(title), DEFAULT_KEY)]


@cache
def pictogram_svg(key: str) -> bytes:
    """The SVG file of a picture, read once."""
    return (STATIC_DIR / PICTOGRAMS[key].file).read_bytes()


def pictogram_data_uri(key: str) -> str:
    """The picture as a ``data:`` address, so a document carries its pictures inside it."""
    return "data:image/svg+xml;base64," + base64.b64encode(pictogram_svg(key)).decode("ascii")
