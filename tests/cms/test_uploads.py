"""Uploads: stored under random names, checked by content, limited in size.

Every upload goes through the real Wagtail admin views, as an editor's would.
"""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.storage import RandomNameStorage, random_file_name, upload_extensions
from cms.uploads import CHECKS, DOCUMENT_KINDS, OLE_MAGIC
from tests.cms.sample_files import (
    CSV,
    RTF,
    TXT,
    VALID_DOCUMENTS,
    VTT,
    mp4_bytes,
    noise_png_bytes,
    odt_bytes,
    office_bytes,
    pdf_bytes,
    picture_bytes,
    webm_bytes,
    xlsx_bytes,
)
from tests.courses.factories import media_root  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RANDOM_NAME = r"[0-9a-f]{32}"
TEN_MB = 10 * 1024 * 1024
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


@pytest.fixture
def media(media_root):  # noqa: F811
    """The temporary folder this module's uploads are stored in."""
    return media_root


@pytest.fixture
def editor(client, media):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client


def stored_files(root) -> list[str]:
    """Every file under the media folder ``root``, as names relative to it."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def field_errors(html: str, name: str) -> str:
    """The error text Wagtail shows inside a field's own wrapper, next to the field."""
    start = html.index(f'data-contentpath="{name}"')
    end = html.find("data-contentpath=", start + 1)
    field = html[start : end if end != -1 else None]
    match = re.search(r'class="w-field__errors"[^>]*>(.*?)</div>', field, re.S)
    if match is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def add_document(client, name: str, content: bytes, title: str = "Helen's story"):
    return client.post(
        reverse("wagtaildocs:add"), {"title": title, "file": SimpleUploadedFile(name, content)}
    )


def add_documents(client, name: str, content: bytes) -> dict:
    """Upload one file through the multiple uploader; its JSON answer."""
    response = client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    return json.loads(response.content)


def add_image(client, name: str, content: bytes, title: str = "Sam at home"):
    return client.post(
        reverse("wagtailimages:add"), {"title": title, "file": SimpleUploadedFile(name, content)}
    )


def not_one(kind: str) -> str:
    return (
        f"This file says it is {kind}, but it is not one. Save it as {kind} again and upload that."
    )


# --- Random names ------------------------------------------------------------


def test_an_uploaded_document_is_stored_under_a_random_name_without_the_original(
    editor,
    media,
):
    content = pdf_bytes()
    response = add_document(editor, "Helen Smith care plan.pdf", content)
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert re.fullmatch(rf"documents/{RANDOM_NAME}\.pdf", document.file.name)
    assert "helen" not in document.file.name.lower()
    assert "care" not in document.file.name.lower()
    assert stored_files(media) == [document.file.name]
    assert (media / document.file.name).read_bytes() == content
    # The title is what editors see and search for; it is not part of the stored name.
    assert document.title == "Helen's story"


def test_the_stored_extension_is_lower_cased(editor):
    assert add_document(editor, "HELEN.PDF", pdf_bytes()).status_code == 302
    assert get_document_model().objects.get().file.name.endswith(".pdf")


def test_the_same_name_uploaded_twice_is_stored_under_two_different_names(editor, media):
    add_document(editor, "plan.pdf", pdf_bytes("First"))
    add_document(editor, "plan.pdf", pdf_bytes("Second"))
    names = list(get_document_model().objects.values_list("file", flat=True))
    assert len(set(names)) == 2
    assert stored_files(media) == sorted(names)


@pytest.mark.parametrize(
    ("original", "extension"),
    [
        ("Helen Smith.PDF", ".pdf"),
        ("photo.JPEG", ".jpeg"),
        ("captions.vtt", ".vtt"),
        ("notes.exe", ""),
        ("page.html", ""),
        ("plan.pdf.exe", ""),
        ("drawing.svg", ""),
        ("README", ""),
    ],
)
def test_a_stored_name_keeps_only_an_allowed_lower_case_extension(original, extension):
    name = random_file_name(original_name=original, allowed_extensions=upload_extensions())
    assert re.fullmatch(RANDOM_NAME + re.escape(extension), name)


def test_the_storage_still_refuses_a_path_that_climbs_out_of_its_folder():
    with pytest.raises(SuspiciousFileOperation):
        RandomNameStorage().generate_filename("../settings/secret.pdf")


def test_the_default_storage_keeps_the_folder_and_randomises_only_the_name():
    name = default_storage.generate_filename("documents/Helen Smith.pdf")
    assert re.fullmatch(rf"documents/{RANDOM_NAME}\.pdf", name)


def test_a_stored_document_is_still_served_by_wagtail(editor):
    content = VALID_DOCUMENTS["docx"]
    add_document(editor, "Helen.docx", content)
    document = get_document_model().objects.get()
    response = editor.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    # The download is named after the title (cms/downloads.py), never the random stored name.
    assert response["Content-Disposition"] == 'attachment; filename="helens-story.docx"'


# --- Document content --------------------------------------------------------


@pytest.mark.parametrize("extension", sorted(VALID_DOCUMENTS))
def test_each_allowed_document_type_is_accepted_when_its_content_matches(
    editor,
    media,
    extension,
):
    content = VALID_DOCUMENTS[extension]
    response = add_document(editor, f"Handout.{extension.upper()}", content)
    assert response.status_code == 302, field_errors(response.content.decode(), "file")
    document = get_document_model().objects.get()
    assert re.fullmatch(rf"documents/{RANDOM_NAME}\.{extension}", document.file.name)
    # The check reads the upload; what is stored must still be the whole file.
    assert (media / document.file.name).read_bytes() == content
    assert document.file_hash


def test_every_allowed_document_extension_has_a_content_check_and_a_name():
    allowed = {extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS}
    assert allowed <= set(CHECKS)
    assert allowed <= set(DOCUMENT_KINDS)
    assert allowed == set(VALID_DOCUMENTS)


MISMATCHES = [
    ("Helen.pdf", VALID_DOCUMENTS["docx"], "a PDF"),
    ("Helen.pdf", b"<html><script>alert(1)</script></html>", "a PDF"),
    ("Helen.docx", pdf_bytes(), "a Word document"),
    ("Helen.docx", xlsx_bytes(), "a Word document"),
    ("Helen.docx", office_bytes("docx", main_type=DOCM_TYPE), "a Word document"),
    ("Slides.pptx", VALID_DOCUMENTS["docx"], "a PowerPoint presentation"),
    ("Budget.xlsx", CSV, "an Excel spreadsheet"),
    ("Helen.odt", odt_bytes(ODS_TYPE), "an OpenDocument text document"),
    ("Helen.odt", VALID_DOCUMENTS["docx"], "an OpenDocument text document"),
    ("Helen.rtf", TXT, "a rich text (RTF) file"),
    ("Helen.txt", picture_bytes(), "a plain text file"),
    ("Budget.csv", xlsx_bytes(), "a CSV file"),
    ("Helen.brf", mp4_bytes(), "a Braille-ready (BRF) file"),
    ("Captions.vtt", TXT, "a WebVTT captions file"),
    ("Captions.vtt", RTF, "a WebVTT captions file"),
    ("Video.mp4", webm_bytes(), "an MP4 video"),
    ("Video.mp4", mp4_bytes(brand=b"heic"), "an MP4 video"),
    ("Video.webm", mp4_bytes(), "a WebM video"),
    ("Video.webm", webm_bytes(doctype=b"matroska"), "a WebM video"),
]


@pytest.mark.parametrize(("name", "content", "kind"), MISMATCHES)
def test_a_document_whose_content_does_not_match_its_extension_is_refused_next_to_the_field(
    editor,
    media,
    name,
    content,
    kind,
):
    response = add_document(editor, name, content)
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "file") == not_one(kind)
    assert not get_document_model().objects.exists()
    assert stored_files(media) == []


def test_a_csv_not_saved_as_utf8_is_refused_with_how_to_save_it_as_utf8(editor, media):
    response = add_document(editor, "Budget.csv", "Name,Budget\nSam,£120\n".encode("cp1252"))
    assert field_errors(response.content.decode(), "file") == (
        "This file says it is a CSV file, but it is not saved as UTF-8 text. "
        "Save it again as UTF-8 (in Excel, choose “CSV UTF-8”) and upload that."
    )
    assert stored_files(media) == []


def test_an_old_or_password_protected_word_file_is_refused_with_a_message_saying_so(editor):
    response = add_document(editor, "Helen.docx", OLE_MAGIC + bytes(504))
    assert field_errors(response.content.decode(), "file") == (
        "This file says it is a Word document, but it is in an older format or protected "
        "with a password. Remove any password, save it as a Word document again and upload that."
    )
    assert not get_document_model().objects.exists()


def test_a_type_of_file_not_allowed_is_refused_with_one_plain_message(editor, media):
    response = add_document(editor, "Helen.html", b"<html><script>alert(1)</script></html>")
    assert field_errors(response.content.decode(), "file") == (
        "This type of file cannot be uploaded. Upload a file ending .csv, .docx, .odt, .pdf, "
        ".pptx, .rtf, .txt, .xlsx, .brf, .vtt, .mp4 or .webm."
    )
    assert stored_files(media) == []


def test_a_type_added_to_the_allowed_list_without_a_check_is_refused(editor, settings):
    settings.WAGTAILDOCS_EXTENSIONS = [*settings.WAGTAILDOCS_EXTENSIONS, "zip"]
    response = add_document(editor, "Handouts.zip", xlsx_bytes())
    assert field_errors(response.content.decode(), "file") == (
        "Files ending .zip cannot be uploaded yet: there is no check for them."
    )
    assert not get_document_model().objects.exists()


def test_a_document_at_the_size_limit_is_accepted(editor, media):
    content = b"%PDF-1.7\n" + b"%" * (TEN_MB - 9)
    assert len(content) == settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == TEN_MB
    assert add_document(editor, "Big handout.pdf", content).status_code == 302
    document = get_document_model().objects.get()
    assert (media / document.file.name).stat().st_size == TEN_MB


def test_a_document_over_the_size_limit_is_refused_with_a_plain_message(editor, media):
    response = add_document(editor, "Big handout.pdf", b"%PDF-1.7\n" + b"%" * TEN_MB)
    errors = field_errors(response.content.decode(), "file")
    assert errors.startswith("This file is 10.0")
    assert errors.endswith(
        "The largest file you can upload is 10 MB. "
        "Make it smaller, or split it into parts, and upload each part."
    )
    assert not get_document_model().objects.exists()
    assert stored_files(media) == []


def test_replacing_a_documents_file_with_a_mismatched_one_is_refused_and_keeps_the_old_file(
    editor,
    media,
):
    add_document(editor, "Helen.pdf", pdf_bytes())
    document = get_document_model().objects.get()
    response = editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Helen's story", "file": SimpleUploadedFile("Helen.pdf", TXT)},
    )
    assert field_errors(response.content.decode(), "file") == not_one("a PDF")
    document.refresh_from_db()
    assert stored_files(media) == [document.file.name]


def test_editing_a_documents_title_alone_does_not_recheck_or_move_its_file(editor, media):
    add_document(editor, "Helen.pdf", pdf_bytes())
    document = get_document_model().objects.get()
    response = editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]), {"title": "Helen's story, large print"}
    )
    assert response.status_code == 302
    edited = get_document_model().objects.get()
    assert edited.title == "Helen's story, large print"
    assert edited.file.name == document.file.name
    assert stored_files(media) == [document.file.name]


def test_the_chooser_upload_tab_refuses_a_mismatched_document(editor, media):
    response = editor.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Helen's story",
            "document-chooser-upload-file": SimpleUploadedFile("Helen.pdf", TXT),
        },
    )
    assert not_one("a PDF") in json.loads(response.content)["htmlFragment"]
    assert stored_files(media) == []


# --- The multiple uploader ---------------------------------------------------


def test_the_multiple_uploader_stores_a_valid_document_under_a_random_name(editor, media):
    answer = add_documents(editor, "Helen Smith care plan.odt", VALID_DOCUMENTS["odt"])
    assert answer["success"] is True
    document = get_document_model().objects.get(pk=answer["doc_id"])
    assert re.fullmatch(rf"documents/{RANDOM_NAME}\.odt", document.file.name)
    assert stored_files(media) == [document.file.name]


def test_the_multiple_uploader_refuses_a_mismatched_document_with_the_message(
    editor,
    media,
):
    answer = add_documents(editor, "Video.mp4", VTT)
    assert answer == {"success": False, "error_message": not_one("an MP4 video")}
    assert not get_document_model().objects.exists()
    assert stored_files(media) == []


def test_the_multiple_uploader_refuses_an_oversized_document(editor, media):
    answer = add_documents(editor, "Video.mp4", mp4_bytes() + bytes(TEN_MB))
    assert answer["success"] is False
    assert "The largest file you can upload is 10 MB." in answer["error_message"]
    assert stored_files(media) == []


def test_the_multiple_uploaders_page_tells_its_script_the_plain_size_message(editor):
    html = editor.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert "This file is too big. The largest file you can upload is 10 MB." in html


# --- Images ------------------------------------------------------------------


def test_an_uploaded_image_is_stored_under_a_random_name(editor, media):
    response = add_image(editor, "Sam Smith at home.PNG", picture_bytes())
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert re.fullmatch(rf"original_images/{RANDOM_NAME}\.png", image.file.name)
    assert stored_files(media) == [image.file.name]


def test_an_image_rendition_is_made_and_stored_under_a_random_name(editor, media):
    add_image(editor, "Sam.png", picture_bytes(width=640, height=480))
    image = get_image_model().objects.get()
    rendition = image.get_rendition("max-100x100")
    assert (rendition.width, rendition.height) == (100, 75)
    assert re.fullmatch(rf"images/{RANDOM_NAME}\.png", rendition.file.name)
    assert (media / rendition.file.name).is_file()
    # Asked again, Wagtail finds the same rendition rather than making another.
    assert image.get_rendition("max-100x100").file.name == rendition.file.name


def test_a_text_file_renamed_png_is_refused_by_wagtails_own_image_check(editor, media):
    response = add_image(editor, "Sam.png", b"Not a picture at all.\n")
    assert field_errors(response.content.decode(), "file") == (
        "This file is not a picture, or it is damaged. Save the picture again and upload that."
    )
    assert not get_image_model().objects.exists()
    assert stored_files(media) == []


def test_a_jpeg_renamed_png_is_refused(editor, media):
    response = add_image(editor, "Sam.png", picture_bytes(image_format="JPEG"))
    assert field_errors(response.content.decode(), "file") == (
        "This file says it is a .png picture, but it is not one. "
        "Save it as .png again and upload that."
    )
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Sam.bmp", picture_bytes(image_format="BMP")),
        # A browser runs scripts inside SVG, so SVG is not an allowed picture type.
        (
            "Sam.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(1)</script></svg>",
        ),
    ],
)
def test_a_picture_type_not_allowed_is_refused_with_the_endings_that_are(
    editor,
    media,
    name,
    content,
):
    response = add_image(editor, name, content)
    assert field_errors(response.content.decode(), "file") == (
        "This type of file cannot be uploaded as a picture. "
        "Upload a file ending .avif, .gif, .jpg, .jpeg, .png or .webp."
    )
    assert stored_files(media) == []


def test_an_image_over_the_size_limit_is_refused(editor, media):
    # Random pixels do not compress, so this real PNG is over 10 MB.
    noise = noise_png_bytes(width=1900, height=1900)
    assert len(noise) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == TEN_MB
    response = add_image(editor, "Sam.png", noise)
    errors = field_errors(response.content.decode(), "file")
    assert errors.startswith("This file is 10.")
    assert errors.endswith(
        "The largest file you can upload is 10 MB. Make it smaller and upload it again."
    )
    assert stored_files(media) == []


def test_a_small_image_with_too_many_pixels_is_refused(editor, media):
    # 56 million black-and-white pixels compress to a few KB, but would take
    # hundreds of MB of memory to resize.
    huge = picture_bytes(width=8000, height=7000, mode="1")
    assert len(huge) < 1024 * 1024
    response = add_image(editor, "Sam.png", huge)
    assert field_errors(response.content.decode(), "file") == (
        "This picture has too many pixels. The most a picture can have is 50 million pixels. "
        "Make it smaller and upload it again."
    )
    assert stored_files(media) == []


def test_the_multiple_image_uploaders_page_tells_its_script_the_plain_messages(editor):
    html = editor.get(reverse("wagtailimages:add_multiple")).content.decode()
    assert "This file is too big. The largest file you can upload is 10 MB." in html
    assert "This type of file cannot be uploaded as a picture." in html


def test_the_multiple_image_uploader_still_finds_duplicates_by_content(editor):
    content = picture_bytes()
    url = reverse("wagtailimages:add_multiple")
    first = editor.post(url, {"files[]": SimpleUploadedFile("Sam.png", content)}).json()
    second = editor.post(url, {"files[]": SimpleUploadedFile("Sam again.png", content)}).json()
    assert first["success"] is True
    assert first["duplicate"] is False
    assert second["duplicate"] is True
    names = list(get_image_model().objects.values_list("file", flat=True))
    assert len(set(names)) == 2
