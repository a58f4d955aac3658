"""factory_boy factories for training content: courses, modules and the jargon buster."""

from decimal import Decimal

import factory
import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify

from courses.models import CoursePage, GlossaryIndexPage, GlossaryTerm, ModulePage
from tests.factories import TrainingIndexPageFactory, site_with_home_page


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Support planning course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "For people who want to help others plan their support."
    audience = CoursePage.Audience.CHAMPIONS
    delivery_format = "A two-hour induction, then three short days"
    total_hours = Decimal("15.5")
    learning_outcomes = "Explain what a personal budget is\n\nWrite SMART actions\n"
    co_produced_with = "A user-led organisation"


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What this module is about."
    duration_minutes = 45
    is_required = True
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "About money", "level": "h2"}),
            ("paragraph", "<p>Your personal budget is money for your support.</p>"),
        ]
    )


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"term {n}")
    plain_meaning = factory.LazyAttribute(lambda o: f"What {o.term} means, in plain words.")
    easy_read_meaning = factory.LazyAttribute(lambda o: f"{o.term} in easy read.")


class GlossaryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GlossaryIndexPage

    title = "Jargon buster"
    slug = "jargon-buster"
    intro = "Words you will hear, explained."


def training_index():
    """A site with a home page and the training index under it."""
    return TrainingIndexPageFactory(parent=site_with_home_page())


def course_with_modules(count: int, *, index=None, **module_kwargs):
    """A course under the training index with ``count`` live modules, in order."""
    index = index or training_index()
    course = CoursePageFactory(parent=index)
    modules = [ModulePageFactory(parent=course, **module_kwargs) for _ in range(count)]
    return course, modules


@pytest.fixture
def media_root(settings, tmp_path):
    """Files a test makes (images, documents) go to a temporary folder.

    Import it into a test module to use it: ``from tests.courses.factories import media_root``.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image(title: str = "Two people at a table", *, width: int = 240, height: int = 240):
    """A Wagtail image with a real PNG file (use with the ``media_root`` fixture)."""
    return wagtail_factories.ImageFactory(
        title=title, file__width=width, file__height=height, file__filename=f"{slugify(title)}.png"
    )


def document(title: str, *, filename: str, content: bytes):
    """A Wagtail document whose file has the given name and bytes."""
    return wagtail_factories.DocumentFactory(title=title, file=ContentFile(content, name=filename))
