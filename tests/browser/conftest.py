"""Headless Chromium (Debian's package) driven by Playwright, plus axe-core checks."""

import os
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import sync_playwright
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from bench.chromium import CHROMIUM, CHROMIUM_ARGS

WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Not per session: Playwright's sync API keeps an event loop running until
    it stops, and asyncio tests in other modules need the thread to themselves.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not at {CHROMIUM}. scripts/test.sh installs it.")
    # Playwright's sync API runs an event loop; Django's ORM, used by the test
    # itself to arrange data, would otherwise refuse to run beside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(autouse=True)
def _no_broadcast_from_the_test_process(settings):
    """Data a browser test arranges through services is not broadcast from here.

    Playwright's sync API keeps an event loop running in the test thread, where
    ``async_to_sync`` (used by the after-commit broadcast) refuses to run. Nothing
    is lost: the server under test is another process, and live behaviour is
    tested between browsers, through that server.
    """
    settings.CHANNEL_LAYERS = {}


@pytest.fixture
def demo_site(transactional_db, live_server_url):
    """The demo content, committed so the server process sees it.

    The flush after each committed-data test also removes what migrations
    created (Wagtail's locale and root page); load_demo puts them back. The
    files it stored are deleted afterwards.
    """
    # Wagtail's root collection, which that flush also removes and the demo's images need.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    call_command("load_demo", verbosity=0)
    yield live_server_url
    demo_files_delete()


def demo_files_delete() -> None:
    """Delete the files this test's documents and pictures were stored in.

    Uploads are stored under random names, so load_demo after the next flush
    stores its handouts and pictures again under new ones; without this, every
    test would leave copies in the media folder. Pictograms keep their fixed
    names and are reused, so only their renditions go.
    """
    for document in get_document_model().objects.all():
        document.file.delete(save=False)
    for image in get_image_model().objects.prefetch_related("renditions"):
        for rendition in image.renditions.all():
            rendition.file.delete(save=False)
        if not image.file.name.startswith("original_images/pictogram-"):
            image.file.delete(save=False)


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page for WCAG 2.2 A and AA; return its violations."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA_TAGS}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    """A readable summary of axe violations for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


def wait_until(page, expression: str, *, timeout: float = 10_000) -> None:
    """Wait until the JavaScript ``expression`` is true in ``page``.

    Playwright's ``wait_for_function`` runs the expression through ``eval``,
    which the site's Content-Security-Policy forbids; ``evaluate`` goes through
    the browser's own tools, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still not true after {timeout / 1000:g} s: {expression}")
        page.wait_for_timeout(50)
