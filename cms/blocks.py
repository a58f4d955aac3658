"""The one shared StreamBlock for page bodies, and the blocks it is made of.

Every block has a template, an icon and a preview value, so editors see a
real example in Wagtail's block picker. Rich text leaves out italics on
purpose: clear-print guidance says italics are hard to read.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

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


class BaseStreamBlock(blocks.StreamBlock):
    """The shared body for every page type on the site."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = AccessibleImageBlock()
    quote = QuoteBlock()
    link_cards = LinkCardsBlock()

    class Meta:
        template = "cms/blocks/stream.html"
        icon = "doc-full"
        preview_value = [
            ("heading", {"text": "About this site", "level": "h2"}),
            ("paragraph", "<p>Plan your support with people who understand.</p>"),
        ]
        description = "The main content of a page."
