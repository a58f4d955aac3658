"""Demo pictures and handouts, made when the demo loads, for the Helen's story module.

- Helen's relationship map: a diagram drawn with Pillow.
- Helen's story in large print: a tagged PDF (PDF/UA-1) made with WeasyPrint.
- Helen's story as plain text, for screen readers, braille displays and embossers.

They are added through Wagtail's Image and Document models, as an editor's
upload would be, so they are stored under random names (``cms/storage.py``).
Each is found again by its title, so loading the demo again adds nothing.

A module spec puts ``demo_image(key)`` or ``demo_handout(key, description)`` in
its body; ``demo_media_resolve`` turns those into the real blocks when the
module is first made.
"""

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# --- Helen's story -------------------------------------------------------------
# The scenario block, both handouts and the map all tell the same story.

HELEN_STORY = [
    "Helen is 58 and lives on her own in a ground floor flat. She worked in a "
    "school kitchen for twenty years and loved it. Three years ago she had a "
    "stroke. Her left arm is weak and she gets tired quickly. Her speech slows "
    "down when she is tired, and she hates being rushed.",
    "Her daughter Amy lives twenty minutes away and visits on Sundays. Amy does "
    "Helen's shopping and worries about her a lot. Helen says Amy has enough on "
    "her plate with two small children.",
    "A care agency visits twice a day. The times change from week to week and "
    "Helen often does not know who is coming. Some mornings nobody arrives "
    "until 11:00, so she waits in her dressing gown. She has stopped going to "
    "the lunch club at the church because she never knows if she will be ready.",
    "Helen misses her garden and her friends from work. She would like to bake "
    "again and to see her grandchildren more. She says: 'I am not ill. I just "
    "need a hand, at the right time, from someone I know.'",
]
HELEN_QUESTIONS = [
    "What is working and not working in Helen's life?",
    "What is important to Helen?",
    "What would Helen like to change in the next 12 months?",
    "Who could help Helen, paid and unpaid?",
]

# --- Helen's relationship map ------------------------------------------------------

MAP_WIDTH, MAP_HEIGHT = 1200, 860
MAP_CENTRE = (600, 420)
INK = "#0b0c0c"
PAPER = "#ffffff"
HELEN_BLUE = "#1d4f91"
# Each quarter of the map: its heading, its corner, its tint, and the people in
# it as (label, box centre, still in touch).
MAP_QUARTERS = [
    (
        "Family",
        (40, 30),
        "#e8f0fb",
        [("Amy, her daughter", (390, 150), True), ("Her grandchildren", (250, 300), True)],
    ),
    ("Friends", (1160, 30), "#fdf0e3", [("Friends from work", (900, 220), False)]),
    ("Community", (40, 800), "#e6f4ec", [("Church lunch club", (300, 620), False)]),
    ("Paid support", (1160, 800), "#f3ecfa", [("Care agency carers", (900, 620), True)]),
]
RELATIONSHIP_MAP_ALT = (
    "Helen's relationship map. Helen is in the middle, with four groups around her. "
    "Family: her daughter Amy and her grandchildren, joined to Helen by solid lines. "
    "Friends: her friends from work, joined by a dashed line because she has lost touch. "
    "Community: the church lunch club, also dashed, because she has stopped going. "
    "Paid support: the care agency's carers, joined by a solid line."
)


def _font(size: int, *, bold: bool = False):
    # DejaVu Sans comes with the fonts the certificate PDFs need; Pillow's own is the fallback.
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _dashed_line(draw, start, end, *, width: int, dash: int = 18, gap: int = 12) -> None:
    (x1, y1), (x2, y2) = start, end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    position = 0.0
    while position < length:
        stop = min(position + dash, length)
        draw.line(
            [
                (x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                (x1 + (x2 - x1) * stop / length, y1 + (y2 - y1) * stop / length),
            ],
            fill=INK,
            width=width,
        )
        position = stop + gap


def _label_box(draw, centre, text: str, font) -> None:
    left, top, right, bottom = draw.textbbox(centre, text, font=font, anchor="mm")
    draw.rounded_rectangle(
        (left - 18, top - 14, right + 18, bottom + 14), radius=14, fill=PAPER, outline=INK, width=4
    )
    draw.text(centre, text, font=font, fill=INK, anchor="mm")


@functools.cache
def relationship_map_png() -> bytes:
    """Helen's relationship map as a PNG: who is in her life, and who she has lost touch with."""
    image = Image.new("RGB", (MAP_WIDTH, MAP_HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    cx, cy = MAP_CENTRE
    key_top = 770
    # Four quarters, each tinted, with its heading in the outer corner.
    quarters = [
        (0, 0, cx, cy),
        (cx, 0, MAP_WIDTH, cy),
        (0, cy, cx, key_top),
        (cx, cy, MAP_WIDTH, key_top),
    ]
    heading_font, label_font = _font(40, bold=True), _font(30)
    for (heading, corner, tint, _people), box in zip(MAP_QUARTERS, quarters, strict=True):
        draw.rectangle(box, fill=tint, outline=INK, width=3)
        anchor = ("l" if corner[0] < cx else "r") + ("t" if corner[1] < cy else "b")
        corner_y = corner[1] if corner[1] < cy else key_top - 30
        draw.text((corner[0], corner_y), heading, font=heading_font, fill=INK, anchor=anchor)
    # Lines first, so the boxes sit on top of them.
    for _heading, _corner, _tint, people in MAP_QUARTERS:
        for _label, centre, in_touch in people:
            if in_touch:
                draw.line([MAP_CENTRE, centre], fill=INK, width=6)
            else:
                _dashed_line(draw, MAP_CENTRE, centre, width=6)
    for _heading, _corner, _tint, people in MAP_QUARTERS:
        for label, centre, _in_touch in people:
            _label_box(draw, centre, label, label_font)
    draw.ellipse((cx - 90, cy - 90, cx + 90, cy + 90), fill=HELEN_BLUE, outline=INK, width=4)
    draw.text(MAP_CENTRE, "Helen", font=_font(44, bold=True), fill=PAPER, anchor="mm")
    # The key: what the two kinds of line mean.
    key_y = key_top + 45
    draw.line([(60, key_y), (160, key_y)], fill=INK, width=6)
    draw.text((180, key_y), "In touch", font=label_font, fill=INK, anchor="lm")
    _dashed_line(draw, (460, key_y), (560, key_y), width=6)
    draw.text((580, key_y), "Lost touch", font=label_font, fill=INK, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- Helen's story as handouts ---------------------------------------------------------

LARGE_PRINT_TEMPLATE = "courses/demo/helens_story_large_print.html"


def _story_context() -> dict:
    return {
        "title": "Helen's story (large print)",
        "story": HELEN_STORY,
        "questions": HELEN_QUESTIONS,
    }


@functools.cache
def helens_story_large_print_pdf() -> bytes:
    """Helen's story as an A4, 18 point, tagged PDF (PDF/UA-1): clear print, no italics."""
    # Imported here, as in learning/certificates.py: WeasyPrint needs Pango from the system.
    from weasyprint import HTML, URLFetcher

    html = render_to_string(LARGE_PRINT_TEMPLATE, _story_context())
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def helens_story_text() -> bytes:
    """Helen's story as UTF-8 plain text, for screen readers, braille displays and embossers."""
    lines = [
        "Helen's story",
        "",
        "A practice scenario. Helen is a made-up person.",
        "",
        *[line for paragraph in HELEN_STORY for line in (paragraph, "")],
        "Questions to talk about",
        "",
        *[f"{number}. {question}" for number, question in enumerate(HELEN_QUESTIONS, start=1)],
    ]
    return ("\n".join(lines) + "\n").encode()


# --- Adding them to Wagtail ------------------------------------------------------------


@dataclass(frozen=True)
class DemoFile:
    """A demo picture or document: its title, the name it is uploaded with, and its bytes."""

    title: str
    upload_name: str
    content: Callable[[], bytes]
    description: str = ""
    alt_text: str = ""


DEMO_IMAGES = {
    "helens-relationship-map": DemoFile(
        title="Helen's relationship map",
        upload_name="helens-relationship-map.png",
        content=relationship_map_png,
        # Wagtail keeps an image's description in 255 characters; the block's
        # alt text says everything the picture shows.
        description="Helen in the middle, with her family, friends, community and paid support.",
        alt_text=RELATIONSHIP_MAP_ALT,
    ),
}
DEMO_DOCUMENTS = {
    "helens-story-large-print": DemoFile(
        title="Helen's story (large print)",
        upload_name="helens-story-large-print.pdf",
        content=helens_story_large_print_pdf,
    ),
    "helens-story-text": DemoFile(
        title="Helen's story (plain text)",
        upload_name="helens-story.txt",
        content=helens_story_text,
    ),
}


def demo_image_ensure(*, key: str):
    """The demo picture ``key`` as a Wagtail image, added the first time it is needed."""
    spec = DEMO_IMAGES[key]
    image_model = get_image_model()
    image = image_model.objects.filter(title=spec.title).first()
    if image is not None:
        return image
    data = spec.content()
    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    image = image_model(
        title=spec.title,
        description=spec.description,
        file=ContentFile(data, name=spec.upload_name),
        width=width,
        height=height,
    )
    image._set_image_file_metadata()
    image.save()
    return image


def demo_document_ensure(*, key: str):
    """The demo document ``key`` as a Wagtail document, added the first time it is needed."""
    spec = DEMO_DOCUMENTS[key]
    document_model = get_document_model()
    document = document_model.objects.filter(title=spec.title).first()
    if document is not None:
        return document
    document = document_model(
        title=spec.title, file=ContentFile(spec.content(), name=spec.upload_name)
    )
    document._set_document_file_metadata()
    document.save()
    return document


# --- In a module's body ---------------------------------------------------------------


@dataclass(frozen=True)
class DemoImageBlock:
    key: str


@dataclass(frozen=True)
class DemoHandoutBlock:
    key: str
    description: str


def demo_image(key: str) -> tuple[str, DemoImageBlock]:
    """An image block with a demo picture, and its description as alt text."""
    return ("image", DemoImageBlock(key))


def demo_handout(key: str, description: str) -> tuple[str, DemoHandoutBlock]:
    """A handout block with a demo document."""
    return ("handout", DemoHandoutBlock(key, description))


def demo_media_resolve(body: list) -> list:
    """``body`` with each demo picture or handout made (if missing) and put in its block."""
    resolved = []
    for block_type, value in body:
        if isinstance(value, DemoImageBlock):
            image = demo_image_ensure(key=value.key)
            alt_text = DEMO_IMAGES[value.key].alt_text or image.description
            value = {"image": image, "alt_text": alt_text, "decorative": False}
        elif isinstance(value, DemoHandoutBlock):
            value = {
                "document": demo_document_ensure(key=value.key),
                "description": value.description,
            }
        resolved.append((block_type, value))
    return resolved
