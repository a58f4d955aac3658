"""A plan of 2,000 notes (long ones, Arabic, Hebrew, emoji among them) in every format.

Slower than the rest (about 10 seconds on a 2-core machine, nearly all of it
WeasyPrint laying out some 70 pages), so it is marked ``slow``:
``-m "not slow"`` leaves it out.
"""

import pytest

from plans.formats import plan_brf, plan_html, plan_pdf, plan_text
from tests.pdf_reading import Structure, read
from tests.plans.documents import LONG_NOTE, many_notes_plan
from tests.plans.test_braille import assert_valid_brf

pytestmark = pytest.mark.slow
COUNT = 2000


@pytest.fixture(scope="module")
def plan():
    return many_notes_plan(COUNT)


def test_text_html_and_braille_of_2000_notes(plan):
    text = plan_text(plan)
    by_yusuf = sum(note.author == "Yusuf" for s in plan.profile + plan.sections for note in s.notes)
    assert by_yusuf > COUNT
    assert text.count("\n— Yusuf (brother)\n") == by_yusuf
    assert text.count(LONG_NOTE) == COUNT // 100
    html = plan_html(plan)
    assert html.count("<li>") == COUNT + sum(len(s.notes) for s in plan.profile)
    brf = plan_brf(plan)
    assert_valid_brf(brf)
    assert len(brf.split(b"\f")) > 200


def test_pdf_of_2000_notes(plan):
    reader = read(plan_pdf(plan))
    assert len(reader.pages) > 50
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    structure = Structure(reader)
    assert len(structure.tagged("/LI")) == COUNT + sum(len(s.notes) for s in plan.profile)
    assert structure.unowned_content() == []
