"""Training page types."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock

__all__ = ["CoursePage", "ModulePage", "TrainingIndexPage"]


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
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "training index"

    def get_context(self, request, *args, **kwargs):
        """Add the live child pages, in the order editors arranged them."""
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.get_children().live().public().specific()
        return context


class CoursePage(Page):
    """A course: who it is for, how it is delivered, and its modules (the child pages)."""

    class Audience(models.TextChoices):
        CHAMPIONS = "champions", "Champions"
        ENABLERS = "enablers", "Enablers"
        PLANNING_OWN_SUPPORT = "planning_own_support", "People planning their own support"
        FAMILY_CARERS = "family_carers", "Family carers"

    summary = models.TextField(
        max_length=400,
        help_text=(
            "Two or three short sentences: who the course is for and what they will be able "
            "to do afterwards. Shown on the training page."
        ),
    )
    audience = models.CharField(
        max_length=30,
        choices=Audience.choices,
        help_text="The main group this course is written for.",
    )
    delivery_format = models.CharField(
        max_length=200,
        help_text=(
            'How it is run, in plain words. For example: "2-hour induction then three short '
            'days, 10:00 to 15:30" or "ten one-hour modules, singly or as full days".'
        ),
    )
    total_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        help_text="Total learning time in hours, including breaks for activities.",
    )
    learning_outcomes = models.TextField(
        help_text=(
            "One outcome per line, each starting with what the learner can do, for example: "
            '"Explain what a personal budget is".'
        ),
    )
    co_produced_with = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who wrote or tested this course with you, for example a user-led organisation.",
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="More about the course. Start each section with a heading.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("delivery_format"),
        FieldPanel("total_hours"),
        FieldPanel("learning_outcomes"),
        FieldPanel("co_produced_with"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.SearchField("body"),
        index.FilterField("audience"),
    ]

    parent_page_types = ["courses.TrainingIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = "course"

    @property
    def outcomes(self) -> list[str]:
        """Learning outcomes as a list, one per non-empty line."""
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class ModulePage(Page):
    """One module of a course: its content, an easy read version, and a print view."""

    summary = models.TextField(
        max_length=300,
        help_text="One or two short sentences: what this module is about.",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        help_text="How long the module takes, in minutes, including activities."
    )
    is_required = models.BooleanField(
        default=True,
        help_text="Required modules must be done for the certificate. Untick for optional extras.",
    )
    body = StreamField(
        BaseStreamBlock(),
        help_text=(
            "The module itself. Use short sentences, a heading for each part, and an activity "
            "or question at least every 20 minutes."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("is_required"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "module"
