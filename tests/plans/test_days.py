"""On a good day / on a bad day: a heading's notes for each kind of day, in every copy of the plan.

For a condition that comes and goes (issue 13), a note can be for any day, a good day or a
bad day. Every format shows the any-day notes as before, then the two kinds: side by side in
standard print (a tagged table) and on the web page, one after the other in large print and
easy read, and as two labelled lists in text and Braille. A heading with no days is exactly as
it was.
"""

import json
import re
from dataclasses import replace
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from pypdf.generic import ArrayObject, DictionaryObject

from plans.documents import PlanDocument, PlanSection
from plans.formats import braille as braille_module
from plans.formats import pdf as pdf_module
from plans.formats import plan_brf, plan_html, plan_pdf, plan_text
from plans.formats.braille import braille_translate
from plans.formats.common import DAY_EASY_WORDS, section_notes
from plans.headings import DAY_WORDS, plan_profile
from plans.versions import document_content, document_from_content
from tests.pdf_reading import Structure, read, text_sizes
from tests.plans.documents import LONG_NOTE, note, plan_with
from tests.plans.test_braille import assert_valid_brf, body, compact, pages

GOOD, BAD = DAY_WORDS["good"], DAY_WORDS["bad"]
SUPPORT = "What's important to me about how you support me"
PROFILE_PART = "How best to support me"  # the one-page profile's part drawn from SUPPORT
# Written in this order: the groups keep it within each kind of day.
COOK = note("Let me cook my own tea.", day="good")
TALK = note("Talk to me, not to the person with me.", author="Jo", relation="PA")
TEA = note("Bring my tea to me.\nSit with me while I eat.", day="bad")
SHOPS = note(
    "Come with me to the shops.",
    author="Yusuf",
    relation="brother",
    changed_by="Fran (facilitator)",
    day="good",
)
SWIM = note("Swimming with Jo, then chips.")


def _document(support_notes) -> PlanDocument:
    """Sam's plan: "A good day" (no days), then the support heading, and its profile part."""
    sections = (
        PlanSection(title="A good day", prompt="What makes a good day?", notes=(SWIM,)),
        PlanSection(title=SUPPORT, prompt="How you like people to help you.", notes=support_notes),
    )
    return PlanDocument(
        person="Sam", profile=plan_profile(sections), sections=sections, made_on=date(2026, 12, 3)
    )


DAYS = _document((COOK, TALK, TEA, SHOPS))
# The same plan without its notes for a good or a bad day: what every format showed before.
WITHOUT = _document((TALK,))
ONLY_BAD = _document((TALK, TEA))
VARIANTS = {"standard": {}, "large print": {"size": "large"}, "easy read": {"easy_read": True}}


# --- The grouping, in one place ------------------------------------------------------------


def test_notes_are_any_day_then_good_then_bad_each_in_the_order_written():
    grouped = section_notes(DAYS.sections[1])
    assert grouped.any_day == (TALK,)
    assert [(group.day, group.label, group.notes) for group in grouped.days] == [
        ("good", "On a good day", (COOK, SHOPS)),
        ("bad", "On a bad day", (TEA,)),
    ]
    assert grouped.side_by_side


def test_only_the_kinds_of_day_a_heading_has_are_grouped():
    grouped = section_notes(ONLY_BAD.sections[1])
    assert [group.label for group in grouped.days] == [BAD]
    assert not grouped.side_by_side
    # No days: every note is an any-day note, and there are no groups at all.
    plain = section_notes(DAYS.sections[0])
    assert plain.any_day == (SWIM,)
    assert plain.days == ()
    # A kind of day no one knows is read as any day, never lost.
    odd = section_notes(PlanSection(title="x", prompt="", notes=(note("Hi", day="sunny"),)))
    assert len(odd.any_day) == 1
    assert odd.days == ()


# --- Plain text --------------------------------------------------------------------------------

SUPPORT_TEXT = """\
How you like people to help you.

Talk to me, not to the person with me.
— Jo (PA)

On a good day:

- Let me cook my own tea.
  — Sam (friend)

- Come with me to the shops.
  — Yusuf (brother)
  (changed by Fran (facilitator))

On a bad day:

- Bring my tea to me.
  Sit with me while I eat.
  — Sam (friend)
"""


def test_text_has_the_any_day_notes_then_two_labelled_lists():
    text = plan_text(DAYS)
    # The heading itself, and its part of the one-page profile, which reuses its notes.
    assert f"{SUPPORT}\n{'-' * len(SUPPORT)}\n\n{SUPPORT_TEXT}" in text
    assert f"{PROFILE_PART}\n{'~' * len(PROFILE_PART)}\n\nWhat helps" in text
    assert text.count("On a good day:\n\n- Let me cook my own tea.") == 2
    assert text.endswith(SUPPORT_TEXT)


def test_text_with_only_bad_days_has_only_that_list():
    text = plan_text(ONLY_BAD)
    assert GOOD not in text
    assert text.endswith(
        "Talk to me, not to the person with me.\n— Jo (PA)\n\n"
        "On a bad day:\n\n- Bring my tea to me.\n  Sit with me while I eat.\n  — Sam (friend)\n"
    )


def test_a_heading_with_only_day_notes_does_not_say_it_is_empty():
    text = plan_text(plan_with(note("Cook with me.", day="good")))
    assert "Nothing written here yet." not in text
    assert text.endswith(
        "What makes a good day?\n\nOn a good day:\n\n- Cook with me.\n  — Sam (friend)\n"
    )


def test_text_without_days_is_as_before_and_days_change_nothing_else():
    # The copy every plan had before days (tests/plans/test_money_formats.py pins the same).
    assert plan_text(plan_with(SWIM)) == (
        "Sam's support plan\n==================\n\nMade on 3 December 2026.\n\n"
        "A good day\n----------\n\nWhat makes a good day?\n\n"
        "Swimming with Jo, then chips.\n— Sam (friend)\n"
    )
    # A note whose day is "" is an ordinary note.
    assert plan_text(plan_with(note("Swimming with Jo, then chips.", day=""))) == plan_text(
        plan_with(SWIM)
    )
    # Each label, its first item, then each further item after a blank line.
    day_lists = re.compile(r"\nOn a (?:good|bad) day:\n\n- .*\n(?:  .*\n)*(?:\n- .*\n(?:  .*\n)*)*")
    assert day_lists.sub("", plan_text(DAYS)) == plan_text(WITHOUT)


# --- The HTML the PDFs are made from -----------------------------------------------------------

# Sam's "A good day" as every PDF's HTML had it before days.
PLAIN_SECTION = (
    "<section>\n<h2>A good day</h2>\n"
    '<p class="prompt">What makes a good day?</p>\n<ul class="notes">\n'
    '<li><p dir="ltr">Swimming with Jo, then chips.</p>'
    '<p class="by" dir="ltr">— Sam (friend)</p></li>\n</ul>\n</section>'
)
DAYS_TABLE = (
    '<div class="days-side"><table class="days">\n'
    '<caption id="days-table-heading-2">What&#x27;s important to me about how you support me: '
    "on a good day and on a bad day</caption>\n"
    '<thead><tr><th scope="col">On a good day</th><th scope="col">On a bad day</th></tr></thead>\n'
    '<tbody><tr><td><ul class="notes">\n'
    '<li><p dir="ltr">Let me cook my own tea.</p><p class="by" dir="ltr">— Sam (friend)</p></li>\n'
    '<li id="days-table-heading-2--end1"><p dir="ltr">Come with me to the shops.</p>'
    '<p class="by" dir="ltr">— Yusuf (brother)</p>'
    '<p dir="ltr">(changed by Fran (facilitator))</p></li>\n'
    '</ul></td><td><ul class="notes">\n'
    '<li id="days-table-heading-2--end2"><p dir="ltr">Bring my tea to me.</p>'
    '<p dir="ltr">Sit with me while I eat.</p>'
    '<p class="by" dir="ltr">— Sam (friend)</p></li>\n'
    "</ul></td></tr></tbody>\n</table></div>"
)


def test_standard_print_html_has_the_any_day_list_then_a_table_of_two_columns():
    html = plan_html(DAYS)
    any_day = html.index("Talk to me, not to the person with me.")
    assert html.index(DAYS_TABLE, any_day) > any_day
    assert html.count('<table class="days">') == 2  # the heading, and the profile's part
    assert (
        '<caption id="days-table-profile-1">'
        "How best to support me: on a good day and on a bad day</caption>"
    ) in html
    assert 'class="day"' not in html
    assert "table.days {" in html


@pytest.mark.parametrize("options", [{"size": "large"}, {"easy_read": True}])
def test_large_print_and_easy_read_html_have_a_heading_and_a_list_for_each_kind(options):
    html = plan_html(DAYS, **options)
    assert '<table class="days">' not in html
    support = html[html.index("about how you support me</h2>") :]
    assert re.search(r"<h3[^>]*>On a good day</h3>", support)
    assert support.index(">On a good day</h3>") < support.index(">On a bad day</h3>")
    assert support.index("Let me cook my own tea.") < support.index("Come with me to the shops.")
    assert support.index("Come with me to the shops.") < support.index(">On a bad day</h3>")
    assert support.index(">On a bad day</h3>") < support.index("Bring my tea to me.")
    # The profile's part is an h3, so its kinds of day are h4.
    assert re.search(r"<h4[^>]*>On a good day</h4>", html)
    assert re.search(r"<h4[^>]*>On a bad day</h4>", html)


def test_easy_read_html_has_the_day_pictures_and_plain_words():
    html = plan_html(DAYS, easy_read=True)
    assert '<h3 class="pictured picture-good-day">On a good day</h3>' in html
    assert '<h3 class="pictured picture-bad-day">On a bad day</h3>' in html
    assert '.picture-good-day { background-image: url("data:image/svg+xml;base64,' in html
    assert '.picture-bad-day { background-image: url("data:image/svg+xml;base64,' in html
    assert f'<p class="prompt">{DAY_EASY_WORDS["good"]}</p>' in html
    assert f'<p class="prompt">{DAY_EASY_WORDS["bad"]}</p>' in html
    assert (
        'Written by Yusuf (brother).</p><p dir="ltr">Fran (facilitator) changed the words.' in html
    )


def test_only_one_kind_is_one_labelled_list_even_in_standard_print():
    html = plan_html(ONLY_BAD)
    assert "<table" not in html
    assert '<section class="day">\n<h3>On a bad day</h3>' in html
    assert GOOD not in html


@pytest.mark.parametrize("options", VARIANTS.values())
def test_pdf_html_without_days_is_as_before_and_days_change_nothing_else(options):
    before = plan_html(WITHOUT, **options)
    if not options.get("easy_read"):  # (easy read's headings have their pictures)
        assert PLAIN_SECTION in before
    assert plan_html(plan_with(note(SWIM.text, day="")), **options) == plan_html(
        plan_with(SWIM), **options
    )
    # No day anywhere: none of the day styles either, so the HTML is byte for byte as it was.
    for words in ("table.days", "h4 {", 'class="day"', GOOD, BAD):
        assert words not in before
    # With days, taking out their part gives the body as it was without them.
    after = plan_html(DAYS, **options)
    days_part = re.compile(
        r'<div class="days-side">.*?</div>|<section class="day">.*?</section>', re.DOTALL
    )

    def body(html: str) -> str:
        return re.sub(r"\n+", "\n", html[html.index("<body>") :])

    assert body(days_part.sub("", after)) == body(before)


# --- The PDFs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: plan_pdf(DAYS, **options) for name, options in VARIANTS.items()}


def _cells(reader) -> list[tuple[str, str, list[str]]]:
    """(tag, id, ids of its headers) for every table cell, in reading order."""
    cells = []

    def walk(node) -> None:
        obj = node.get_object()
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") == "/MCR":
            return
        tag = str(obj.get("/S", ""))
        if tag in ("/TH", "/TD"):
            headers = [str(h) for h in (obj.get("/A") or {}).get("/Headers", [])]
            cells.append((tag, str(obj.get("/ID", "")), headers))
        kids = obj.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return cells


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_pdf_stays_pdf_ua_every_piece_tagged_and_read_in_page_order(pdfs, variant):
    reader = read(pdfs[variant])
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    structure = Structure(reader)
    assert structure.unowned_content() == []
    page_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    tagged_text = " ".join(text for tag, text in structure.elements if tag == "/Document")
    assert page_text.replace(" ", "") == tagged_text.replace(" ", "")
    # Every note is a list item, in the order of the groups: any day, good, bad.
    items = structure.tagged("/LI")
    support = [TALK, COOK, SHOPS, TEA]
    # The profile's part (the support notes), "A good day", then the support heading.
    assert len(items) == 1 + 2 * len(support)
    for found, each in zip(items[:4] + items[5:], support * 2, strict=True):
        assert found.startswith(each.text.split("\n")[0])


def test_standard_print_reads_each_kind_of_day_as_a_column_with_its_header(pdfs):
    reader = read(pdfs["standard"])
    structure = Structure(reader)
    assert structure.tagged("/H1", "/H2", "/H3") == [
        "Sam's support plan",
        "One-page profile",
        PROFILE_PART,
        "A good day",
        SUPPORT,
    ]
    assert structure.tagged("/Caption") == [
        f"{PROFILE_PART}: on a good day and on a bad day",
        f"{SUPPORT}: on a good day and on a bad day",
    ]
    assert structure.tagged("/TH") == [GOOD, BAD, GOOD, BAD]
    cells = _cells(reader)
    texts = [text for tag, text in structure.elements if tag in ("/TH", "/TD")]
    headers = {id_: text for (tag, id_, _), text in zip(cells, texts, strict=True) if tag == "/TH"}
    read_with = [
        (text, [headers[h] for h in ids])
        for (tag, _, ids), text in zip(cells, texts, strict=True)
        if tag == "/TD"
    ]
    good = (
        "Let me cook my own tea. — Sam (friend) Come with me to the shops. — Yusuf (brother) "
        "(changed by Fran (facilitator))"
    )
    bad = "Bring my tea to me. Sit with me while I eat. — Sam (friend)"
    assert read_with == [(good, [GOOD]), (bad, [BAD])] * 2


@pytest.mark.parametrize("variant", ["large print", "easy read"])
def test_large_print_and_easy_read_give_each_kind_a_heading_one_level_down(pdfs, variant):
    structure = Structure(read(pdfs[variant]))
    assert structure.tagged("/Table") == []
    assert [
        (tag, text) for tag, text in structure.elements if tag in ("/H1", "/H2", "/H3", "/H4")
    ] == [
        ("/H1", "Sam's support plan"),
        ("/H2", "One-page profile"),
        ("/H3", PROFILE_PART),
        ("/H4", GOOD),
        ("/H4", BAD),
        ("/H2", "A good day"),
        ("/H2", SUPPORT),
        ("/H3", GOOD),
        ("/H3", BAD),
    ]


@pytest.mark.parametrize(("variant", "smallest"), [("large print", 18), ("easy read", 16)])
def test_the_day_headings_and_notes_keep_the_smallest_size(pdfs, variant, smallest):
    sizes = text_sizes(read(pdfs[variant]))
    assert min(size for size, _ in sizes) >= smallest - 0.01


def test_easy_read_says_who_wrote_each_day_note_in_a_sentence(pdfs):
    structure = Structure(read(pdfs["easy read"]))
    items = structure.tagged("/LI")
    assert items[-1] == "Bring my tea to me. Sit with me while I eat. Written by Sam (friend)."
    paragraphs = structure.tagged("/P")
    assert paragraphs.count(DAY_EASY_WORDS["good"]) == 2
    assert paragraphs.count(DAY_EASY_WORDS["bad"]) == 2


LONG_DAYS = plan_with(
    *[note(f"Good day note {i}. " + "More words here. " * (i % 6), day="good") for i in range(25)],
    *[note(f"Bad day note {i}.", day="bad") for i in range(15)],
    note(LONG_NOTE, day="bad"),
    title=SUPPORT,
)


def _read_in_order(pdf: bytes) -> Structure:
    """The PDF's structure, after checking every note of LONG_DAYS is read in its order."""
    reader = read(pdf)
    assert len(reader.pages) > 1
    structure = Structure(reader)
    assert structure.unowned_content() == []
    page_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    tagged_text = " ".join(text for tag, text in structure.elements if tag == "/Document")
    assert page_text.replace(" ", "") == tagged_text.replace(" ", "")
    items = structure.tagged("/LI")
    assert len(items) == 41
    assert [item.split(".")[0] for item in items[:40]] == [
        *[f"Good day note {i}" for i in range(25)],
        *[f"Bad day note {i}" for i in range(15)],
    ]
    return structure


def test_lists_too_long_for_a_page_side_by_side_come_one_after_the_other():
    # A table cut across pages is read a page at a time: the second page's good days
    # after the first page's bad days. So these go one after the other, each headed.
    assert '<table class="days">' not in plan_html(LONG_DAYS)
    structure = _read_in_order(plan_pdf(LONG_DAYS))
    assert structure.tagged("/Table") == []
    assert structure.tagged("/H3") == [GOOD, BAD]


def test_a_table_that_runs_over_a_page_after_all_is_laid_out_again_as_lists(monkeypatch):
    # Let the estimate think anything fits: the table is made, and found cut across pages.
    monkeypatch.setattr(pdf_module, "DAY_COLUMN_LINES", 10_000)
    assert '<table class="days">' in plan_html(LONG_DAYS)
    structure = _read_in_order(plan_pdf(LONG_DAYS))
    assert structure.tagged("/Table") == []
    assert structure.tagged("/H3") == [GOOD, BAD]


def test_a_table_that_fits_is_kept_whole_on_one_page():
    # Enough before it that it does not fit under the heading: it moves to the next page whole.
    notes = [note(f"Good day note {i}. Some words about it.", day="good") for i in range(8)]
    before = [note(LONG_NOTE) for _ in range(3)]
    reader = read(plan_pdf(plan_with(*before, *notes, note("Rest.", day="bad"), title=SUPPORT)))
    assert len(reader.pages) == 2
    structure = Structure(reader)
    assert len(structure.tagged("/Table")) == 1
    assert structure.tagged("/TH") == [GOOD, BAD]
    assert len(structure.tagged("/TD")) == 2
    assert structure.unowned_content() == []


# --- Braille ----------------------------------------------------------------------------------


def test_braille_has_two_labelled_lists_after_the_any_day_notes():
    brf = plan_brf(DAYS)
    assert_valid_brf(brf)
    lines = [line for page in pages(brf) for line in page[:-1]]
    good, bad, cook, tea = braille_translate(
        [f"{GOOD}:", f"{BAD}:", COOK.text, "Bring my tea to me."]
    )
    # Each label is in cell 1 after a blank line, in the heading and in the profile's part.
    for label in (good, bad):
        found = [i for i, line in enumerate(lines) if line == label]
        assert len(found) == 2
        assert all(lines[i - 1] == "" for i in found)
    # Each note is a list item: its first line in cell 1, the rest of it in cell 3.
    start = lines.index(cook)
    assert lines[start + 1].startswith("  ,- ,SAM")
    tea_at = lines.index(tea)
    assert lines[tea_at + 1].startswith("  ,SIT")
    # In order: the any-day note, then the good days, then the bad days.
    whole = compact(body(brf))
    talk, shops = braille_translate([TALK.text, SHOPS.text])
    last_talk = whole.rindex(compact(talk))
    assert last_talk < whole.rindex(compact(good)) < whole.rindex(compact(shops))
    assert whole.rindex(compact(shops)) < whole.rindex(compact(bad)) < whole.rindex(compact(tea))


def test_braille_without_days_is_as_before_and_days_change_nothing_else():
    # Sam's one-heading plan as its Braille was before days, cell for cell.
    assert plan_brf(plan_with(SWIM)) == (
        "          ,SAM'S SUPPORT PLAN\n\n  ,MADE ON #C ,DECEMB] #BJBF4\n\n"
        '    ,A GD "D\n  ,:AT MAKES A GD "D8\n  ,SWIMM+ ) ,JO1 !N *IPS4\n  ,- ,SAM "<FR">\n'
        + "\n" * 16
        + " " * 38
        + "#A\n"
    ).encode("ascii")
    # With days, leaving out their blocks (labels and list items: the only blocks starting in
    # cell 1, or running over from cell 3, in this plan) gives the blocks as they were.
    after = braille_module._blocks(DAYS)
    days = [block for block in after if block.first == 0 or block.rest == 2]
    assert [block.text for block in days if block.first == 0] == [
        f"{GOOD}:",
        COOK.text,
        SHOPS.text,
        f"{BAD}:",
        "Bring my tea to me.",
    ] * 2
    assert [block for block in after if block not in days] == braille_module._blocks(WITHOUT)


# --- Saved versions --------------------------------------------------------------------------


def test_a_saved_version_shows_the_days_as_the_plan_does():
    content = json.loads(json.dumps(document_content(DAYS)))
    again = document_from_content(content, label="", saved_on=DAYS.made_on, made_on=DAYS.made_on)
    again = replace(again, profile=plan_profile(again.sections))
    saved = replace(DAYS, saved_on=DAYS.made_on)
    assert plan_text(again) == plan_text(saved)
    assert plan_html(again) == plan_html(saved)
    assert plan_brf(again) == plan_brf(saved)


# --- The web page (sessions_live/plan/_section.html) ------------------------------------------


def _page(document: PlanDocument) -> BeautifulSoup:
    html = render_to_string(
        "sessions_live/plan/_plan_body.html", {"plan": document, "write_charts": None}
    )
    return BeautifulSoup(html, "html.parser")


def _words(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def test_the_page_shows_the_any_day_notes_then_the_two_kinds_side_by_side():
    page = _page(DAYS)
    section = page.find(attrs={"data-live-part": "heading-2"})
    assert _words(section.find("h2")) == SUPPORT
    lists = section.find_all("ul", class_="plan__notes")
    assert [[_words(p) for p in ul.find_all("p", class_="plan__note-text")] for ul in lists] == [
        [TALK.text],
        [COOK.text, SHOPS.text],
        [" ".join(TEA.text.split())],
    ]
    grid = section.find(class_="plan__days-grid")
    assert "plan__days-grid--both" in grid["class"]
    titles = grid.find_all("h3")
    assert [(h["id"], _words(h)) for h in titles] == [
        ("heading-2-good", GOOD),
        ("heading-2-bad", BAD),
    ]
    # Each list is labelled by its own heading; the heading's own list has no label.
    assert [ul.get("aria-labelledby") for ul in lists] == [None, "heading-2-good", "heading-2-bad"]
    assert "changed by Yusuf" not in _words(section)
    assert "changed by Fran (facilitator)" in _words(lists[1])
    # The profile's part reuses the notes: its headings are one level below its h3.
    profile = page.find(attrs={"data-live-part": "profile-1"})
    assert [(h["id"], _words(h)) for h in profile.find_all("h4")] == [
        ("profile-1-good", GOOD),
        ("profile-1-bad", BAD),
    ]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_the_page_shows_only_the_kind_of_day_there_is():
    section = _page(ONLY_BAD).find(attrs={"data-live-part": "heading-2"})
    grid = section.find(class_="plan__days-grid")
    assert grid["class"] == ["plan__days-grid"]
    assert [_words(h) for h in grid.find_all("h3")] == [BAD]
    assert GOOD not in _words(section)
    # A heading with only day notes is not "empty".
    only = _page(plan_with(note("Cook with me.", day="good")))
    assert only.find(class_="plan__empty") is None
    assert [_words(h) for h in only.find_all("h3")] == [GOOD]


def test_a_page_heading_without_days_is_as_before():
    section = _page(DAYS).find(attrs={"data-live-part": "heading-1"})
    assert section.find(class_="plan__days") is None
    # The markup every heading had before days, whitespace aside.
    assert re.sub(r">\s+<", "><", " ".join(str(section).split())) == (
        '<section aria-labelledby="heading-1" class="plan__section" data-live-part="heading-1">'
        '<h2 id="heading-1">A good day</h2><p class="hint">What makes a good day?</p>'
        '<ul class="plan__notes"><li class="plan__note">'
        '<p class="plan__note-text" dir="auto">Swimming with Jo, then chips.</p>'
        '<p class="plan__note-by">Written by <bdi>Sam</bdi> (friend)</p></li></ul></section>'
    )
