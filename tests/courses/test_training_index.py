"""The training index sits under the home page and lists live courses."""

import pytest
from wagtail.models import Page

from courses.models import TrainingIndexPage
from tests.factories import site_with_home_page

pytestmark = pytest.mark.django_db


def test_training_index_can_only_go_under_the_home_page():
    home = site_with_home_page()
    assert TrainingIndexPage.can_create_at(home)
    assert not TrainingIndexPage.can_create_at(Page.get_first_root_node())
