"""The PDFs: tagged PDF/UA-1 with title and language, headings and notes in reading order, sizes.

Read back with pypdf (tests/pdf_reading.py), as in the certificate tests.
"""

import pytest

from plans.formats import plan_html, plan_pdf
from plans.headings import DAY_WORDS, PROFILE_HEADINGS, STANDARD_HEADINGS
from tests.pdf_reading import Structure, read, text_sizes
from tests.plans.documents import AMIRA, ARABIC, HEBREW, LONG_NOTE, note, plan_with

TITLE = "Amira's support plan (for the panel)"
SUPPORT = "What's important to me about how you support me"
VARIANTS = {
    "standard": {},
    "large print": {"size": "large"},
    "easy read": {"easy_read": True},
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: plan_pdf(AMIRA, **options) for name, options in VARIANTS.items()}


@pytest.mark.parametrize("variant", VARIANTS)
def test_pdf_is_tagged_pdf_ua_with_its_title_and_language(pdfs, variant):
    reader = read(pdfs[variant])
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == TITLE
    assert reader.xmp_metadata.dc_title == {"x-default": TITLE}
    assert reader.metadata.author == "Amira"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


@pytest.mark.parametrize("variant", VARIANTS)
def test_headings_come_in_reading_order(pdfs, variant):
    structure = Structure(read(pdfs[variant]))
    assert structure.tagged("/H1") == [TITLE]
    # Amira's notes for a good day and a bad day: a table in standard print; in large print
    # and easy read a heading each, one level down, after their heading (test_days.py).
    days = [] if variant == "standard" else [DAY_WORDS["good"], DAY_WORDS["bad"]]
    standard = []
    for title, _ in STANDARD_HEADINGS:
        standard += [title, *(days if title == SUPPORT else [])]
    assert structure.tagged("/H1", "/H2", "/H3") == [
        TITLE,
        "One-page profile",
        *[title for title, _ in PROFILE_HEADINGS],
        *standard,
    ]
    assert structure.tagged("/H3") == [title for title, _ in PROFILE_HEADINGS] + days


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_piece_of_text_is_tagged_and_read_in_page_order(pdfs, variant):
    reader = read(pdfs[variant])
    structure = Structure(reader)
    assert structure.unowned_content() == []
    page_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    tagged_text = " ".join(text for tag, text in structure.elements if tag == "/Document")
    assert page_text.replace(" ", "") == tagged_text.replace(" ", "")


def test_each_note_is_a_list_item_with_who_wrote_it(pdfs):
    items = Structure(read(pdfs["standard"])).tagged("/LI")
    assert len(items) == sum(len(s.notes) for s in AMIRA.profile + AMIRA.sections)
    assert items[0] == (
        "Amira is funny and kind. She always knows when someone is having a bad day. "
        "— Yusuf (brother)"
    )
    assert (
        "Talk to Amira, not to the person with her. — Amira (Amira herself) "
        "(changed by Fran (facilitator))"
    ) in items


def test_easy_read_says_who_wrote_each_note_in_a_sentence(pdfs):
    items = Structure(read(pdfs["easy read"])).tagged("/LI")
    assert items[0].endswith("Written by Yusuf (brother).")
    assert any(item.endswith("Fran (facilitator) changed the words.") for item in items)


@pytest.mark.parametrize(
    ("variant", "smallest"), [("standard", 12), ("large print", 18), ("easy read", 16)]
)
def test_smallest_text_in_points(pdfs, variant, smallest):
    sizes = text_sizes(read(pdfs[variant]))
    assert sizes
    assert min(size for size, _ in sizes) >= smallest - 0.01


def test_easy_read_pictures_are_decoration_beside_their_headings(pdfs):
    reader = read(pdfs["easy read"])
    assert Structure(reader).tagged("/Figure") == []
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    # Every heading with a picture (the profile, its 3 parts, the standard headings), drawn
    # as artifacts.
    assert content.count(b"/Artifact") >= 1 + len(PROFILE_HEADINGS) + len(STANDARD_HEADINGS)


def test_fonts_are_embedded(pdfs):
    for page in read(pdfs["standard"]).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


@pytest.mark.parametrize("options", VARIANTS.values())
def test_right_to_left_emoji_and_long_notes_do_not_break_the_pdf(options):
    plan = plan_with(
        note(ARABIC), note(HEBREW + " 🎵"), note(LONG_NOTE), note("😀🐱"), note("a\ud800b")
    )
    reader = read(plan_pdf(plan, **options))
    structure = Structure(reader)
    items = structure.tagged("/LI")
    assert len(items) == 5
    assert ARABIC.replace(" ", "") in "".join(reader.pages[0].extract_text().split())
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        # WeasyPrint gives a font its own /Encoding only to draw an empty box for
        # a letter no font has: Arabic, Hebrew and emoji all have one (Symbola for
        # emoji; missing fonts: bash scripts/test.sh installs them).
        assert font.get_object()["/Encoding"] == "/Identity-H", font.get_object()["/BaseFont"]
    assert LONG_NOTE.replace(" ", "") in items[2].replace(" ", "")
    assert "a [symbol] b" in items[4]
    assert structure.unowned_content() == []


def test_html_in_a_note_is_printed_as_text_not_obeyed():
    words = '<img src="http://127.0.0.1:9/x.png" alt="x"> Sam & "Jo"'
    structure = Structure(read(plan_pdf(plan_with(note(words)))))
    assert structure.tagged("/Figure") == []
    assert structure.tagged("/LI") == [f"{words} — Sam (friend)"]


# --- The HTML the PDFs are made from ------------------------------------------------------


def test_html_is_semantic_with_language_title_and_one_h1():
    html = plan_html(AMIRA)
    assert '<html lang="en-GB">' in html
    assert f"<title>{TITLE.replace(chr(39), '&#x27;')}</title>" in html
    assert html.count("<h1") == 1
    assert html.count("<h2") == 1 + len(STANDARD_HEADINGS)
    assert html.count("<h3") == len(PROFILE_HEADINGS)
    assert "<p>Made on 3 December 2026.</p>" in html
    assert "italic" not in html
    assert "uppercase" not in html


def test_large_print_is_18pt_and_easy_read_has_a_picture_per_heading():
    assert "html { font-size: 18pt; }" in plan_html(AMIRA, size="large")
    easy = plan_html(AMIRA, easy_read=True)
    assert "html { font-size: 16pt; }" in easy
    # Each heading, and Amira's "On a good day" and "On a bad day" (test_days.py).
    assert easy.count('class="pictured picture-') == 1 + len(PROFILE_HEADINGS) + len(
        STANDARD_HEADINGS
    ) + len(DAY_WORDS)
    assert '.picture-good-day { background-image: url("data:image/svg+xml;base64,' in easy
    assert "This is Amira\u2019s support plan." in easy


def test_a_bad_size_or_language_is_refused_or_replaced():
    with pytest.raises(ValueError, match="size must be one of"):
        plan_html(AMIRA, size="huge")
    from dataclasses import replace

    assert '<html lang="en-GB">' in plan_html(replace(AMIRA, language='en"><script>'))
    assert '<html lang="cy-GB">' in plan_html(replace(AMIRA, language="cy-GB"))
