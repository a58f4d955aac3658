"""File storage that keeps uploads under random names.

A file's original name can carry personal details ("Helen Smith care plan.pdf")
and makes stored files guessable, so uploads are kept as
``<folder>/<32 random hex characters>.<extension>``. Only an allow-listed,
lower-cased extension survives: it decides the content type a file is served
with, so it must never be something a browser would run.

The name is chosen in ``generate_filename``, which Django calls only for files
saved through a model ``FileField`` (Wagtail documents and images, their
renditions, and Wagtail's ``UploadedFile``). Code that calls ``storage.save()``
with a name of its own, such as the demo's fixed pictogram names, keeps it.
Wagtail finds renditions, duplicates (by ``file_hash``) and documents (by id,
then checks the stored name) through the database, never by the original name,
so none of them depend on it.
"""

import os
import secrets
from collections.abc import Collection

from django.conf import settings
from django.core.files.storage import FileSystemStorage

# Formats Wagtail writes renditions in (wagtail.images.models.IMAGE_FORMAT_EXTENSIONS),
# less SVG: no SVG upload is allowed, and a browser runs scripts in SVG.
RENDITION_EXTENSIONS = frozenset({"avif", "gif", "heic", "ico", "jpg", "jpeg", "png", "webp"})
RANDOM_NAME_BYTES = 16


def upload_extensions() -> frozenset[str]:
    """Every extension a stored upload may keep: allowed documents, images and renditions."""
    from wagtail.images.utils import get_allowed_image_extensions

    allowed = {*getattr(settings, "WAGTAILDOCS_EXTENSIONS", []), *get_allowed_image_extensions()}
    return frozenset(extension.lower() for extension in allowed) | RENDITION_EXTENSIONS


def random_file_name(*, original_name: str, allowed_extensions: Collection[str]) -> str:
    """A random base name with the original's extension, lower-cased, if it is allowed.

    "Helen Smith.PDF" gives something like "3f9c0b…e1.pdf"; "notes.exe" or
    "notes" give a name with no extension at all.
    """
    extension = os.path.splitext(original_name)[1].lower().lstrip(".")
    token = secrets.token_hex(RANDOM_NAME_BYTES)
    if extension and extension in allowed_extensions:
        return f"{token}.{extension}"
    return token


class RandomNameStorage(FileSystemStorage):
    """``FileSystemStorage`` that stores every model-field upload under a random name."""

    def generate_filename(self, filename):
        # Django's version first: it refuses path traversal and cleans the name;
        # then only the last part is replaced, so the folder (upload_to) stays.
        cleaned = super().generate_filename(filename)
        folder, original_name = os.path.split(cleaned)
        return os.path.join(
            folder,
            random_file_name(original_name=original_name, allowed_extensions=upload_extensions()),
        )
