"""The site header names the person; courses for professionals say who they are for."""

import re

import pytest
from django.urls import reverse

from courses.models import CoursePage, TrainingIndexPage
from tests.factories import UserFactory
from tests.learning.factories import course_with_modules

pytestmark = pytest.mark.django_db


def _signed_in_as(html: str) -> str:
    return re.search(r'<span class="signed-in-as">(.*?)</span>', html).group(1)


def test_the_header_shows_the_persons_name_or_their_username_if_they_gave_none(client):
    course_with_modules(required=1)  # a page to look at
    client.force_login(UserFactory(username="amira-h", first_name="Amira Hussain"))
    html = client.get(reverse("training:my_learning")).content.decode()
    assert _signed_in_as(html) == "Signed in as Amira Hussain"
    client.force_login(UserFactory(username="sam", first_name="", last_name=""))
    html = client.get(reverse("training:my_learning")).content.decode()
    assert _signed_in_as(html) == "Signed in as sam"


def test_a_course_for_professionals_is_listed_with_that_audience(client):
    course = course_with_modules(
        required=1,
        title="Support planning for care managers",
        audience=CoursePage.Audience.PROFESSIONALS,
    )
    course_with_modules(required=1, title="Support planning for champions")
    index = client.get(TrainingIndexPage.objects.get().url).content.decode()
    card = index.split("Support planning for care managers</a>", 1)[1].split("</li>", 1)[0]
    assert "<dt>For</dt><dd>Care managers and assessors</dd>" in card
    page = client.get(course.url).content.decode()
    assert "<dt>Who it is for</dt><dd>Care managers and assessors</dd>" in page
