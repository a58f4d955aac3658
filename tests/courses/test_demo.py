"""The training demo: three real courses, easy read for every champion module, the jargon buster."""

import html
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.uploads import document_content_problem
from courses.demo import (
    CHAMPIONS_COURSE,
    DEMO_ISSUER,
    ENABLERS_COURSE,
    PROFESSIONALS_COURSE,
    pictogram_png,
)
from courses.demo_media import HELEN_STORY, RELATIONSHIP_MAP_ALT
from courses.models import CoursePage, GlossaryIndexPage, GlossaryTerm, ModulePage, TrainingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    """The demo, loaded with its pictures saved in a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)


def _modules(slug):
    course = CoursePage.objects.get(slug=slug)
    return list(ModulePage.objects.child_of(course).live().order_by("path"))


def test_the_champions_course_has_at_least_eight_modules_each_with_easy_read(demo):
    modules = _modules(CHAMPIONS_COURSE.slug)
    assert len(modules) >= 8
    for module in modules:
        pairs = [block for block in module.easy_read_body if block.block_type == "easy_read"]
        assert 4 <= len(pairs) <= 8, module.title
        for pair in pairs:
            assert pair.value["picture"] is not None
            assert pair.value["alt_text"].strip()
            assert len(pair.value["sentence"]) <= 120


def test_champion_modules_have_real_content_with_activities_and_questions(demo):
    modules = _modules(CHAMPIONS_COURSE.slug)
    types = [{block.block_type for block in module.body} for module in modules]
    for module, found in zip(modules, types, strict=True):
        assert {"heading", "paragraph", "reflection"} <= found, module.title
    every = set().union(*types)
    assert {"activity", "scenario", "quiz", "quote"} <= every
    helen = next(m for m in modules if m.slug == "helens-story")
    scenario = next(b for b in helen.body if b.block_type == "scenario")
    assert "What is working and not working in Helen's life?" in scenario.value["questions"]
    titles = " ".join(m.title for m in modules).lower()
    for topic in [
        "self-directed support",
        "person-centred",
        "outcomes",
        "good plan",
        "smart",
        "money",
        "helen",
        "planning live",
        "induction",
    ]:
        assert topic in titles


def test_the_enablers_course_has_ten_one_hour_modules(demo):
    modules = _modules(ENABLERS_COURSE.slug)
    assert len(modules) == 10
    assert {module.duration_minutes for module in modules} == {60}
    course = CoursePage.objects.get(slug=ENABLERS_COURSE.slug)
    assert course.total_hours == 10


def test_the_jargon_buster_has_at_least_25_terms_and_an_a_to_z_page(demo):
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert len(terms) >= 25
    for term in [
        "personal budget",
        "direct payment",
        "Individual Service Fund",
        "SMART",
        "indicative budget",
        "circle of support",
        "user-led organisation",
        "ally",
    ]:
        assert term in terms
    assert GlossaryIndexPage.objects.live().count() == 1


def test_pictograms_are_images_with_alt_text_and_the_same_file_each_time(demo):
    pictograms = get_image_model().objects.filter(title__startswith="Pictogram: ")
    assert pictograms.count() >= 10
    for picture in pictograms:
        assert picture.description
        assert picture.width == picture.height == 240
        assert picture.file.name.startswith("original_images/pictogram-")
    assert pictogram_png("money") == pictogram_png("money")


def test_load_demo_twice_changes_nothing_the_second_time(demo, settings):
    image_model, document_model = get_image_model(), get_document_model()

    def counts():
        return (
            Page.objects.count(),
            GlossaryTerm.objects.count(),
            image_model.objects.count(),
            document_model.objects.count(),
        )

    before = counts()
    files_before = sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()) == files_before


def test_load_demo_keeps_an_editors_changes_to_a_course(demo):
    course = CoursePage.objects.get(slug=CHAMPIONS_COURSE.slug)
    course.summary = "Edited by a champion."
    course.save_revision().publish()
    call_command("load_demo", verbosity=0)
    assert CoursePage.objects.get(slug=CHAMPIONS_COURSE.slug).summary == "Edited by a champion."


def test_every_demo_training_page_renders_in_every_version(demo, client):
    pages = [*CoursePage.objects.live(), *GlossaryIndexPage.objects.live()]
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url
    for module in ModulePage.objects.live():
        for suffix in ["", "?version=easy-read", "print/", "print/?size=large"]:
            response = client.get(module.url + suffix)
            assert response.status_code == 200, module.url + suffix
    html = client.get(_modules(CHAMPIONS_COURSE.slug)[1].url).content.decode()
    assert "data-glossary-term" in html


def _helen():
    return ModulePage.objects.get(slug="helens-story")


def test_helens_story_has_a_relationship_map_stored_like_an_upload(demo, client):
    images = [block.value for block in _helen().body if block.block_type == "image"]
    assert len(images) == 1
    picture = images[0]
    assert picture.title == "Helen's relationship map"
    assert picture.contextual_alt_text == RELATIONSHIP_MAP_ALT
    assert not picture.decorative
    # Through Wagtail's image model, so under a random name like any upload.
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.png", picture.file.name)
    assert (picture.width, picture.height) == (1200, 860)
    assert picture.file_hash
    page = client.get(_helen().url).content.decode()
    assert f'alt="{html.escape(RELATIONSHIP_MAP_ALT)}"' in page


def test_helens_story_has_large_print_and_plain_text_handouts(demo, client):
    handouts = [block.value for block in _helen().body if block.block_type == "handout"]
    documents = {handout["document"].title: handout["document"] for handout in handouts}
    assert set(documents) == {"Helen's story (large print)", "Helen's story (plain text)"}
    large_print = documents["Helen's story (large print)"]
    text = documents["Helen's story (plain text)"]
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", large_print.file.name)
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.txt", text.file.name)
    page = client.get(_helen().url).content.decode()
    assert 'Helen&#x27;s story (large print)<span class="handout__meta"> (PDF, ' in page
    assert 'Helen&#x27;s story (plain text)<span class="handout__meta"> (Plain text, ' in page
    # Downloads are named after the title, not the random stored name.
    response = client.get(large_print.url)
    # Every document is a download, so a PDF's own scripts never run in the site's origin.
    assert response["Content-Disposition"] == 'attachment; filename="helens-story-large-print.pdf"'


def test_the_demo_handouts_are_real_files_the_upload_checks_accept(demo):
    for document in get_document_model().objects.all():
        with document.file.open("rb") as file:
            assert document_content_problem(extension=document.file_extension, file=file) is None
    large_print = get_document_model().objects.get(title="Helen's story (large print)")
    with large_print.file.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    # A tagged PDF in English, with its title, so screen readers can read it in order.
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == "Helen's story (large print)"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Helen is 58" in text
    assert "Who could help Helen, paid and unpaid?" in " ".join(text.split())
    plain = get_document_model().objects.get(title="Helen's story (plain text)")
    with plain.file.open("rb") as file:
        content = file.read().decode()
    assert all(paragraph in content for paragraph in HELEN_STORY)


def test_the_demo_courses_say_what_finishing_them_takes_and_makes(demo):
    champions = CoursePage.objects.get(slug=CHAMPIONS_COURSE.slug)
    assert (champions.attendance_needed, champions.needs_sign_off, champions.makes_role) == (
        "core",
        True,
        "champion",
    )
    enablers = CoursePage.objects.get(slug=ENABLERS_COURSE.slug)
    assert (enablers.attendance_needed, enablers.makes_role) == ("all", "enabler")


def test_there_is_a_course_for_care_managers_and_assessors(demo):
    course = CoursePage.objects.get(slug=PROFESSIONALS_COURSE.slug)
    assert course.audience == CoursePage.Audience.PROFESSIONALS
    assert course.get_audience_display() == "Care managers and assessors"
    assert len(_modules(PROFESSIONALS_COURSE.slug)) == 3


def test_the_demo_names_an_issuer_for_certificates_and_keeps_an_edited_one(demo):
    site = Site.objects.get(is_default_site=True)
    settings = TrainingSettings.for_site(site)
    assert settings.issuer_name == DEMO_ISSUER
    assert settings.issuer_address_lines[-1] == "Walsall WS1 1AA"
    settings.issuer_name = "Walsall SPEaK"
    settings.save()
    call_command("load_demo", verbosity=0)
    assert TrainingSettings.for_site(site).issuer_name == "Walsall SPEaK"
