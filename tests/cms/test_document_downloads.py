"""Document downloads are offered under the document's title, not the random stored name.

Documents are uploaded through the real Wagtail admin, then fetched from the
address Wagtail gives them, as a reader's browser would.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.models import Collection, CollectionViewRestriction

from cms.downloads import MAX_NAME_LENGTH, download_content_disposition, download_name
from cms.views import document_serve
from tests.cms.sample_files import VALID_DOCUMENTS, pdf_bytes
from tests.courses.factories import media_root  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, media_root):  # noqa: F811
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client


def upload(client, *, title: str, name: str, content: bytes, collection=None):
    """Add a document through Wagtail's admin form; return it."""
    data = {"title": title, "file": SimpleUploadedFile(name, content)}
    if collection is not None:
        data["collection"] = collection.pk
    response = client.post(reverse("wagtaildocs:add"), data)
    assert response.status_code == 302
    return get_document_model().objects.get(title=title)


def test_a_word_document_downloads_under_its_title_not_its_random_name(editor):
    document = upload(
        editor, title="Helen's story (large print)", name="3.docx", content=VALID_DOCUMENTS["docx"]
    )
    response = editor.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == VALID_DOCUMENTS["docx"]
    assert response["Content-Disposition"] == 'attachment; filename="helens-story-large-print.docx"'
    assert document.filename not in response["Content-Disposition"]


def test_a_pdf_is_a_download_under_its_title_never_opened_inside_the_site(editor):
    # A PDF's own scripts (/OpenAction) must never run at the site's address.
    pdf = pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>")
    assert b"/OpenAction" in pdf
    document = upload(editor, title="Planning charts", name="CHARTS.PDF", content=pdf)
    response = editor.get(document.url)
    assert response["Content-Disposition"] == 'attachment; filename="planning-charts.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # And if a browser opened it anyway, nothing in it could run or load.
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_plain_text_document_is_a_download_too(editor):
    document = upload(editor, title="Notes", name="notes.txt", content=b"Notes.\n")
    assert editor.get(document.url)["Content-Disposition"].startswith("attachment;")


def test_a_title_in_another_alphabet_keeps_its_letters_with_a_plain_fallback(editor):
    document = upload(
        editor, title="Zoë's plan 吴", name="plan.docx", content=VALID_DOCUMENTS["docx"]
    )
    response = editor.get(document.url)
    assert response["Content-Disposition"] == (
        "attachment; filename=\"zoes-plan.docx\"; filename*=UTF-8''zo%C3%ABs-plan-%E5%90%B4.docx"
    )


def test_the_download_view_is_ours_and_wagtails_signal_still_fires(editor):
    document = upload(editor, title="Budget", name="budget.csv", content=VALID_DOCUMENTS["csv"])
    assert resolve(document.url).func is document_serve
    served = []

    def receiver(sender, instance, **kwargs):
        served.append(instance.pk)

    document_served.connect(receiver)
    try:
        editor.get(document.url)
    finally:
        document_served.disconnect(receiver)
    assert served == [document.pk]


def test_a_wrong_stored_name_is_still_not_found(editor):
    document = upload(editor, title="Budget", name="budget.csv", content=VALID_DOCUMENTS["csv"])
    response = editor.get(reverse("document_serve", args=[document.pk, "budget.csv"]))
    assert response.status_code == 404


def test_a_document_in_a_private_collection_is_still_private(editor):
    private = Collection.get_first_root_node().add_child(name="Trainers only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = upload(
        editor, title="Helen's notes", name="notes.txt", content=b"Notes.\n", collection=private
    )
    assert editor.get(document.url).status_code == 200
    editor.logout()
    response = editor.get(document.url)
    # Wagtail's check runs inside our view: the anonymous reader is sent to sign in.
    assert response.status_code == 302
    # The site's own sign-in page, not Wagtail's.
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not response.has_header("Content-Disposition")


def test_a_download_name_keeps_only_safe_characters():
    title = 'Helen\'s "plan"; filename=evil.exe\r\nX-Header: 1 / ../..'
    assert download_name(title=title, extension="PDF") == (
        "helens-plan-filenameevilexe-x-header-1.pdf"
    )


def test_a_title_with_nothing_usable_gets_a_plain_name():
    assert download_name(title="???", extension="docx") == "document.docx"
    assert download_content_disposition(current="attachment", title="吴", extension="docx") == (
        "attachment; filename=\"document.docx\"; filename*=UTF-8''%E5%90%B4.docx"
    )


def test_a_very_long_title_is_cut_short_but_keeps_its_extension():
    name = download_name(title="word " * 100, extension="pdf")
    assert name.endswith("word.pdf")
    assert len(name) <= MAX_NAME_LENGTH + len(".pdf")


def test_an_unknown_disposition_type_becomes_an_attachment():
    header = download_content_disposition(
        current="form-data; name=x", title="Budget", extension="csv"
    )
    assert header == 'attachment; filename="budget.csv"'
