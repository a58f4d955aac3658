"""The one shared StreamBlock for page bodies, and the blocks it is made of.

Every block has a template, an icon and a preview value, so editors see a
real example in Wagtail's block picker. Rich text leaves out italics on
purpose: clear-print guidance says italics are hard to read.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

PLAIN_RICH_TEXT_FEATURES = ["bold", "link", "ol", "ul"]


def validate_site_link(value: str) -> None:
    """Accept a path on this site ("/live/") or a full http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            "Enter a path on this site that starts with /, or a full address that "
            "starts with https://"
        ) from error


class HeadingBlock(blocks.StructBlock):
    """A section heading. Level 2 for main sections, level 3 inside them."""

    text = blocks.CharBlock(
        max_length=120,
        help_text="Short and plain, for example: What happens at a session",
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Main section"), ("h3", "Part of a section")],
        default="h2",
        help_text="Use 'Main section' unless this heading sits inside another section.",
    )

    class Meta:
        template = "cms/blocks/heading.html"
        icon = "title"
        preview_value = {"text": "What happens at a session", "level": "h2"}
        description = "A heading that starts a new section of the page."


class ParagraphBlock(blocks.RichTextBlock):
    """Body text: short sentences, bold and links only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PLAIN_RICH_TEXT_FEATURES)
        kwargs.setdefault(
            "help_text",
            "Write short sentences in plain English. Explain any word a reader might not know.",
        )
        super().__init__(**kwargs)

    def render(self, value, context=None):
        """Render, then let the page explain jargon if it gave us a glossary annotator.

        A page that wants inline definitions puts an object with an
        ``annotate(html) -> html`` method in its context as ``glossary_annotator``;
        this app never needs to know which app provides it.
        """
        html = super().render(value, context=context)
        annotator = (context or {}).get("glossary_annotator")
        if annotator is not None:
            html = mark_safe(annotator.annotate(str(html)))  # noqa: S308 - annotator escapes
        return html

    class Meta:
        template = "cms/blocks/paragraph.html"
        icon = "pilcrow"
        preview_value = (
            "<p>You plan together with people who understand. Your plan belongs to you.</p>"
        )
        description = "Text in short paragraphs, with bold, links and lists."


class AccessibleImageBlock(ImageBlock):
    """An image that must have alt text unless it is marked as decorative."""

    def get_preview_value(self):
        """Preview with the newest image in the library, if there is one."""
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        if image is None:
            return None
        image.contextual_alt_text = image.default_alt_text or image.title
        image.decorative = False
        return image

    class Meta:
        template = "cms/blocks/image.html"
        icon = "image"
        description = "A picture. Describe what it shows in the alt text."


class QuoteBlock(blocks.StructBlock):
    """Words from someone with lived experience, with who said them."""

    quote = blocks.TextBlock(
        max_length=600,
        help_text="The person's own words. Ask their permission before you use them.",
    )
    attribution = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text="Who said it, as they want to be named, for example: Sam, a champion",
    )

    class Meta:
        template = "cms/blocks/quote.html"
        icon = "openquote"
        preview_value = {
            "quote": "I was listened to. It was my plan, in my words.",
            "attribution": "A person who planned with peers",
        }
        description = "A quote from someone with lived experience."


class LinkCardBlock(blocks.StructBlock):
    """A card that sends the reader to one part of the site."""

    title = blocks.CharBlock(max_length=80, help_text="Where the card goes, for example: Training")
    description = blocks.TextBlock(
        max_length=300, help_text="One or two short sentences: who it is for and what they can do."
    )
    page = blocks.PageChooserBlock(
        required=False, help_text="Choose a page on this site, or fill in 'Address' instead."
    )
    address = blocks.CharBlock(
        required=False,
        max_length=300,
        validators=[validate_site_link],
        help_text="A path on this site such as /live/, used when no page is chosen.",
    )

    def clean(self, value):
        """Require exactly one destination, so a card never leads nowhere."""
        value = super().clean(value)
        if not value.get("page") and not value.get("address"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or fill in an address.")}
            )
        return value

    class Meta:
        template = "cms/blocks/link_card.html"
        icon = "link"
        preview_value = {
            "title": "Planning Live",
            "description": "Plan together in a group. Everyone's notes appear on every screen.",
            "address": "/live/",
        }
        description = "A card that links to another part of the site."


class LinkCardsBlock(blocks.ListBlock):
    """A row of link cards that wraps on narrow screens."""

    def __init__(self, **kwargs):
        super().__init__(LinkCardBlock(), **kwargs)

    class Meta:
        template = "cms/blocks/link_cards.html"
        icon = "list-ul"
        preview_value = [
            {
                "title": "Training",
                "description": "Courses for champions and enablers.",
                "address": "/training/",
            },
            {
                "title": "Planning Live",
                "description": "Plan together in a group session.",
                "address": "/live/",
            },
        ]
        description = "Two or more cards side by side, each linking somewhere."


# --- Training blocks -------------------------------------------------------

PICTURE_MAX_SIZE = 400
DOCUMENT_FORMATS = {
    "brf": "Braille (BRF)",
    "csv": "CSV spreadsheet",
    "docx": "Word document",
    "mp4": "MP4 video",
    "odt": "OpenDocument text",
    "pdf": "PDF",
    "pptx": "PowerPoint slides",
    "rtf": "Rich text",
    "txt": "Plain text",
    "vtt": "WebVTT captions",
    "webm": "WebM video",
    "xlsx": "Excel spreadsheet",
}
VIDEO_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg"}


def file_size_text(size: int | None) -> str:
    """A file size in the words people use: "512 bytes", "240 KB", "1.5 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{megabytes} MB"


def file_format_text(extension: str) -> str:
    """A file format people recognise: "PDF", "Word document", or the extension in capitals."""
    extension = extension.lower().lstrip(".")
    return DOCUMENT_FORMATS.get(extension, extension.upper() or "File")


def picture_source(image, max_size: int = PICTURE_MAX_SIZE) -> dict | None:
    """Where to load a picture from, and its size.

    Small pictures (such as pictograms) are served as they are, so no rendition
    is made; large photos get a rendition no bigger than ``max_size``.
    """
    if image is None:
        return None
    if image.width <= max_size and image.height <= max_size:
        return {"url": image.file.url, "width": image.width, "height": image.height}
    rendition = image.get_rendition(f"max-{max_size}x{max_size}")
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}


def dom_id(prefix: str, parent_context: dict | None) -> str:
    """An id for HTML elements in a block: the stream child's id, else a random one."""
    block_id = (parent_context or {}).get("id")
    return f"{prefix}-{block_id or uuid.uuid4().hex[:12]}"


def _newest_image():
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("-created_at").first()


def _newest_document(extensions: set[str]):
    from wagtail.documents import get_document_model

    for document in get_document_model().objects.order_by("-created_at")[:50]:
        if document.file_extension.lower() in extensions:
            return document
    return None


class EasyReadPairBlock(blocks.StructBlock):
    """Easy read: one picture on the left, one short sentence on the right."""

    picture = ImageChooserBlock(
        help_text=(
            "A clear, simple picture that shows the sentence: one idea, a plain background, "
            "no text in the picture. Use the same picture for the same idea every time."
        ),
    )
    alt_text = blocks.CharBlock(
        max_length=200,
        help_text=(
            "Say what the picture shows, for someone who cannot see it. For example: "
            "Two people sitting together at a table. Do not start with 'Picture of'."
        ),
    )
    sentence = blocks.CharBlock(
        max_length=120,
        help_text=(
            "One short sentence, 15 words or fewer, with one idea. Use everyday words. "
            "For example: You choose who helps you plan."
        ),
    )

    def get_preview_value(self):
        return self.normalize(
            {
                "picture": _newest_image(),
                "alt_text": "Two people sitting together at a table",
                "sentence": "You choose who helps you plan.",
            }
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["picture"] = picture_source(value.get("picture"), max_size=240)
        return context

    class Meta:
        template = "cms/blocks/easy_read_pair.html"
        icon = "image"
        preview_value = {
            "alt_text": "Two people sitting together at a table",
            "sentence": "You choose who helps you plan.",
        }
        description = "Easy read: a picture on the left and one short sentence on the right."
        help_text = (
            "Write one idea per pair. Keep sentences short, use everyday words, and choose a "
            "picture that shows exactly what the sentence says."
        )


class VideoBlock(blocks.StructBlock):
    """A video with required captions and a transcript."""

    title = blocks.CharBlock(
        max_length=120,
        help_text="What the video is about, for example: Sam talks about making her plan",
    )
    video_file = DocumentChooserBlock(
        required=False,
        help_text="The video as an MP4 or WebM file in Documents. Or give its address below.",
    )
    video_url = blocks.URLBlock(
        required=False,
        help_text="The address of an MP4 or WebM file, used when no document is chosen above.",
    )
    captions = DocumentChooserBlock(
        help_text=(
            "Required: a WebVTT (.vtt) captions file in Documents. Captions must include "
            "everything said, who says it, and important sounds."
        ),
    )
    transcript = blocks.TextBlock(
        help_text=(
            "Required: everything that is said, and anything important that is only shown. "
            "Start a new paragraph for each speaker."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("video_file") and not value.get("video_url"):
            errors["video_file"] = ValidationError("Choose a video file or give its address.")
        captions = value.get("captions")
        if captions is not None and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError("Captions must be a WebVTT file ending in .vtt.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_preview_value(self):
        return self.normalize(
            {
                "title": "Sam talks about making her plan",
                "video_file": _newest_document(set(VIDEO_TYPES)),
                "captions": _newest_document({"vtt"}),
                "transcript": (
                    "Sam: I made my plan with two other people who had done it before.\n\n"
                    "Sam: It was my plan, in my words."
                ),
            }
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        source = None
        if value.get("video_file"):
            source = value["video_file"].url
            extension = value["video_file"].file_extension.lower()
        elif value.get("video_url"):
            source = value["video_url"]
            extension = value["video_url"].rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
        context["video_source"] = source
        context["video_type"] = VIDEO_TYPES.get(extension, "") if source else ""
        context["dom_id"] = dom_id("video", parent_context)
        return context

    class Meta:
        template = "cms/blocks/video.html"
        icon = "media"
        preview_value = {
            "title": "Sam talks about making her plan",
            "transcript": "Sam: I made my plan with two other people who had done it before.",
        }
        description = "A video with captions and a written transcript."
        help_text = (
            "Keep videos short, under 5 minutes. Every video needs captions and a transcript, "
            "so people who are deaf or who prefer to read can use it."
        )


class ActivityBlock(blocks.StructBlock):
    """Something learners do: instructions, how long it takes and what they need."""

    title = blocks.CharBlock(
        max_length=120, help_text="A short name for the activity, for example: Draw your day"
    )
    instructions = blocks.RichTextBlock(
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text=(
            "What to do, step by step, as a numbered list. Say whether people work alone, in "
            "pairs or in groups."
        ),
    )
    minutes = blocks.IntegerBlock(
        min_value=1, max_value=240, help_text="How long the activity takes, in minutes."
    )
    you_will_need = blocks.TextBlock(
        required=False,
        help_text="What people need, one thing per line, for example: Flip-chart paper",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["needs"] = [
            line.strip() for line in (value.get("you_will_need") or "").splitlines() if line.strip()
        ]
        context["dom_id"] = dom_id("activity", parent_context)
        return context

    class Meta:
        template = "cms/blocks/activity.html"
        icon = "group"
        preview_value = {
            "title": "What is working and not working",
            "instructions": (
                "<ol><li>Work in pairs.</li><li>Take turns to say one thing that is working "
                "in your life, and one thing that is not.</li></ol>"
            ),
            "minutes": 15,
            "you_will_need": "Flip-chart paper\nPens in two colours",
        }
        description = "An activity: what to do, how long it takes and what you need."
        help_text = (
            "Plan an activity at least every 20 minutes. Give clear steps and say how long it "
            "takes, so people who need more time can plan for it."
        )


class ScenarioBlock(blocks.StructBlock):
    """A practice story about one person, with questions to work through."""

    name = blocks.CharBlock(
        max_length=60,
        help_text="The person's first name, for example: Helen. Use a made-up person.",
    )
    story = blocks.RichTextBlock(
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text=(
            "Their story in short paragraphs: who they are, what matters to them, what is "
            "going well and what is hard. Make it feel like a real life, not a case file."
        ),
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        min_num=1,
        help_text=(
            "One question per line, for example: What is working and not working in Helen's life?"
        ),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["dom_id"] = dom_id("scenario", parent_context)
        return context

    class Meta:
        template = "cms/blocks/scenario.html"
        icon = "user"
        preview_value = {
            "name": "Helen",
            "story": "<p>Helen is 58. She loves gardening and her grandchildren.</p>",
            "questions": [
                "What is working and not working in Helen's life?",
                "What is important to Helen?",
            ],
        }
        description = "A practice scenario: a person's story and questions about it."
        help_text = (
            "Tell one person's story in plain words, then ask two to four open questions that "
            "people can answer in groups."
        )


class ReflectionBlock(blocks.StructBlock):
    """A question for learners to think about on their own."""

    question = blocks.CharBlock(
        max_length=250,
        help_text=(
            "One open question about the learner's own life or work, for example: "
            "What would a good day look like for you?"
        ),
    )
    prompt = blocks.CharBlock(
        max_length=250,
        required=False,
        help_text="Optional: how to answer, for example: Write, draw or talk it through.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["dom_id"] = dom_id("reflection", parent_context)
        return context

    class Meta:
        template = "cms/blocks/reflection.html"
        icon = "help"
        preview_value = {
            "question": "What would a good day look like for you?",
            "prompt": "Write, draw or talk it through with someone you trust.",
        }
        description = "A question for people to think about on their own."
        help_text = "Ask one open question. There is no right or wrong answer."


class QuizAnswerBlock(blocks.StructBlock):
    answer = blocks.CharBlock(max_length=200, help_text="One possible answer, in a few words.")
    is_correct = blocks.BooleanBlock(required=False, help_text="Tick if this answer is right.")
    feedback = blocks.TextBlock(
        max_length=400,
        help_text=(
            "What to tell someone who picks this answer: why it is right, or a kind "
            "explanation of why not."
        ),
    )

    class Meta:
        icon = "tick"


class QuizQuestionBlock(blocks.StructBlock):
    """A question with answers to choose from, and feedback for each answer."""

    question = blocks.CharBlock(
        max_length=250, help_text="One clear question, for example: Who owns the support plan?"
    )
    answers = blocks.ListBlock(QuizAnswerBlock(), min_num=2, max_num=6)

    def clean(self, value):
        value = super().clean(value)
        if not any(answer.get("is_correct") for answer in value.get("answers", [])):
            raise blocks.StructBlockValidationError(
                block_errors={"answers": ValidationError("Tick at least one right answer.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["dom_id"] = dom_id("quiz", parent_context)
        return context

    class Meta:
        template = "cms/blocks/quiz_question.html"
        icon = "help"
        preview_value = {
            "question": "Who owns the support plan?",
            "answers": [
                {
                    "answer": "The person it is about",
                    "is_correct": True,
                    "feedback": "The plan belongs to the person, and they choose who sees it.",
                },
                {
                    "answer": "The council",
                    "is_correct": False,
                    "feedback": "The council agrees the plan, but it belongs to the person.",
                },
            ],
        }
        description = "A quiz question with feedback for every answer."
        help_text = (
            "Ask about one thing. Give two to four answers. Write kind feedback for every "
            "answer that explains why it is right or not."
        )


class HandoutBlock(blocks.StructBlock):
    """A document to download, with its format and size."""

    document = DocumentChooserBlock(
        help_text=(
            "The handout in Documents. Give it a clear title, for example: Helen's story "
            "(large print). Upload easy read, large print and Braille versions separately."
        ),
    )
    description = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text="Optional: what it is for, for example: Print one for each table.",
    )

    def get_preview_value(self):
        return self.normalize(
            {
                "document": _newest_document(set(DOCUMENT_FORMATS)),
                "description": "Print one for each table.",
            }
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        document = value.get("document")
        if document is not None:
            context["file_format"] = file_format_text(document.file_extension)
            context["file_size"] = file_size_text(document.get_file_size())
        return context

    class Meta:
        template = "cms/blocks/handout.html"
        icon = "doc-full"
        preview_value = {"description": "Print one for each table."}
        description = "A handout to download, showing its format and size."
        help_text = (
            "Prefer accessible formats: a tagged PDF or a Word document with headings. "
            "Keep large files under 5 MB so they download on a phone."
        )


class BaseStreamBlock(blocks.StreamBlock):
    """The shared body for every page type on the site."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = AccessibleImageBlock()
    quote = QuoteBlock()
    link_cards = LinkCardsBlock()
    easy_read = EasyReadPairBlock()
    video = VideoBlock()
    activity = ActivityBlock()
    scenario = ScenarioBlock()
    reflection = ReflectionBlock()
    quiz = QuizQuestionBlock()
    handout = HandoutBlock()

    class Meta:
        template = "cms/blocks/stream.html"
        icon = "doc-full"
        preview_value = [
            ("heading", {"text": "About this site", "level": "h2"}),
            ("paragraph", "<p>Plan your support with people who understand.</p>"),
        ]
        description = "The main content of a page."
