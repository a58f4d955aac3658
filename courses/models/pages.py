"""Training page types."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock


__all__ = ["TrainingIndexPage"]


class TrainingIndexPage(Page):
    """The front door to training: lists the courses below it."""

    intro = models.TextField(
        max_length=500,
        help_text=(
            "Say who the training is for and what people will be able to do afterwards, "
            "in one or two short sentences."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="Anything else a learner should know first, such as how courses are run.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    # Course pages arrive with the training feature; until then nothing goes below.
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "training index"

    def get_context(self, request, *args, **kwargs):
        """Add the live child pages, in the order editors arranged them."""
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.get_children().live().public().specific()
        return context
