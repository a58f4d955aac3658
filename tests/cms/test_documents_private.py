"""Documents in a login-only collection are never readable straight from /media/.

Only Wagtail's serve view checks a collection's privacy, so nothing serves
``/media/documents/``: not Django in development (``config.urls.media_urlpatterns``,
switched on here as DEBUG switches it on), and not the proxy (README).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from config.urls import media_urlpatterns
from config.urls import urlpatterns as site_urlpatterns
from tests.courses.factories import image, media_root  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# The site's URLs as in development (DEBUG): uploads served by Django.
urlpatterns = [*media_urlpatterns(), *site_urlpatterns]

SECRET = b"Helen's notes: only for trainers.\n"


@pytest.fixture
def private_document(client, media_root):  # noqa: F811
    """A text document uploaded by an editor into a collection only signed-in people may read."""
    private = Collection.get_first_root_node().add_child(name="Trainers only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Helen's notes",
            "file": SimpleUploadedFile("notes.txt", SECRET),
            "collection": private.pk,
        },
    )
    assert response.status_code == 302
    client.logout()
    return get_document_model().objects.get(title="Helen's notes")


def test_a_private_document_is_not_found_at_its_media_address(client, private_document):
    assert private_document.file.name.startswith("documents/")
    assert client.get(f"/media/{private_document.file.name}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/original_images/../{name}",
        "/media//{name}",
        "/media/./{name}",
        "/media/DOCUMENTS/{stem}",
    ],
)
def test_no_way_of_writing_the_media_address_reaches_a_document(client, private_document, path):
    name = private_document.file.name
    url = path.format(name=name, stem=name.removeprefix("documents/"))
    response = client.get(url)
    assert response.status_code == 404
    assert SECRET not in response.content


def test_a_signed_out_reader_is_sent_to_sign_in_by_the_documents_own_address(
    client, private_document
):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_reader_gets_the_private_document_and_no_copy_is_kept(client, private_document):
    client.force_login(UserFactory(username="trainer"))
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_public_document_may_be_kept_by_a_visitors_browser(client, media_root):  # noqa: F811
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    client.post(
        reverse("wagtaildocs:add"),
        {"title": "Leaflet", "file": SimpleUploadedFile("leaflet.txt", b"Everyone.\n")},
    )
    client.logout()
    document = get_document_model().objects.get(title="Leaflet")
    response = client.get(document.url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_pictures_are_still_served_from_media_in_development(client, media_root):  # noqa: F811
    picture = image()
    response = client.get(f"/media/{picture.file.name}")
    assert response.status_code == 200
