"""Training page types."""

from decimal import Decimal

from django.db import models
from django.urls import NoReverseMatch, reverse
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock, EasyReadPairBlock
from courses.models.glossary import GlossaryAnnotator, GlossaryIndexPage

__all__ = ["CoursePage", "EasyReadStreamBlock", "ModulePage", "TrainingIndexPage"]

EASY_READ = "easy-read"
STANDARD = "standard"
LARGE = "large"


def search_url() -> str | None:
    """The training search page, if the project's URLs include it."""
    try:
        return reverse("courses:search")
    except NoReverseMatch:
        return None


def hours_text(hours: Decimal | float | int) -> str:
    """2 -> "2 hours", 1 -> "1 hour", 15.5 -> "15.5 hours"."""
    number = Decimal(str(hours)).normalize()
    text = f"{number:f}"
    return f"{text} hour" if number == 1 else f"{text} hours"


def minutes_text(minutes: int) -> str:
    """45 -> "45 minutes", 60 -> "1 hour", 90 -> "1 hour 30 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def route_to_child(parent, request, path_components, child_model):
    """Route to a child page of ``child_model`` in one query, or return None to fall back.

    Wagtail's own routing fetches a child as a plain page and then again as its
    specific type (two queries a level); training pages know their children's
    type, so this fetches it once. Everything else, including 404s for drafts,
    is left to Wagtail.
    """
    if not path_components:
        return None
    child = child_model.objects.child_of(parent).filter(slug=path_components[0]).first()
    if child is None:
        return None
    child._cached_parent_obj = parent
    return child.route(request, path_components[1:])


class EasyReadStreamBlock(blocks.StreamBlock):
    """The easy read version of a module: easy read pairs only."""

    easy_read = EasyReadPairBlock()

    class Meta:
        template = "courses/blocks/easy_read_stream.html"
        icon = "image"
        description = "The easy read version: one picture and one short sentence per row."


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
    subpage_types = ["courses.CoursePage", "courses.GlossaryIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "training index"

    def get_context(self, request, *args, **kwargs):
        """Add the live courses, in the order editors arranged them, and the jargon buster."""
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.child_of(self).live().public().defer_streamfields().order_by("path")
        )
        context["glossary_page"] = (
            GlossaryIndexPage.objects.child_of(self).live().public().defer_streamfields().first()
        )
        context["search_url"] = search_url()
        context.update(_learning_context(request, self))
        return context

    def route(self, request, path_components):
        return route_to_child(self, request, path_components, CoursePage) or super().route(
            request, path_components
        )


class CoursePage(Page):
    """A course: who it is for, how it is delivered, and its modules (the child pages)."""

    class Audience(models.TextChoices):
        CHAMPIONS = "champions", "Champions"
        ENABLERS = "enablers", "Enablers"
        PLANNING_OWN_SUPPORT = "planning_own_support", "People planning their own support"
        FAMILY_CARERS = "family_carers", "Family carers"
        # Care managers, social workers and assessors: the council's side of the plan.
        PROFESSIONALS = "professionals", "Care managers and assessors"

    class AttendanceNeeded(models.TextChoices):
        NONE = "none", "None: finishing the modules is enough"
        CORE = "core", "The induction and every training day"
        ALL = "all", "Every session on the group's timetable"

    class Role(models.TextChoices):
        NONE = "", "Nothing: no new role"
        CHAMPION = "champion", "A champion (the trainer confirms it)"
        ENABLER = "enabler", "An enabler"

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
    # What finishing the course takes (the ``learning`` app applies it). The
    # required modules are always needed; these add the room and the trainer.
    attendance_needed = models.CharField(
        max_length=10,
        choices=AttendanceNeeded.choices,
        default=AttendanceNeeded.NONE,
        help_text="Which of a group's sessions a learner must be marked present at.",
    )
    needs_sign_off = models.BooleanField(
        default=False,
        help_text="A trainer signs off each learner, with a comment, before the certificate.",
    )
    makes_role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.NONE,
        blank=True,
        help_text="What finishing this course makes someone.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        # Headings in the words the course page uses, not the field names.
        FieldPanel("audience", heading="Who it is for"),
        FieldPanel("delivery_format", heading="How it runs"),
        FieldPanel("total_hours", heading="Total time, in hours"),
        FieldPanel("learning_outcomes", heading="What learners will be able to do"),
        FieldPanel("co_produced_with", heading="Written with (optional)"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("attendance_needed", heading="Sessions they must attend"),
                FieldPanel("needs_sign_off", heading="Trainer sign-off"),
                FieldPanel("makes_role", heading="Finishing it makes them"),
            ],
            heading="Finishing the course",
        ),
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

    @property
    def hours_text(self) -> str:
        return hours_text(self.total_hours)

    def route(self, request, path_components):
        return route_to_child(self, request, path_components, ModulePage) or super().route(
            request, path_components
        )

    def get_context(self, request, *args, **kwargs):
        """The live modules in order, in one query however many there are."""
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = list(
            ModulePage.objects.child_of(self).live().public().defer_streamfields().order_by("path")
        )
        # Wagtail's routing leaves the parent cached on the page: no query when served.
        context["training_page"] = self.get_parent()
        context["glossary_annotator"] = GlossaryAnnotator.for_request(request)
        context.update(_learning_context(request, self))
        return context


class ModulePage(RoutablePageMixin, Page):
    """One module of a course: its content, an easy read version, and a print view.

    ``?version=easy-read`` shows the easy read version; ``print/`` is a clear
    print view, and ``print/?size=large`` is large print.
    """

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
    easy_read_body = StreamField(
        EasyReadStreamBlock(),
        blank=True,
        verbose_name="easy read version",
        help_text=(
            "Please add an easy read version of every module: 4 to 8 rows, each one simple "
            "picture and one short sentence that says one main idea of the module. Test it with "
            "someone who uses easy read."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("duration_minutes", heading="Time it takes, in minutes"),
        FieldPanel("is_required", heading="Required for the certificate"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("easy_read_body")], heading="Easy read version"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("easy_read_body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    preview_modes = [
        ("", "Standard"),
        (EASY_READ, "Easy read"),
        ("print", "Print"),
        ("large-print", "Large print"),
    ]

    class Meta:
        verbose_name = "module"

    @property
    def duration_text(self) -> str:
        return minutes_text(self.duration_minutes)

    def _version(self, request) -> str:
        mode = getattr(request, "module_preview_mode", None)
        if mode is not None:
            return EASY_READ if mode == EASY_READ else STANDARD
        return EASY_READ if request.GET.get("version") == EASY_READ else STANDARD

    def get_context(self, request, *args, **kwargs):
        """Course, neighbours and position: a fixed number of queries for any course size.

        Routing leaves the course (and its training page) cached on the page, so
        they cost nothing when the page is served. The live modules of the
        course come in one query, as light rows without their content, so
        previous, next and "3 of 8" are worked out here, not with a query each.
        """
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent()
        training_page = course.get_parent() if course else None
        siblings = list(
            ModulePage.objects.sibling_of(self)
            .live()
            .defer_streamfields()
            .only("id", "path", "depth", "title", "url_path", "live")
            .order_by("path")
        )
        paths = [sibling.path for sibling in siblings]
        index = paths.index(self.path) if self.path in paths else None
        version = self._version(request)
        context.update(
            {
                "course": course,
                "training_page": training_page,
                "previous_module": siblings[index - 1] if index else None,
                "next_module": (
                    siblings[index + 1] if index is not None and index + 1 < len(siblings) else None
                ),
                "position": index + 1 if index is not None else None,
                "module_count": len(siblings) if index is not None else None,
                "version": version,
                "is_easy_read": version == EASY_READ,
                "version_query": f"?version={EASY_READ}" if version == EASY_READ else "",
                "print_url": self.url_for_print(request),
                "glossary_annotator": GlossaryAnnotator.for_request(request),
            }
        )
        context.update(_learning_context(request, self))
        return context

    def url_for_print(self, request=None) -> str:
        return (self.get_url(request=request) or "") + self.reverse_subpage("print_view").lstrip(
            "/"
        )

    @path("print/")
    def print_view(self, request):
        """Clear print (14 point) by default; large print (18 point) with ``?size=large``.

        ``?version=easy-read`` prints the easy read version. The print styles
        are in ``courses/css/training.css``.
        """
        mode = getattr(request, "module_preview_mode", None)
        large = mode == "large-print" if mode is not None else request.GET.get("size") == LARGE
        return self.render(
            request,
            template="courses/module_page_print.html",
            context_overrides={"large_print": large},
        )

    def serve_preview(self, request, mode_name):
        request.module_preview_mode = mode_name
        if mode_name in {"print", "large-print"}:
            return self.print_view(request)
        return self.index_route(request)


def _learning_context(request, page) -> dict:
    """Extra context from the ``training_page_context`` hook (the learner's enrolment
    or "done" state, from the ``learning`` app), which builds on this one."""
    context: dict = {}
    for hook in hooks.get_hooks("training_page_context"):
        context.update(hook(request=request, page=page))
    return context
