"""The shared StreamBlock: every block is ready for editors."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from wagtail.blocks import StructBlockValidationError

from cms.blocks import (
    BaseStreamBlock,
    LinkCardBlock,
    file_format_text,
    file_size_text,
    validate_site_link,
)
from tests.courses.factories import document, image, media_root  # noqa: F401

STREAM = BaseStreamBlock()


@pytest.mark.parametrize("name", list(STREAM.child_blocks))
def test_every_block_has_a_template_icon_and_description(name):
    block = STREAM.child_blocks[name]
    assert block.meta.template, f"{name} has no template"
    get_template(block.meta.template)
    assert block.meta.icon not in {None, "", "placeholder"}, f"{name} has no icon"
    assert block.meta.description, f"{name} has no description"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in STREAM.child_blocks if n != "image"])
def test_every_block_renders_its_preview_value(name):
    block = STREAM.child_blocks[name]
    html = block.render(block.get_preview_value())
    assert html.strip()


@pytest.mark.django_db
def test_image_block_preview_is_empty_until_the_library_has_an_image():
    assert STREAM.child_blocks["image"].get_preview_value() is None


def test_a_link_card_must_lead_somewhere():
    with pytest.raises(StructBlockValidationError):
        LinkCardBlock().clean({"title": "Nowhere", "description": "x", "page": None, "address": ""})


@pytest.mark.parametrize("value", ["/live/", "https://example.org/a"])
def test_site_links_accept_paths_and_full_addresses(value):
    validate_site_link(value)


@pytest.mark.parametrize("value", ["//evil.example/", "javascript:alert(1)", "live"])
def test_site_links_refuse_protocol_relative_script_and_bare_words(value):
    with pytest.raises(ValidationError):
        validate_site_link(value)


def test_rich_text_leaves_out_italics():
    features = STREAM.child_blocks["paragraph"].features
    assert "italic" not in features
    assert "bold" in features


# --- Training blocks ---------------------------------------------------------

TRAINING_BLOCKS = ["easy_read", "video", "activity", "scenario", "reflection", "quiz", "handout"]


@pytest.mark.parametrize("name", TRAINING_BLOCKS)
def test_training_blocks_are_in_the_shared_stream_with_help_for_editors(name):
    block = STREAM.child_blocks[name]
    help_text = str(getattr(block.meta, "help_text", "") or "")
    assert len(help_text) > 40, f"{name} needs help text that says what good content looks like"
    assert block.meta.icon not in {None, "", "placeholder"}


def _html(name, value):
    block = STREAM.child_blocks[name]
    return block.render(block.normalize(value))


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_easy_read_pair_puts_the_picture_with_its_alt_text_before_the_sentence():
    picture = image("Two people at a table")
    html = _html(
        "easy_read",
        {"picture": picture, "alt_text": "Two people talking", "sentence": "You choose."},
    )
    assert 'alt="Two people talking"' in html
    assert html.index("<img") < html.index("You choose.")
    # A small picture is used as it is, so no rendition file is made.
    assert picture.renditions.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_easy_read_pair_uses_a_smaller_rendition_of_a_large_photo():
    picture = image("A large photo", width=1600, height=1200)
    html = _html("easy_read", {"picture": picture, "alt_text": "A garden", "sentence": "Hi."})
    assert picture.renditions.count() == 1
    assert 'width="240"' in html


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_easy_read_pair_needs_a_picture_alt_text_and_a_short_sentence():
    block = STREAM.child_blocks["easy_read"]
    picture = image()
    with pytest.raises(StructBlockValidationError) as missing:
        block.clean(block.normalize({"picture": None, "alt_text": "", "sentence": "Hello."}))
    assert set(missing.value.block_errors) == {"picture", "alt_text"}
    with pytest.raises(StructBlockValidationError) as too_long:
        block.clean(block.normalize({"picture": picture, "alt_text": "x", "sentence": "a" * 121}))
    assert set(too_long.value.block_errors) == {"sentence"}
    block.clean(block.normalize({"picture": picture, "alt_text": "x", "sentence": "a" * 120}))


VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_video_renders_a_player_with_english_captions_and_a_transcript():
    video = document("Sam's story", filename="sams-story.mp4", content=b"\x00" * 64)
    captions = document("Sam's story captions", filename="sams-story.vtt", content=VTT)
    html = _html(
        "video",
        {
            "title": "Sam's story",
            "video_file": video,
            "captions": captions,
            "transcript": "Sam: It was my plan.",
        },
    )
    assert "<video controls" in html
    assert 'type="video/mp4"' in html
    assert f'src="{video.url}"' in html
    assert '<track kind="captions" srclang="en"' in html
    assert f'src="{captions.url}" default>' in html
    assert "<details" in html
    assert "Sam: It was my plan." in html


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_video_requires_captions_and_a_transcript():
    block = STREAM.child_blocks["video"]
    video = document("Sam's story", filename="sams-story.mp4", content=b"\x00" * 64)
    value = block.normalize(
        {"title": "Sam", "video_file": video, "captions": None, "transcript": ""}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert {"captions", "transcript"} <= set(error.value.block_errors)


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_video_captions_must_be_webvtt_and_a_video_must_be_given():
    block = STREAM.child_blocks["video"]
    not_vtt = document("Captions", filename="captions.txt", content=b"Hello")
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(
            block.normalize(
                {"title": "Sam", "video_file": None, "captions": not_vtt, "transcript": "Hi"}
            )
        )
    assert set(error.value.block_errors) == {"video_file", "captions"}


def test_activity_shows_its_time_and_what_you_need():
    html = _html(
        "activity",
        {
            "title": "Cost a week",
            "instructions": "<ol><li>Add up the hours.</li></ol>",
            "minutes": 25,
            "you_will_need": "A calculator\n\nA price list\n",
        },
    )
    assert "Cost a week" in html
    assert "25 minutes" in html
    assert "<li>A calculator</li><li>A price list</li>" in html
    assert "Add up the hours." in html


def test_scenario_shows_the_persons_story_and_questions_in_order():
    html = _html(
        "scenario",
        {
            "name": "Helen",
            "story": "<p>Helen is 58.</p>",
            "questions": ["What is working?", "What is not working?"],
        },
    )
    assert "Helen's story" in html
    assert "Helen is 58." in html
    assert html.index("What is working?") < html.index("What is not working?")


def test_reflection_shows_the_question_and_how_to_answer():
    html = _html("reflection", {"question": "What is a good day?", "prompt": "Draw it."})
    assert "What is a good day?" in html
    assert "Draw it." in html


def headings(html: str) -> list[tuple[str, str]]:
    """(level, text) of every heading in ``html``, tags inside headings dropped."""
    return [
        (level, re.sub(r"<[^>]+>", "", text).strip())
        for level, text in re.findall(r"<(h[1-6])[^>]*>(.*?)</\1>", html, re.S)
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("reflection", {"question": "What is a good day?"}, [("h3", "Stop and think")]),
        (
            "activity",
            {
                "title": "Cost a week",
                "instructions": "<p>Add up.</p>",
                "minutes": 5,
                "you_will_need": "A pen",
            },
            [("h3", "Activity: Cost a week"), ("h4", "What you need"), ("h4", "What to do")],
        ),
        (
            "scenario",
            {"name": "Helen", "story": "<p>Helen is 58.</p>", "questions": ["What works?"]},
            [("h3", "Scenario: Helen's story"), ("h4", "Questions to talk about")],
        ),
    ],
)
def test_labels_that_head_a_part_of_a_block_are_headings(name, value, expected):
    """Screen-reader users move by headings: a label over content must be one."""
    assert headings(_html(name, value)) == expected


QUIZ = {
    "question": "Who owns the plan?",
    "answers": [
        {"answer": "The person", "is_correct": True, "feedback": "Yes, it is theirs."},
        {"answer": "The council", "is_correct": False, "feedback": "No, the council agrees it."},
    ],
}


def test_quiz_is_a_fieldset_of_radio_buttons_with_feedback_that_works_without_javascript():
    html = _html("quiz", QUIZ)
    assert "<fieldset" in html
    assert "<legend" in html
    assert "Who owns the plan?" in html
    assert html.count('type="radio"') == 2
    names = set(re.findall(r'type="radio" name="([^"]+)"', html))
    assert len(names) == 1, "the answers must form one radio group"
    for radio_id in re.findall(r'type="radio" name="[^"]+" id="([^"]+)"', html):
        assert f'<label for="{radio_id}">' in html
    # Without JavaScript: every answer's feedback sits in its own <details>.
    assert html.count("<details") == 2
    assert "<strong>Right.</strong> Yes, it is theirs." in html
    assert "<strong>Not quite.</strong> No, the council agrees it." in html
    # With JavaScript: a polite live region for the chosen answer's feedback.
    assert 'aria-live="polite"' in html


def test_quiz_radio_groups_on_one_page_do_not_share_a_name():
    block = STREAM.child_blocks["quiz"]
    value = block.normalize(QUIZ)
    first = block.render(value, context={"id": "aaa"})
    second = block.render(value, context={"id": "bbb"})
    name = re.compile(r'type="radio" name="([^"]+)"')
    assert name.search(first).group(1) != name.search(second).group(1)


def test_a_quiz_needs_a_right_answer_and_at_least_two_answers():
    block = STREAM.child_blocks["quiz"]
    none_right = {**QUIZ, "answers": [{**a, "is_correct": False} for a in QUIZ["answers"]]}
    with pytest.raises(StructBlockValidationError):
        block.clean(block.normalize(none_right))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.normalize({**QUIZ, "answers": QUIZ["answers"][:1]}))
    block.clean(block.normalize(QUIZ))


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_handout_shows_its_title_format_and_size():
    handout = document(
        "Helen's story (large print)", filename="helen.pdf", content=b"%" * (240 * 1024)
    )
    html = _html("handout", {"document": handout, "description": "One per table."})
    assert f'href="{handout.url}"' in html
    assert "Helen&#x27;s story (large print)" in html
    assert "(PDF, 240 KB)" in html
    assert "One per table." in html


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (900, "900 bytes"),
        (240 * 1024, "240 KB"),
        (1536 * 1024, "1.5 MB"),
        (2 * 1024 * 1024, "2 MB"),
        (None, ""),
    ],
)
def test_file_sizes_are_written_the_way_people_say_them(size, text):
    assert file_size_text(size) == text


@pytest.mark.parametrize(
    ("extension", "text"),
    [("pdf", "PDF"), ("DOCX", "Word document"), ("brf", "Braille (BRF)"), ("epub", "EPUB")],
)
def test_file_formats_have_names_people_recognise(extension, text):
    assert file_format_text(extension) == text


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_previews_show_real_pictures_and_documents_once_the_library_has_them():
    image("A pictogram")
    document("Helen's story", filename="helen.pdf", content=b"%PDF")
    easy_read = STREAM.child_blocks["easy_read"]
    assert "<img" in easy_read.render(easy_read.get_preview_value())
    handout = STREAM.child_blocks["handout"]
    assert "(PDF, 4 bytes)" in handout.render(handout.get_preview_value())


def test_paragraphs_pass_through_a_glossary_annotator_from_the_page():
    class Shout:
        def annotate(self, html):
            return html.replace("plan", "PLAN")

    paragraph = STREAM.child_blocks["paragraph"]
    value = paragraph.normalize("<p>Your plan.</p>")
    assert "Your PLAN." in paragraph.render(value, context={"glossary_annotator": Shout()})
    assert "Your plan." in paragraph.render(value)
