"""The includes for course and module pages, rendered as the page templates will use them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.urls import reverse

from courses.models import ModulePage
from learning import services
from learning.selectors import learning_page_context
from tests.learning.factories import course_with_modules, learner

pytestmark = pytest.mark.django_db

COURSE = '{% include "learning/_course_enrol.html" %}'
MODULE = '{% include "learning/_module_done.html" %}'


def render(source: str, *, page, user, rf) -> str:
    request = rf.get(page.url)
    request.user = user
    context = {
        "page": page,
        "request": request,
        **learning_page_context(request=request, page=page),
    }
    return engines["django"].from_string(source).render(context, request)


def test_course_include_for_someone_not_signed_in(rf):
    course = course_with_modules()
    html = render(COURSE, page=course, user=AnonymousUser(), rf=rf)
    assert f'href="{reverse("training:sign_up")}?next=' in html
    assert "Sign in" in html
    assert "Enrol on this course" not in html


def test_course_include_offers_enrol_then_shows_progress(rf):
    course = course_with_modules(required=2)
    person = learner()
    html = render(COURSE, page=course, user=person, rf=rf)
    assert f'action="{reverse("training:enrol", args=[course.pk])}"' in html
    assert "Enrol on this course" in html
    assert "csrfmiddlewaretoken" in html
    services.enrolment_create(user=person, course=course)
    html = render(COURSE, page=course, user=person, rf=rf)
    assert "Enrol on this course" not in html
    assert '<progress class="course-progress__bar" max="2" value="0"' in html
    assert "0 of 2 required modules done" in html
    first = ModulePage.objects.child_of(course).order_by("path").first()
    assert f'href="{first.url}">Continue where you left off' in html


def test_course_include_links_the_certificate_when_finished(rf):
    course = course_with_modules(required=1)
    person = learner()
    enrolment = services.enrolment_create(user=person, course=course)
    services.module_progress_mark(user=person, module=ModulePage.objects.child_of(course).get())
    html = render(COURSE, page=course, user=person, rf=rf)
    assert reverse("training:certificate", args=[enrolment.pk]) in html


def test_module_include_marks_done_then_offers_undo(rf):
    course = course_with_modules(required=1)
    module = ModulePage.objects.child_of(course).get()
    person = learner()
    html = render(MODULE, page=module, user=person, rf=rf)
    assert f'action="{reverse("training:module_done", args=[module.pk])}"' in html
    assert "Mark this module as done" in html
    services.module_progress_mark(user=person, module=module)
    html = render(MODULE, page=module, user=person, rf=rf)
    assert f'action="{reverse("training:module_undo", args=[module.pk])}"' in html
    assert "You marked this module as done." in html


def _render_at(source: str, *, page, user, rf, query: str) -> str:
    request = rf.get(page.url + query)
    request.user = user
    context = {
        "page": page,
        "request": request,
        **learning_page_context(request=request, page=page),
    }
    return engines["django"].from_string(source).render(context, request)


def test_marking_done_or_undoing_on_the_easy_read_version_comes_back_to_easy_read(rf):
    course = course_with_modules(required=1)
    module = ModulePage.objects.child_of(course).get()
    person = learner()
    html = _render_at(MODULE, page=module, user=person, rf=rf, query="?version=easy-read")
    assert f'name="next" value="{module.url}?version=easy-read"' in html
    services.module_progress_mark(user=person, module=module)
    html = _render_at(MODULE, page=module, user=person, rf=rf, query="?version=easy-read")
    assert "Undo: I have not finished it" in html
    assert f'name="next" value="{module.url}?version=easy-read"' in html


def test_signing_in_from_the_easy_read_version_comes_back_to_easy_read(rf):
    course = course_with_modules(required=1)
    module = ModulePage.objects.child_of(course).get()
    html = _render_at(MODULE, page=module, user=AnonymousUser(), rf=rf, query="?version=easy-read")
    back = module.url + "%3Fversion%3Deasy-read"
    assert f'href="{reverse("login")}?next={back}"' in html
    assert f'href="{reverse("training:sign_up")}?next={back}"' in html


def test_the_module_include_offers_your_learning_only_to_people_signed_in(rf):
    course = course_with_modules(required=1)
    module = ModulePage.objects.child_of(course).get()
    my_learning = f'href="{reverse("training:my_learning")}"'
    assert my_learning not in render(MODULE, page=module, user=AnonymousUser(), rf=rf)
    assert my_learning in render(MODULE, page=module, user=learner(), rf=rf)
