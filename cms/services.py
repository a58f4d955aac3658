"""Write operations for the site tree."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site


def root_page_ensure() -> Page:
    """Return the tree's root node, creating it (and the default locale and root
    collection) if missing.

    Wagtail's migrations create both, but a flushed database has neither.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    # Images and documents live in collections; the root one comes from migrations too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def welcome_page_remove(*, root: Page) -> None:
    """Delete Wagtail's placeholder "Welcome" page, which takes the slug "home".

    Only a plain ``Page`` with no children is removed, never real content.
    """
    for placeholder in root.get_children().filter(slug="home").specific():
        if type(placeholder) is Page and not placeholder.get_children().exists():
            placeholder.delete()
    root.refresh_from_db()


@transaction.atomic
def default_site_point(*, root_page: Page, site_name: str) -> Site:
    """Make ``root_page`` the root of the default site, creating the site if needed."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = root_page
    site.site_name = site_name
    site.save()
    return site
