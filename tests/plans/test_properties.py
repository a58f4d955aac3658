"""Property tests: whatever anyone types in a note, the text and Braille copies keep it."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.formats import plan_brf, plan_text
from plans.formats.braille import braille_translate
from plans.formats.common import note_lines
from tests.plans.documents import note, plan_with
from tests.plans.test_braille import assert_valid_brf, body, compact

# Any text, and text that may also hold lone surrogates (which st.text() leaves out).
ANY_TEXT = st.one_of(st.text(), st.text(st.characters(exclude_categories=())))
NOTES = st.lists(ANY_TEXT, min_size=1, max_size=4)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(NOTES)
def test_plan_text_never_fails_and_keeps_every_note(texts):
    notes = [note(text) for text in texts]
    text = plan_text(plan_with(*notes))
    text.encode("utf-8")
    lines = text.split("\n")
    assert lines.count("— Sam (friend)") >= len(notes)
    for each in notes:
        for line in note_lines(each):
            assert line in lines


@SETTINGS
@given(NOTES)
def test_plan_brf_never_fails_and_every_note_contributes(texts):
    notes = [note(text) for text in texts]
    brf = plan_brf(plan_with(*notes))
    assert_valid_brf(brf)
    everything = compact(body(brf))
    who = compact(braille_translate(["— Sam (friend)"])[0])
    assert everything.count(who) >= len(notes)
    for each in notes:
        for braille in braille_translate(note_lines(each)):
            assert braille  # something, if only a placeholder
            assert compact(braille) in everything
