"""Page types owned by the site itself."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock


class HomePage(Page):
    """The front page: what the product is, in plain English, and where to go next.

    Child page types name the home page as their parent (for example the
    training index in ``courses``), so this app never imports the apps that
    build on it.
    """

    intro = models.TextField(
        max_length=500,
        help_text=(
            "One or two short sentences that say what this site is for and who it is for. "
            "Avoid jargon: say 'money for your support', not 'personal budget allocation'."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="Sections below the introduction. Start each section with a heading.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
