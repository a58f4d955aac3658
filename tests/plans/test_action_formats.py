"""The plan's action plan in every download format, in saved versions, and from the board.

The PDFs are the slow part, so the three with an action plan are made once for the
module (with money too, so the two tables are checked side by side); everything else
reads the HTML, the text or the Braille.
"""

import json
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans import smart
from plans.actions_document import plan_actions_of
from plans.documents import PlanActionItem
from plans.formats import plan_brf, plan_html, plan_pdf, plan_text
from plans.formats.braille import CELLS_PER_LINE, braille_translate
from plans.formats.common import (
    ACTION_CAPTION,
    ACTION_HEADERS,
    ACTIONS_TITLE,
    BUDGET_TITLE,
    COST_CAPTION,
    COSTS_TITLE,
    MONEY_TITLE,
    action_row_line,
    action_sentences,
)
from plans.selectors import ActionLine, action_lines
from plans.versions import document_content, document_from_content
from tests.pdf_reading import Structure, read
from tests.plans.documents import AMIRA, ARABIC
from tests.plans.test_braille import assert_valid_brf, body, compact, pages
from tests.plans.test_money_formats import SAM, SAM_MONEY, _table_cells

SAVED = date(2026, 12, 3)
FIND_A_PA = PlanActionItem(
    what="Find a PA who likes music",
    who="Amira and Yusuf",
    when="by 31 January 2027",
    how_we_know="Amira has met her new PA",
)
SWIMMING = PlanActionItem(what="Go swimming with Jo", who="Jo (PA)", when="every week")
TRAVEL = PlanActionItem(what="Travel training starts")
ACTIONS = (FIND_A_PA, SWIMMING, TRAVEL)
ROW_LINES = [
    "What: Find a PA who likes music. Who: Amira and Yusuf. When: by 31 January 2027. "
    "How we will know: Amira has met her new PA.",
    "What: Go swimming with Jo. Who: Jo (PA). When: every week.",
    "What: Travel training starts. Who: not said yet. When: not said yet.",
]
SAM_ACTIONS = replace(SAM, actions=ACTIONS)
SAM_BOTH = replace(SAM_MONEY, actions=ACTIONS)
VARIANTS = {"standard": {}, "large print": {"size": "large"}, "easy read": {"easy_read": True}}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: plan_pdf(SAM_BOTH, **options) for name, options in VARIANTS.items()}


# --- PDF and large print: a real table ---------------------------------------------------------


@pytest.mark.parametrize("variant", ["standard", "large print"])
def test_print_pdfs_have_the_action_plan_as_a_tagged_table_after_the_money(pdfs, variant):
    reader = read(pdfs[variant])
    structure = Structure(reader)
    assert structure.tagged("/H1", "/H2", "/H3") == [
        "Sam's support plan",
        "A good day",
        MONEY_TITLE,
        BUDGET_TITLE,
        COSTS_TITLE,
        ACTIONS_TITLE,
    ]
    assert structure.tagged("/Caption") == [COST_CAPTION, ACTION_CAPTION]
    rows = [" ".join(row.split()) for row in structure.tagged("/TR")]
    assert " ".join(ACTION_HEADERS) in rows
    assert (
        "Find a PA who likes music Amira and Yusuf by 31 January 2027 Amira has met her new PA"
        in rows
    )
    assert "Go swimming with Jo Jo (PA) every week Not said yet" in rows
    assert "Travel training starts Not said yet Not said yet Not said yet" in rows
    # The action plan is the last thing in the plan.
    assert rows[-1] == "Travel training starts Not said yet Not said yet Not said yet"
    # PDF/UA: every piece of text tagged, and read in the order it is on the page.
    assert structure.unowned_content() == []
    page_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    tagged_text = " ".join(text for tag, text in structure.elements if tag == "/Document")
    assert page_text.replace(" ", "") == tagged_text.replace(" ", "")


@pytest.mark.parametrize("variant", ["standard", "large print"])
def test_each_action_cell_is_read_with_its_action_and_its_column(pdfs, variant):
    cells = _table_cells(read(pdfs[variant]))
    header_text = {id_: text for tag, text, id_, _ in cells if tag == "/TH"}
    header_cells = [text for tag, text, _, _ in cells if tag == "/TH"]
    first = header_cells.index(ACTION_HEADERS[0])
    assert header_cells[first : first + 4] == list(ACTION_HEADERS)
    read_with = [
        (text, [header_text[h] for h in headers]) for tag, text, _, headers in cells if tag == "/TD"
    ]
    assert ("by 31 January 2027", ["Find a PA who likes music", "By when"]) in read_with
    assert ("Jo (PA)", ["Go swimming with Jo", "Who"]) in read_with
    assert ("Not said yet", ["Travel training starts", "How we will know"]) in read_with


def test_print_fills_every_empty_box_with_not_said_yet_so_no_cell_is_blank():
    html = plan_html(replace(SAM, actions=(PlanActionItem(what="", who=" "),)))
    assert '<th scope="row" dir="ltr">Not said yet</th>' in html
    assert html.count('<td dir="ltr">Not said yet</td>') == 3
    assert '<td dir="ltr"></td>' not in html


def test_words_in_the_action_plan_are_printed_as_text_and_right_to_left_keeps_its_direction():
    odd = PlanActionItem(what='<b>Tea</b> & "cake"', who=ARABIC, when="every day")
    html = plan_html(replace(SAM, actions=(odd,)))
    assert "&lt;b&gt;Tea&lt;/b&gt; &amp; &quot;cake&quot;" in html
    assert f'<td dir="rtl">{ARABIC}</td>' in html


# --- Easy read: a picture and a short block per action ----------------------------------------


def test_easy_read_gives_each_action_a_block_of_short_sentences_without_a_table(pdfs):
    structure = Structure(read(pdfs["easy read"]))
    assert structure.tagged("/Table") == []
    assert structure.tagged("/H2", "/H3")[-1] == ACTIONS_TITLE
    items = structure.tagged("/LI")
    assert items[-3:] == ROW_LINES
    assert structure.unowned_content() == []


def test_easy_read_action_plan_has_the_action_plan_picture_beside_its_heading():
    html = plan_html(SAM_ACTIONS, easy_read=True)
    assert f'<h2 class="pictured picture-action-plan">{ACTIONS_TITLE}</h2>' in html
    assert '.picture-action-plan { background-image: url("data:image/svg+xml;base64,' in html
    assert '<p dir="ltr">Who: not said yet.</p>' in html
    assert ".picture-action-plan {" not in plan_html(SAM, easy_read=True)


def test_easy_read_says_who_and_when_are_not_said_yet_and_leaves_out_other_empty_boxes():
    assert action_sentences(PlanActionItem(what="", how_we_know="  ")) == [
        "Who: not said yet.",
        "When: not said yet.",
    ]
    assert action_sentences(
        PlanActionItem(what="Swim?", who="Jo", when="every week", how_we_know="I swim 10 lengths")
    ) == ["What: Swim?", "Who: Jo.", "When: every week.", "How we will know: I swim 10 lengths."]


# --- Text and Braille: a list, one action a line ----------------------------------------------


def test_text_has_the_action_plan_after_the_money_one_action_a_line():
    text = plan_text(SAM_BOTH)
    action_part = "\n".join(
        ["My action plan", "--------------", "", *[f"- {line}" for line in ROW_LINES]]
    )
    assert text.endswith(
        "£240.64 a week under your budget (£12,513.30 a year), including one-off costs.\n\n"
        + action_part
        + "\n"
    )
    assert [action_row_line(item) for item in ACTIONS] == ROW_LINES


def test_text_action_plan_follows_the_headings_when_there_is_no_money():
    assert plan_text(SAM_ACTIONS).endswith(
        "— Sam (friend)\n\nMy action plan\n--------------\n\n- " + "\n- ".join(ROW_LINES) + "\n"
    )


def test_braille_has_the_action_plan_under_a_cell_5_heading_one_list_item_an_action():
    brf = plan_brf(SAM_ACTIONS)
    assert_valid_brf(brf)
    lines = [line for page in pages(brf) for line in page[:-1] if line]
    everything = compact(body(brf))
    title, *rows = braille_translate([ACTIONS_TITLE, *ROW_LINES])
    assert "    " + title in lines
    for braille in rows:
        assert compact(braille) in everything
    # After the plan's headings: the action plan's words come last.
    assert everything.endswith(compact(rows[-1]))
    for row in rows:
        starts = [line for line in lines if line.startswith(row[: CELLS_PER_LINE // 2])]
        assert starts, row
        assert not starts[0].startswith(" ")


# --- Without actions, every format is as before ------------------------------------------------


def test_a_plan_without_actions_has_no_action_plan_in_any_format():
    assert plan_text(SAM) == (
        "Sam's support plan\n==================\n\nMade on 3 December 2026.\n\n"
        "A good day\n----------\n\nWhat makes a good day?\n\n"
        "Swimming with Jo, then chips.\n— Sam (friend)\n"
    )
    for document in (AMIRA, SAM_MONEY):
        for options in VARIANTS.values():
            html = plan_html(document, **options)
            assert ACTIONS_TITLE not in html
            assert "table.actions" not in html
            assert 'class="actions"' not in html
        assert ACTIONS_TITLE not in plan_text(document)
    brf = compact(body(plan_brf(SAM_MONEY)))
    assert compact(braille_translate([ACTIONS_TITLE])[0]) not in brf


def test_actions_add_their_part_and_change_nothing_else():
    for options in VARIANTS.values():
        before = plan_html(SAM_MONEY, **options)
        after = plan_html(SAM_BOTH, **options)
        part = re.search(r'\n<section class="actions">.*?</section>\n', after, flags=re.DOTALL)
        assert part is not None
        without = after[: part.start()] + after[part.end() :]
        assert without[without.index("<body>") :] == before[before.index("<body>") :]
    assert plan_text(SAM_BOTH).startswith(plan_text(SAM_MONEY))


# --- Saved versions ------------------------------------------------------------------------------


def test_a_saved_version_keeps_the_action_plan_as_json_and_gives_it_back():
    content = json.loads(json.dumps(document_content(SAM_BOTH)))
    again = document_from_content(content, label="for the panel", saved_on=SAVED, made_on=SAVED)
    assert again.actions == ACTIONS
    assert again.money == SAM_BOTH.money


def test_a_version_without_actions_and_one_saved_before_actions_give_none():
    content = document_content(SAM)
    assert content["actions"] == []
    assert document_from_content(content, label="", saved_on=SAVED, made_on=SAVED).actions == ()
    del content["actions"]  # as every version saved before plans had an action plan
    old = document_from_content(content, label="", saved_on=SAVED, made_on=SAVED)
    assert old.actions == ()
    assert old.sections == SAM.sections


words = st.text(max_size=30)


@given(st.lists(st.builds(PlanActionItem, words, words, words, words), max_size=4).map(tuple))
def test_any_action_plan_survives_a_saved_version_unchanged(actions):
    content = json.loads(json.dumps(document_content(replace(SAM, actions=actions))))
    again = document_from_content(content, label="", saved_on=SAVED, made_on=SAVED)
    assert again.actions == actions


# --- From the board ------------------------------------------------------------------------------


def _action_line(what: str, who: str, when: str, when_words: str, how: str = "") -> ActionLine:
    return ActionLine(
        id=1,
        what=what,
        who=who,
        when=when,
        when_words=when_words,
        how_we_know=how,
        written_by="Amira",
        hints=(smart.HINT_KNOW_MISSING,),
    )


def test_the_board_becomes_actions_with_the_date_as_read_and_no_hints():
    actions = plan_actions_of(
        actions=[
            _action_line("Find a PA", "Amira", "31/1/27", "by 31 January 2027", "I have met her"),
            _action_line("Swim", "Jo", "after the holidays", ""),
        ]
    )
    assert actions == (
        PlanActionItem("Find a PA", "Amira", "by 31 January 2027", "I have met her"),
        PlanActionItem("Swim", "Jo", "after the holidays", ""),
    )


def test_a_row_left_wholly_blank_is_left_out_and_the_order_is_kept():
    actions = plan_actions_of(
        actions=[
            _action_line("Second", "", "", ""),
            _action_line(" ", "", "  ", ""),
            _action_line("", "Jo", "", ""),
        ]
    )
    assert [(item.what, item.who) for item in actions] == [("Second", ""), ("", "Jo")]


def test_board_to_text_end_to_end_prints_the_person_s_words_not_the_helper_s_hints():
    lines = action_lines(
        actions=[
            {"id": 1, "what": "Try swimming", "who": "", "when": "weekly", "how_we_know": ""},
            {
                "id": 2,
                "what": "Find a PA",
                "who": "Amira",
                "when": "31 January 2027",
                "how_we_know": "We have met",
            },
        ],
        today=SAVED,
    )
    assert any(line.hints for line in lines)
    text = plan_text(replace(SAM, actions=plan_actions_of(actions=lines)))
    assert text.endswith(
        "- What: Try swimming. Who: not said yet. When: every week.\n"
        "- What: Find a PA. Who: Amira. When: by 31 January 2027. How we will know: We have met.\n"
    )
    for line in lines:
        for hint in line.hints:
            assert hint.words not in text
