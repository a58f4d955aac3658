"""factory_boy factories for test data."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.models import HomePage
from cms.services import default_site_point, root_page_ensure, welcome_page_remove
from courses.models import TrainingIndexPage

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["Facilitators"]) puts the user in those groups."""
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Plan your support, together"
    slug = "home"
    intro = "Plan your support with people who understand."


class TrainingIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TrainingIndexPage

    title = "Training"
    slug = "training"
    intro = "Training for champions and enablers."


def site_with_home_page(**home_kwargs) -> HomePage:
    """Make a HomePage the root of the default site, as a fresh install has it."""
    root = root_page_ensure()
    welcome_page_remove(root=root)
    home = HomePageFactory(parent=root, **home_kwargs)
    default_site_point(root_page=home, site_name="Test")
    return home
