"""The easy read pictures: one for each standard heading, each file there, licensed, and an SVG."""

import xml.dom.minidom

import pytest

from plans.headings import PROFILE_HEADINGS, STANDARD_HEADINGS
from plans.pictograms import (
    DEFAULT_KEY,
    PICTOGRAMS,
    STATIC_DIR,
    pictogram_data_uri,
    pictogram_for,
    pictogram_svg,
)

LICENCE = (STATIC_DIR / "plans" / "pictograms" / "LICENCE.md").read_text()


@pytest.mark.parametrize("key", PICTOGRAMS)
def test_each_picture_is_an_svg_file_named_in_the_licence(key):
    picture = PICTOGRAMS[key]
    document = xml.dom.minidom.parseString(pictogram_svg(key))  # noqa: S318 - our own files
    assert document.documentElement.tagName == "svg"
    assert f"`{picture.file.rsplit('/', 1)[1]}`" in LICENCE
    assert picture.alt
    assert pictogram_data_uri(key).startswith("data:image/svg+xml;base64,")


def test_every_standard_heading_has_its_own_picture():
    keys = [pictogram_for(title=title).key for title, _ in STANDARD_HEADINGS]
    assert DEFAULT_KEY not in keys
    assert len(set(keys)) == len(STANDARD_HEADINGS)
    assert DEFAULT_KEY not in [pictogram_for(title=title).key for title, _ in PROFILE_HEADINGS]


def test_a_heading_is_found_whatever_its_apostrophe_case_or_spacing():
    assert pictogram_for(title="WHAT\u2019S  important to me ").key == "important"
    assert pictogram_for(title="My own heading").key == DEFAULT_KEY
    assert pictogram_for(title="My own heading", key="budget").key == "budget"
    assert pictogram_for(title="A good day", key="no-such-key").key == "good-day"
