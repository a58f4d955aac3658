"""The plan's money in every download format, in saved versions, and from the summaries.

The PDFs are the slow part (a second or more each), so the three with money are made
once for the module; everything else reads the HTML, the text or the Braille.
"""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf.generic import ArrayObject, DictionaryObject

from plans import money as money_rules
from plans.documents import PlanCostLine, PlanMoney
from plans.formats import plan_brf, plan_html, plan_pdf, plan_text
from plans.formats.braille import CELLS_PER_LINE, braille_translate
from plans.formats.common import (
    BUDGET_TITLE,
    COST_CAPTION,
    COST_HEADERS,
    COSTS_TITLE,
    MONEY_TITLE,
    NOTHING_COSTED,
    cost_row_line,
)
from plans.money_document import plan_money_of
from plans.selectors import BudgetLine, BudgetSummary, CostingLine, CostingSummary
from plans.versions import document_content, document_from_content
from tests.pdf_reading import Structure, read
from tests.plans.documents import AMIRA, ARABIC, note, plan_with
from tests.plans.test_braille import assert_valid_brf, body, compact, pages

SAVED = date(2026, 12, 3)
HELP_AT_HOME = PlanCostLine(
    what="Help at home",
    who="Jo (PA)",
    cost="7.5 hours a week at £12.63 an hour",
    per_year="£4,925.70 a year",
)
LAPTOP = PlanCostLine(what="A laptop", who="", cost="£400.00 once", per_year="£400.00 once")
SPARE = PlanCostLine(
    what="Spare hours",
    who="Agency",
    cost="£30.00 a month",
    per_year="£360.00 a year",
    is_contingency=True,
)
LIFTS = PlanCostLine(what="Lifts to swimming", who="Yusuf", cost="Unpaid", per_year="")
# A part paid as a direct payment says how often, and how much each time (Care Act 2014 s25).
DIRECT_PAYMENT = "£350.00 a week from the council, as a direct payment: £1,400.00 every 4 weeks"
MONEY = PlanMoney(
    budget_per_week="£350.00",
    budget_per_year="£18,200.00",
    budget_parts=(DIRECT_PAYMENT,),
    lines=(HELP_AT_HOME, LAPTOP, SPARE, LIFTS),
    total_per_week="£109.36",
    total_per_year="£5,686.70",
    contingency_per_year="£360.00",
    one_off="£400.00",
    difference="£240.64 a week under your budget (£12,513.30 a year), including one-off costs",
)
TOTALS = [
    "In all: £109.36 a week (£5,686.70 a year).",
    "Of that, £360.00 a year is contingency money, set aside in case something goes wrong.",
    "The year\u2019s total includes £400.00 of one-off costs, paid once.",
    "£240.64 a week under your budget (£12,513.30 a year), including one-off costs.",
]
ROW_LINES = [
    "Help at home. Who: Jo (PA). Cost: 7.5 hours a week at £12.63 an hour, "
    "which is £4,925.70 a year.",
    "A laptop. Who: Not said. Cost: £400.00 once.",
    "Spare hours (contingency money). Who: Agency. Cost: £30.00 a month, which is £360.00 a year.",
    "Lifts to swimming. Who: Yusuf. Cost: Unpaid.",
]
SAM = plan_with(note("Swimming with Jo, then chips."))
SAM_MONEY = replace(SAM, money=MONEY)
VARIANTS = {"standard": {}, "large print": {"size": "large"}, "easy read": {"easy_read": True}}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: plan_pdf(SAM_MONEY, **options) for name, options in VARIANTS.items()}


def _table_cells(reader) -> list[tuple[str, str, str, list[str]]]:
    """(tag, text, id, ids of its headers) for every table cell, in reading order."""
    cells: list[tuple[str, str, list[str]]] = []  # (tag, id, header ids)

    def walk(node) -> None:
        obj = node.get_object()
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") == "/MCR":
            return
        tag = str(obj.get("/S", ""))
        if tag in ("/TH", "/TD"):
            attributes = obj.get("/A") or {}
            headers = [str(h) for h in attributes.get("/Headers", [])]
            cells.append((tag, str(obj.get("/ID", "")), headers))
        kids = obj.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    texts = [text for tag, text in Structure(reader).elements if tag in ("/TH", "/TD")]
    assert len(texts) == len(cells)
    return [
        (tag, text, id_, headers) for (tag, id_, headers), text in zip(cells, texts, strict=True)
    ]


# --- PDF and large print: a real table -----------------------------------------------------


@pytest.mark.parametrize("variant", ["standard", "large print"])
def test_print_pdfs_have_the_money_as_a_tagged_table_after_the_headings(pdfs, variant):
    reader = read(pdfs[variant])
    structure = Structure(reader)
    assert structure.tagged("/H1", "/H2", "/H3") == [
        "Sam's support plan",
        "A good day",
        MONEY_TITLE,
        BUDGET_TITLE,
        COSTS_TITLE,
    ]
    assert structure.tagged("/Caption") == [COST_CAPTION]
    rows = [" ".join(row.split()) for row in structure.tagged("/TR")]
    assert "Help at home Jo (PA) 7.5 hours a week at £12.63 an hour £4,925.70 a year" in rows
    assert "A laptop Not said £400.00 once £400.00 once" in rows
    assert "Spare hours (contingency money) Agency £30.00 a month £360.00 a year" in rows
    assert "Lifts to swimming Yusuf Unpaid No cost" in rows
    paragraphs = structure.tagged("/P")
    assert "£350.00 a week, which is £18,200.00 a year." in paragraphs
    for line in TOTALS:
        assert line in paragraphs
    assert structure.tagged("/LI")[-1] == f"{DIRECT_PAYMENT}."
    # PDF/UA: every piece of text tagged, and read in the order it is on the page.
    assert structure.unowned_content() == []
    page_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    tagged_text = " ".join(text for tag, text in structure.elements if tag == "/Document")
    assert page_text.replace(" ", "") == tagged_text.replace(" ", "")


@pytest.mark.parametrize("variant", ["standard", "large print"])
def test_each_cost_cell_is_read_with_its_row_and_column_headers(pdfs, variant):
    cells = _table_cells(read(pdfs[variant]))
    header_text = {id_: text for tag, text, id_, _ in cells if tag == "/TH"}
    assert [text for tag, text, _, _ in cells if tag == "/TH"][:4] == list(COST_HEADERS)
    read_with = {
        text: [header_text[h] for h in headers] for tag, text, _, headers in cells if tag == "/TD"
    }
    assert read_with["£4,925.70 a year"] == ["Help at home", "For a year"]
    assert read_with["Agency"] == ["Spare hours (contingency money)", "Who"]
    assert read_with["No cost"] == ["Lifts to swimming", "For a year"]


# --- Easy read: a picture and short sentences, no table ------------------------------------


def test_easy_read_says_the_money_in_short_sentences_without_a_table(pdfs):
    reader = read(pdfs["easy read"])
    structure = Structure(reader)
    assert structure.tagged("/Table") == []
    assert structure.tagged("/H2", "/H3")[-3:] == [MONEY_TITLE, BUDGET_TITLE, COSTS_TITLE]
    items = structure.tagged("/LI")
    for sentence in (
        "Your budget is £350.00 a week.",
        "That is £18,200.00 a year.",
        f"{DIRECT_PAYMENT}.",
        "Help at home. Jo (PA) gives this support. It costs 7.5 hours a week at £12.63 an "
        "hour. That is £4,925.70 a year.",
        "A laptop. It costs £400.00 once.",
        "Spare hours. Agency gives this support. It costs £30.00 a month. That is £360.00 a "
        "year. This is money kept in case something goes wrong.",
        "Lifts to swimming. Yusuf gives this support. It is unpaid.",
        "Your plan costs £109.36 a week.",
        "That is £5,686.70 a year.",
        "You keep £360.00 a year in case something goes wrong.",
        "Your plan has £400.00 for things you pay for once.",
        "You have £240.64 a week left over.",
        "That is £12,513.30 a year.",
        "This counts the things you pay for once.",
    ):
        assert sentence in items
    assert structure.unowned_content() == []


def test_easy_read_money_has_the_budget_picture_beside_its_heading():
    html = plan_html(SAM_MONEY, easy_read=True)
    assert f'<h2 class="pictured picture-budget">{MONEY_TITLE}</h2>' in html
    assert '.picture-budget { background-image: url("data:image/svg+xml;base64,' in html
    assert ".picture-budget {" not in plan_html(SAM, easy_read=True)


@pytest.mark.parametrize(
    ("difference", "sentences"),
    [
        (
            "£5.00 a week over your budget (£260.00 a year)",
            ["Your plan costs £5.00 a week more than your budget.", "That is £260.00 a year."],
        ),
        (
            "£1,300.00 a year under your budget (£25.00 a week)",
            ["You have £1,300.00 a year left over.", "That is £25.00 a week."],
        ),
        ("Exactly on your budget", ["Your plan costs the same as your budget."]),
        ("Less than 1p a year under your budget", ["You have less than 1p a year left over."]),
    ],
)
def test_easy_read_puts_the_difference_given_in_short_sentences(difference, sentences):
    html = plan_html(replace(SAM, money=replace(MONEY, difference=difference)), easy_read=True)
    for sentence in sentences:
        assert f"<li><p>{sentence}</p></li>" in html
    assert "This counts the things you pay for once." not in html
    assert "left over" not in plan_html(
        replace(SAM, money=replace(MONEY, difference="")), easy_read=True
    )


def test_a_budget_with_nothing_costed_says_so_and_a_costing_without_a_budget_has_no_budget():
    budget_only = PlanMoney(budget_per_week="£350.00", budget_per_year="£18,200.00")
    html = plan_html(replace(SAM, money=budget_only))
    assert f"<h3>{BUDGET_TITLE}</h3>" in html
    assert NOTHING_COSTED in html
    assert "<table" not in html
    costs_only = replace(MONEY, budget_per_week="", budget_per_year="", budget_parts=())
    html = plan_html(replace(SAM, money=costs_only))
    assert BUDGET_TITLE not in html
    assert "<caption>" in html
    assert "<p>Your budget is" not in plan_html(replace(SAM, money=costs_only), easy_read=True)


def test_words_in_the_costing_are_printed_as_text_and_right_to_left_rows_keep_their_direction():
    odd = PlanCostLine(what='<b>Tea</b> & "cake"', who=ARABIC, cost="£3.00 a week", per_year="")
    html = plan_html(replace(SAM, money=PlanMoney(lines=(odd,))))
    assert "&lt;b&gt;Tea&lt;/b&gt; &amp; &quot;cake&quot;" in html
    assert f'<td dir="rtl">{ARABIC}</td>' in html


# --- Text and Braille: a list, one row a line ---------------------------------------------


def test_text_has_the_money_after_the_headings_one_row_a_line():
    text = plan_text(SAM_MONEY)
    money_part = "\n".join(
        [
            "Money for my support",
            "--------------------",
            "",
            "My budget",
            "~~~~~~~~~",
            "",
            "£350.00 a week, which is £18,200.00 a year.",
            f"- {DIRECT_PAYMENT}.",
            "",
            "What my support costs",
            "~~~~~~~~~~~~~~~~~~~~~",
            "",
            *[f"- {line}" for line in ROW_LINES],
            "",
            *TOTALS,
        ]
    )
    assert text.endswith("— Sam (friend)\n\n" + money_part + "\n")
    assert [cost_row_line(line) for line in MONEY.lines] == ROW_LINES


def test_braille_has_every_row_total_and_the_difference_as_list_items():
    without = plan_brf(SAM)
    brf = plan_brf(SAM_MONEY)
    assert_valid_brf(brf)
    lines = [line for page in pages(brf) for line in page[:-1] if line]
    assert len(lines) > len([line for page in pages(without) for line in page[:-1] if line])
    everything = compact(body(brf))
    translated = braille_translate(
        [
            MONEY_TITLE,
            "£350.00 a week, which is £18,200.00 a year.",
            f"{DIRECT_PAYMENT}.",
            *ROW_LINES,
            *TOTALS,
        ]
    )
    for braille in translated:
        assert compact(braille) in everything
    # The part's heading in cell 5, its two parts in cell 7, each row starting in cell 1.
    assert "    " + translated[0] in lines
    for title in braille_translate([BUDGET_TITLE, COSTS_TITLE]):
        assert "      " + title in lines
    first_row = translated[3]
    starts = [line for line in lines if line.startswith(first_row[: CELLS_PER_LINE // 2])]
    assert starts
    assert not starts[0].startswith(" ")


# --- Without money, every format is as before ---------------------------------------------


def test_a_plan_without_money_has_no_money_part_in_any_format():
    assert plan_text(SAM) == (
        "Sam's support plan\n==================\n\nMade on 3 December 2026.\n\n"
        "A good day\n----------\n\nWhat makes a good day?\n\n"
        "Swimming with Jo, then chips.\n— Sam (friend)\n"
    )
    for html in (
        plan_html(AMIRA),
        plan_html(AMIRA, size="large"),
        plan_html(AMIRA, easy_read=True),
    ):
        assert MONEY_TITLE not in html
        # (Amira's good days and bad days are a table of their own: tests/plans/test_days.py.)
        assert '<table class="costs"' not in html
    assert MONEY_TITLE not in plan_text(AMIRA)


def test_empty_money_prints_exactly_as_no_money():
    empty = replace(SAM, money=PlanMoney())
    assert plan_text(empty) == plan_text(SAM)
    assert plan_brf(empty) == plan_brf(SAM)
    assert plan_html(empty, easy_read=True) == plan_html(SAM, easy_read=True)


# --- Saved versions ---------------------------------------------------------------------------


def test_a_saved_version_keeps_the_money_as_json_and_gives_it_back():
    content = json.loads(json.dumps(document_content(SAM_MONEY)))
    again = document_from_content(content, label="for the panel", saved_on=SAVED, made_on=SAVED)
    assert again.money == MONEY


def test_a_version_without_money_and_one_saved_before_money_give_no_money():
    content = document_content(SAM)
    assert content["money"] is None
    assert document_from_content(content, label="", saved_on=SAVED, made_on=SAVED).money is None
    del content["money"]  # as every version saved before plans had money
    old = document_from_content(content, label="", saved_on=SAVED, made_on=SAVED)
    assert old.money is None
    assert old.sections == SAM.sections


words = st.text(max_size=30)
cost_lines = st.builds(PlanCostLine, words, words, words, words, st.booleans())
plan_moneys = st.builds(
    PlanMoney,
    budget_per_week=words,
    budget_per_year=words,
    budget_parts=st.lists(words, max_size=3).map(tuple),
    lines=st.lists(cost_lines, max_size=4).map(tuple),
    total_per_week=words,
    total_per_year=words,
    contingency_per_year=words,
    one_off=words,
    difference=words,
)


@given(plan_moneys)
def test_any_money_survives_a_saved_version_unchanged(money):
    content = json.loads(json.dumps(document_content(replace(SAM, money=money))))
    again = document_from_content(content, label="", saved_on=SAVED, made_on=SAVED)
    assert again.money == money


# --- From the summaries ------------------------------------------------------------------------


def _budget_line(amount: str, source: str, managed_as: str, **paid) -> BudgetLine:
    return BudgetLine(
        id=1,
        amount=amount,
        per_year="",
        per_week="",
        source=source,
        managed_as=managed_as,
        managed_term="",
        is_sealed=False,
        recorded_by="Fran (facilitator)",
        **paid,
    )


def _costing_line(line: PlanCostLine, *, paid: bool = True) -> CostingLine:
    return CostingLine(
        id=1,
        what=line.what,
        who=line.who,
        paid=paid,
        is_contingency=line.is_contingency,
        cost=line.cost,
        per_year=line.per_year,
        written_by="Amira",
        hours_per_week="",
        hourly_rate="",
        amount="",
        period="",
    )


BUDGET = BudgetSummary(
    lines=[
        _budget_line("£300.00 a week", "The council", "Direct payment"),
        _budget_line("£40.00 a week", "The NHS", "Managed by the council"),
        _budget_line("£10.00 a week", "The person's own money", "Not decided yet"),
        _budget_line("£520.00 a year", "The council", "Individual Service Fund"),
    ],
    budget=money_rules.Budget(amount=Decimal("360"), period=money_rules.Period.WEEK),
    per_year="£18,720.00",
    per_week="£360.00",
    sealed=0,
)
COSTING = CostingSummary(
    lines=[_costing_line(HELP_AT_HOME), _costing_line(LIFTS, paid=False)],
    per_week="£94.73",
    per_year="£4,925.70",
    regular_per_week="£94.73",
    contingency_per_year="£0.00",
    one_off="£0.00",
    difference="£265.27 a week under your budget (£13,794.30 a year)",
    status="under",
)


def test_no_budget_and_no_costing_is_no_money():
    assert plan_money_of(budget=None, costing=None) is None


def test_a_budget_becomes_sentences_of_where_it_comes_from_and_how_it_is_managed():
    money = plan_money_of(budget=BUDGET, costing=None)
    assert money == PlanMoney(
        budget_per_week="£360.00",
        budget_per_year="£18,720.00",
        budget_parts=(
            "£300.00 a week from the council, as a direct payment",
            "£40.00 a week from the NHS, managed by the council",
            "£10.00 a week from the person's own money",
            "£520.00 a year from the council, as an Individual Service Fund",
        ),
    )


def test_a_direct_payment_says_how_much_each_payment_is_and_how_often():
    paid = {"is_direct_payment": True, "paid_every": "every 4 weeks", "payment": "£1,400.00"}
    to_someone = {**paid, "to_suitable_person": True, "paid_every": "every month"}
    budget = replace(
        BUDGET,
        lines=[
            _budget_line("£350.00 a week", "The council", "Direct payment", **paid),
            _budget_line(
                "£18,200.00 a year",
                "The council",
                "Direct payment to a suitable person",
                **{**to_someone, "payment": "£1,516.67"},
            ),
            # A direct payment whose frequency is not decided yet: nothing more is said.
            _budget_line("£20.00 a week", "The NHS", "Direct payment", is_direct_payment=True),
        ],
    )
    assert plan_money_of(budget=budget, costing=None).budget_parts == (
        "£350.00 a week from the council, as a direct payment: £1,400.00 every 4 weeks",
        "£18,200.00 a year from the council, as a direct payment to a suitable person: "
        "£1,516.67 every month",
        "£20.00 a week from the NHS, as a direct payment",
    )


def test_a_costing_becomes_rows_and_totals_with_no_empty_contingency_or_one_off():
    money = plan_money_of(budget=BUDGET, costing=COSTING)
    assert money.budget_per_week == "£360.00"
    assert money.lines == (HELP_AT_HOME, LIFTS)
    assert (money.total_per_week, money.total_per_year) == ("£94.73", "£4,925.70")
    assert (money.contingency_per_year, money.one_off) == ("", "")
    assert money.difference == "£265.27 a week under your budget (£13,794.30 a year)"
    alone = plan_money_of(
        budget=None, costing=replace(COSTING, contingency_per_year="£360.00", difference="")
    )
    assert (alone.budget_per_week, alone.budget_parts, alone.difference) == ("", (), "")
    assert alone.contingency_per_year == "£360.00"


def test_summaries_to_text_end_to_end():
    text = plan_text(replace(SAM, money=plan_money_of(budget=BUDGET, costing=COSTING)))
    assert "£360.00 a week, which is £18,720.00 a year." in text
    assert "- £40.00 a week from the NHS, managed by the council." in text
    assert "- Lifts to swimming. Who: Yusuf. Cost: Unpaid." in text
    assert text.endswith(
        "In all: £94.73 a week (£4,925.70 a year).\n"
        "£265.27 a week under your budget (£13,794.30 a year).\n"
    )
