"""Course and module pages: where they go, what they show, and how many queries they cost."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses.models import CoursePage, GlossaryIndexPage, ModulePage, TrainingIndexPage
from courses.models.pages import hours_text, minutes_text
from tests.courses.factories import (
    CoursePageFactory,
    GlossaryIndexPageFactory,
    GlossaryTermFactory,
    course_with_modules,
    image,
    media_root,  # noqa: F401
    training_index,
)
from tests.factories import site_with_home_page

pytestmark = pytest.mark.django_db


# --- Where pages can go ------------------------------------------------------


def test_courses_go_under_the_training_index_and_modules_under_courses():
    index = training_index()
    course, (module,) = course_with_modules(1, index=index)
    home = index.get_parent()
    assert CoursePage.can_create_at(index)
    assert not CoursePage.can_create_at(home)
    assert ModulePage.can_create_at(course)
    assert not ModulePage.can_create_at(index)
    assert not ModulePage.can_create_at(module)
    assert not CoursePage.can_create_at(course)


def test_the_jargon_buster_page_goes_under_the_training_index_or_home_once():
    index = training_index()
    home = index.get_parent()
    assert GlossaryIndexPage.can_create_at(index)
    assert GlossaryIndexPage.can_create_at(home)
    assert not GlossaryIndexPage.can_create_at(Page.get_first_root_node())
    glossary = GlossaryIndexPageFactory(parent=index)
    assert not GlossaryIndexPage.can_create_at(home)  # only one jargon buster
    assert not CoursePage.can_create_at(glossary)


# --- Training index and course page ------------------------------------------


def test_training_index_lists_live_courses_as_cards_in_order(client):
    index = training_index()
    first = CoursePageFactory(parent=index, title="Champions course")
    CoursePageFactory(parent=index, title="Draft course", live=False)
    second = CoursePageFactory(parent=index, title="Enablers course")
    html = client.get(index.url).content.decode()
    assert html.index(first.title) < html.index(second.title)
    assert "Draft course" not in html
    assert html.count('class="card course-card"') == 2
    assert first.summary in html
    assert "15.5 hours" in html


def test_course_page_shows_everything_a_learner_needs_and_its_modules_in_order(client):
    course, modules = course_with_modules(3)
    modules[1].is_required = False
    modules[1].duration_minutes = 90
    modules[1].save_revision().publish()
    html = client.get(course.url).content.decode()
    for text in [
        course.summary,
        "Champions",
        course.delivery_format,
        "15.5 hours",
        "<li>Explain what a personal budget is</li><li>Write SMART actions</li>",
        course.co_produced_with,
        '<ol class="module-list">',
    ]:
        assert text in html
    positions = [html.index(module.title) for module in modules]
    assert positions == sorted(positions)
    assert "1 hour 30 minutes" in html
    assert html.count(">Required<") == 2
    assert html.count(">Optional<") == 1


@pytest.mark.parametrize(
    ("hours", "text"), [(1, "1 hour"), (2, "2 hours"), ("15.5", "15.5 hours"), ("10.0", "10 hours")]
)
def test_hours_are_written_plainly(hours, text):
    assert hours_text(hours) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (120, "2 hours"),
    ],
)
def test_durations_are_written_plainly(minutes, text):
    assert minutes_text(minutes) == text


# --- Module page -------------------------------------------------------------


def test_module_page_shows_course_breadcrumb_duration_and_neighbours(client):
    course, modules = course_with_modules(3)
    html = client.get(modules[1].url).content.decode()
    assert f'<a href="{course.url}">{course.title}</a>' in html
    assert 'aria-label="Breadcrumb"' in html
    assert "45 minutes" in html
    assert "Required" in html
    assert "2 of 3" in html
    assert f'href="{modules[0].url}" rel="prev"' in html
    assert f'href="{modules[2].url}" rel="next"' in html


def test_first_and_last_modules_have_only_one_neighbour(client):
    _course, modules = course_with_modules(2)
    first = client.get(modules[0].url).content.decode()
    last = client.get(modules[1].url).content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next"' in first
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last


def test_optional_modules_say_so(client):
    _course, (module,) = course_with_modules(1, is_required=False)
    html = client.get(module.url).content.decode()
    assert "<dd>Optional</dd>" in html


def _easy_read(picture, *sentences):
    return [
        ("easy_read", {"picture": picture, "alt_text": "Two people talking", "sentence": text})
        for text in sentences
    ]


@pytest.mark.usefixtures("media_root")
def test_standard_version_is_the_default_and_marked_current(client):
    _course, (module,) = course_with_modules(
        1, easy_read_body=_easy_read(image(), "You choose who helps.")
    )
    html = client.get(module.url).content.decode()
    assert f'<a href="{module.url}" aria-current="page">Standard</a>' in html
    assert f'<a href="{module.url}?version=easy-read">Easy read</a>' in html
    assert "Your personal budget is money for your support." in html
    assert "You choose who helps." not in html


@pytest.mark.usefixtures("media_root")
def test_easy_read_version_shows_only_the_easy_read_pairs(client):
    _course, modules = course_with_modules(
        2, easy_read_body=_easy_read(image(), "You choose who helps.", "It is your plan.")
    )
    html = client.get(modules[0].url, {"version": "easy-read"}).content.decode()
    assert f'<a href="{modules[0].url}?version=easy-read" aria-current="page">Easy read</a>' in html
    assert f'<a href="{modules[0].url}">Standard</a>' in html
    assert "You choose who helps." in html
    assert "It is your plan." in html
    assert 'alt="Two people talking"' in html
    assert "Your personal budget is money for your support." not in html
    # Moving on keeps the reader in easy read.
    assert f'href="{modules[1].url}?version=easy-read" rel="next"' in html
    assert "<title>" in html
    assert "(easy read)" in html


def test_easy_read_version_says_so_when_there_is_none_yet(client):
    _course, (module,) = course_with_modules(1)
    html = client.get(module.url, {"version": "easy-read"}).content.decode()
    assert "There is no easy read version of this module yet." in html


def test_module_links_to_its_print_view_in_the_same_version(client):
    _course, (module,) = course_with_modules(1)
    assert f'href="{module.url}print/"' in client.get(module.url).content.decode()
    easy = client.get(module.url, {"version": "easy-read"}).content.decode()
    assert f'href="{module.url}print/?version=easy-read"' in easy


def test_print_view_is_clear_print_by_default(client):
    _course, (module,) = course_with_modules(1)
    response = client.get(f"{module.url}print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="training print-view"' in html
    assert "courses/css/training.css" in html
    assert "Your personal budget is money for your support." in html
    assert f'<a href="{module.url}print/" aria-current="page">Clear print' in html
    assert f'<a href="{module.url}print/?size=large">Large print (18 point)</a>' in html


def test_large_print_view(client):
    _course, (module,) = course_with_modules(1)
    html = client.get(f"{module.url}print/", {"size": "large"}).content.decode()
    assert 'class="training print-view print-view--large"' in html
    assert 'aria-current="page">Large print (18 point)</a>' in html


@pytest.mark.usefixtures("media_root")
def test_print_view_of_the_easy_read_version(client):
    _course, (module,) = course_with_modules(1, easy_read_body=_easy_read(image(), "Your plan."))
    html = client.get(
        f"{module.url}print/", {"version": "easy-read", "size": "large"}
    ).content.decode()
    assert "print-view--large" in html
    assert "Your plan." in html
    assert "Your personal budget is money" not in html


def test_print_stylesheet_gives_clear_and_large_print():
    from django.contrib.staticfiles import finders

    with open(finders.find("courses/css/training.css")) as file:
        css = file.read()
    print_css = css[css.index("@media print") :]
    assert "font-size: 14pt" in print_css
    assert ".print-view--large body, .print-view--large .print-document { font-size: 18pt; }" in (
        print_css
    )
    assert "font-style: normal" in print_css
    assert "text-align: left" in print_css
    assert "sans-serif" in print_css
    assert "font-style: italic" not in css
    assert "text-transform: uppercase" not in css


@pytest.mark.usefixtures("media_root")
def test_editors_can_preview_each_version(rf):
    _course, (module,) = course_with_modules(1, easy_read_body=_easy_read(image(), "Your plan."))
    modes = dict(module.preview_modes)
    assert set(modes) == {"", "easy-read", "print", "large-print"}

    def preview(mode):
        request = rf.get("/")
        request.user = AnonymousUser()
        return module.serve_preview(request, mode).render().content.decode()

    assert "Your plan." in preview("easy-read")
    assert "Your personal budget" in preview("")
    assert "print-view--large" in preview("large-print")
    assert "print-view" in preview("print")
    assert "print-view--large" not in preview("print")


# --- Queries -----------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _course_of(count, index):
    picture = image()
    course, modules = course_with_modules(
        count, index=index, easy_read_body=_easy_read(picture, "One.", "Two.")
    )
    return course, modules


@pytest.mark.parametrize("version", ["", "?version=easy-read"])
@pytest.mark.usefixtures("media_root")
def test_module_page_queries_do_not_grow_with_the_number_of_modules(
    client, django_assert_max_num_queries, version
):
    index = training_index()
    GlossaryTermFactory(term="personal budget")
    _small, small_modules = _course_of(3, index)
    _large, large_modules = _course_of(10, index)
    client.get(small_modules[1].url + version)  # warm caches (site root paths)
    small = _queries(client, small_modules[1].url + version)
    large = _queries(client, large_modules[5].url + version)
    assert small == large
    with django_assert_max_num_queries(12):
        client.get(large_modules[9].url + version)


def test_course_page_queries_do_not_grow_with_the_number_of_modules(
    client, django_assert_max_num_queries
):
    index = training_index()
    small, _ = course_with_modules(3, index=index)
    large, _ = course_with_modules(10, index=index)
    client.get(small.url)
    assert _queries(client, small.url) == _queries(client, large.url)
    with django_assert_max_num_queries(12):
        client.get(large.url)


def test_training_index_queries_do_not_grow_with_the_number_of_courses(
    client, django_assert_max_num_queries
):
    index = training_index()
    CoursePageFactory(parent=index)
    client.get(index.url)
    one = _queries(client, index.url)
    for _ in range(5):
        CoursePageFactory(parent=index)
    assert _queries(client, index.url) == one
    with django_assert_max_num_queries(12):
        client.get(index.url)


def test_the_training_index_page_type_is_unchanged_for_existing_tests():
    home = site_with_home_page()
    assert TrainingIndexPage.can_create_at(home)
