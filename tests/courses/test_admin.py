"""Editors: the jargon buster in the admin, module editing, and Wagtail's built-in checks."""

import pytest
from django.contrib.auth import get_user_model

from tests.courses.factories import GlossaryTermFactory, course_with_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-12345")
    client.force_login(user)
    return client


def test_jargon_buster_has_its_own_admin_listing(editor):
    GlossaryTermFactory(term="direct payment", easy_read_meaning="Money paid to you.")
    response = editor.get("/admin/snippets/courses/glossaryterm/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "direct payment" in html
    assert "Money paid to you." in html
    assert "Jargon buster" in html


def test_module_editor_has_the_easy_read_version_and_the_accessibility_checks(editor):
    _course, (module,) = course_with_modules(1)
    response = editor.get(f"/admin/pages/{module.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Easy read version" in html
    assert "Please add an easy read version of every module" in html
    # Wagtail 8 runs its axe-based content checks in the editor's "Checks" panel by default.
    assert "data-checks-panel" in html


def test_course_and_module_fields_have_plain_headings_in_the_editor(editor):
    course, (module,) = course_with_modules(1)
    course_html = editor.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    module_html = editor.get(f"/admin/pages/{module.pk}/edit/").content.decode()
    for heading in (
        "Who it is for",
        "How it runs",
        "Total time, in hours",
        "What learners will be able to do",
        "Written with (optional)",
    ):
        assert heading in course_html
    for heading in ("Time it takes, in minutes", "Required for the certificate"):
        assert heading in module_html
    # Not the field names.
    for name in ("Co produced with", "Delivery format", "Learning outcomes"):
        assert name not in course_html
    for name in ("Duration minutes", "Is required"):
        assert name not in module_html
