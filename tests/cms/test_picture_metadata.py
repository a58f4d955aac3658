"""Pictures are stored without their location, EXIF, XMP or comments, the right way up,
and no resized version (rendition) carries any of it either.

The pictures are real files made with Pillow, with GPS tags written through
``Image.Exif``, uploaded through Wagtail's own admin as an editor would.
"""

import io

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from cms.images import picture_has_metadata, picture_metadata_strip, pictures_metadata_strip
from tests.courses.factories import media_root  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>Sam Smith, 12 Elm Road</x:xmpmeta>'
RED, BLUE = (220, 0, 0), (0, 0, 220)


def exif_with_location(*, orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, time, orientation and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.DateTimeOriginal] = "2025:06:01 10:00:00"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 40.0)
    return exif


def sideways_photo(*, image_format: str = "JPEG", orientation: int = 6) -> bytes:
    """A 120x80 picture, red on its left half, stored sideways as cameras do.

    Orientation 6 means "turn 90° clockwise to show": shown, it is 80x120 with
    red on top.
    """
    picture = Image.new("RGB", (120, 80), BLUE)
    picture.paste(RED, (0, 0, 60, 80))
    buffer = io.BytesIO()
    options = {"exif": exif_with_location(orientation=orientation)}
    if image_format in {"JPEG", "WEBP"}:
        options["xmp"] = XMP
    if image_format == "JPEG":
        options.update(quality=95, comment=b"Sam's house")
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Sam Smith")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options["pnginfo"] = text
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def opened(storage_file) -> Image.Image:
    with storage_file.storage.open(storage_file.name, "rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
    picture.load()
    return picture


def assert_clean(picture: Image.Image) -> None:
    assert not picture.getexif()
    assert picture.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Author"):
        assert key not in picture.info
    assert not picture_has_metadata(picture=picture)


def near(colour, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))


@pytest.fixture
def editor(client, media_root):  # noqa: F811
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client


def upload(client, *, name: str, content: bytes, title: str = "Sam at home"):
    response = client.post(
        reverse("wagtailimages:add"), {"title": title, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content[:2000]
    return get_image_model().objects.get(title=title)


def test_the_sample_photo_really_has_a_location_to_remove():
    picture = Image.open(io.BytesIO(sideways_photo()))
    assert picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert picture_has_metadata(picture=picture)


def test_an_uploaded_photo_is_stored_without_its_location_and_the_right_way_up(editor):
    image = upload(editor, name="IMG_0001.JPG", content=sideways_photo())
    stored = opened(image.file)
    assert_clean(stored)
    # Turned as EXIF said, so the picture still shows as it was taken: red on top.
    assert stored.size == (80, 120) == (image.width, image.height)
    assert near(stored.getpixel((40, 10)), RED)
    assert near(stored.getpixel((40, 110)), BLUE)
    # Wagtail's size and hash are of the stored, clean file (duplicates are found by hash).
    with image.file.storage.open(image.file.name, "rb") as file:
        assert image.file_hash == hash_filelike(file)
    assert image.file_size == image.file.storage.size(image.file.name)


def test_a_resized_version_of_an_uploaded_photo_carries_no_location_either(editor):
    image = upload(editor, name="IMG_0002.jpg", content=sideways_photo())
    for spec in ("width-40", "fill-30x30", "max-50x50|format-png", "width-40|format-webp"):
        rendition = opened(image.get_rendition(spec).file)
        assert_clean(rendition)


@pytest.mark.parametrize(("image_format", "name"), [("PNG", "map.png"), ("WEBP", "map.webp")])
def test_png_and_webp_uploads_lose_their_exif_xmp_and_text_too(editor, image_format, name):
    image = upload(editor, name=name, content=sideways_photo(image_format=image_format))
    stored = opened(image.file)
    assert stored.format == image_format
    assert_clean(stored)
    assert stored.size == (80, 120)


def test_a_picture_made_in_code_is_stored_clean_too(media_root):  # noqa: F811
    # Not through the form: the model's own check catches it.
    image = get_image_model().objects.create(
        title="Made in code", file=ImageFile(io.BytesIO(sideways_photo()), name="photo.jpg")
    )
    stored = opened(image.file)
    assert_clean(stored)
    assert stored.size == (80, 120) == (image.width, image.height)


def test_a_picture_with_nothing_to_remove_is_left_exactly_as_it_was(editor):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), BLUE).save(buffer, format="PNG")
    assert picture_metadata_strip(file=io.BytesIO(buffer.getvalue())) is None
    image = upload(editor, name="plain.png", content=buffer.getvalue())
    with image.file.storage.open(image.file.name, "rb") as stored:
        assert stored.read() == buffer.getvalue()


def dirty_image_in_store():
    """An image stored before uploads were cleaned: its file and a rendition keep the location."""
    image = get_image_model().objects.create(
        title="Old photo", file=ImageFile(io.BytesIO(sideways_photo(orientation=1)), name="a.jpg")
    )
    storage, name = image.file.storage, image.file.name
    storage.delete(name)
    storage.save(name, io.BytesIO(sideways_photo(orientation=1)))
    rendition = image.get_rendition("width-60")
    rendition_name = rendition.file.name
    storage.delete(rendition_name)
    storage.save(rendition_name, io.BytesIO(sideways_photo(orientation=1)))
    assert picture_has_metadata(picture=opened(image.file))
    return image, rendition_name


def test_pictures_stored_before_are_cleaned_and_their_resized_versions_made_again(media_root):  # noqa: F811
    image, rendition_name = dirty_image_in_store()
    model = get_image_model()
    counts = pictures_metadata_strip(image_model=model, rendition_model=model.get_rendition_model())
    assert counts == {"images": 1, "renditions": 1}
    image.refresh_from_db()
    assert_clean(opened(image.file))
    assert not image.file.storage.exists(rendition_name)
    assert not image.renditions.exists()
    with image.file.storage.open(image.file.name, "rb") as file:
        assert image.file_hash == hash_filelike(file)
    # Made again from the clean original, without the location.
    assert_clean(opened(image.get_rendition("width-60").file))
    # Running it again changes nothing.
    assert pictures_metadata_strip(
        image_model=model, rendition_model=model.get_rendition_model()
    ) == {"images": 0, "renditions": 0}


def test_the_migration_and_the_command_clean_old_pictures(media_root):  # noqa: F811
    from importlib import import_module

    from django.apps import apps

    image, _ = dirty_image_in_store()
    migration = import_module("cms.migrations.0003_pictures_metadata_strip")
    migration.pictures_clean(apps, None)
    image.refresh_from_db()
    assert_clean(opened(image.file))

    dirty_image_in_store()
    output = io.StringIO()
    call_command("pictures_metadata_strip", stdout=output)
    assert "Pictures cleaned: 1." in output.getvalue()
