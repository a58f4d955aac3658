"""Pictures are stored without where, when and on what they were taken.

A phone photo carries EXIF (often with the GPS position of someone's home),
XMP and comments. Wagtail keeps them in the stored original, which anyone can
read under ``/media/original_images/``, and copies EXIF into every resized
version (rendition) it makes. So every picture is rewritten without them:
EXIF's orientation is applied to the pixels first, so the picture still shows
the right way up; the colour profile is kept, since it is not about anyone.

``picture_metadata_strip`` does it to one file; it is used by the image form
(``cms.forms.ImageForm``, before Wagtail works out the file's size, hash and
dimensions), by a ``pre_save`` check on the image model for pictures saved any
other way (``cms.apps``), and by ``pictures_metadata_strip`` for pictures stored
before this existed (migration ``cms.0003``).
"""

import io
import logging
import os
from typing import IO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

logger = logging.getLogger(__name__)

EXIF_ORIENTATION = 0x0112
# Keys Pillow puts in ``Image.info`` for metadata about the picture's making.
METADATA_INFO_KEYS = frozenset(
    {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "mp", "mpoffset"}
)
# How each format is written again. MPO (a phone's JPEG with extra pictures
# inside) is written as a plain JPEG: the extra pictures can carry metadata too.
SAVE_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WEBP",
    "AVIF": "AVIF",
}
LOSSY_QUALITY = 90


def picture_has_metadata(*, picture: Image.Image) -> bool:
    """Whether ``picture`` (opened with Pillow) carries EXIF, XMP, comments or text."""
    if picture.format == "MPO":
        return True
    if any(picture.info.get(key) for key in METADATA_INFO_KEYS):
        return True
    if picture.getexif():
        return True
    # PNG text chunks (tEXt, zTXt, iTXt): authors, software, XMP.
    return bool(getattr(picture, "text", None))


def picture_metadata_strip(*, file: IO[bytes], name: str = "") -> ContentFile | None:
    """The picture in ``file`` again, without metadata; None if it has none (or is not one).

    EXIF orientation is applied to the pixels first. A JPEG is written again
    with its own quantisation tables and subsampling, so it loses no visible
    quality; PNG and GIF are lossless anyway. Animated pictures keep every frame.
    ``file`` is read from the start and left at the start.
    """
    file.seek(0)
    try:
        with Image.open(file) as picture:
            save_format = SAVE_FORMATS.get(picture.format or "")
            if save_format is None or not picture_has_metadata(picture=picture):
                return None
            content = _picture_rewrite(picture=picture, save_format=save_format)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        # Not a picture Pillow can rewrite: Wagtail's own checks refuse it on upload.
        logger.warning("Could not remove metadata from picture %r: %s", name, error)
        return None
    finally:
        file.seek(0)
    return ContentFile(content, name=os.path.basename(name or getattr(file, "name", "") or ""))


def _picture_rewrite(*, picture: Image.Image, save_format: str) -> bytes:
    options: dict = {}
    if icc_profile := picture.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if save_format == "JPEG":
        options.update(
            qtables=picture.quantization,
            subsampling=JpegImagePlugin.get_sampling(picture),
            comment=b"",
        )
        if options["subsampling"] == -1:
            del options["subsampling"]
    elif save_format == "GIF":
        options["comment"] = b""
    elif save_format in {"WEBP", "AVIF"}:
        options["quality"] = LOSSY_QUALITY
    animated = getattr(picture, "is_animated", False) and save_format != "JPEG"
    if animated:
        frames = []
        for index in range(picture.n_frames):
            picture.seek(index)
            frames.append(picture.copy())
        first, rest = frames[0], frames[1:]
        options.update(
            save_all=True,
            append_images=rest,
            duration=[frame.info.get("duration", 100) for frame in frames],
            loop=picture.info.get("loop", 0),
        )
    else:
        first = ImageOps.exif_transpose(picture)
        if first is picture:  # exif_transpose returns the same picture when nothing turns
            first = picture.copy()
    # A copy's info still holds the original's metadata; what is written is only
    # what ``options`` names, but clear it so no format's writer falls back on it.
    first.info = {key: value for key, value in first.info.items() if key in KEPT_INFO_KEYS}
    buffer = io.BytesIO()
    first.save(buffer, format=save_format, **options)
    return buffer.getvalue()


# What a rewritten picture keeps from the original's info: how it looks, nothing more.
KEPT_INFO_KEYS = frozenset(
    {"icc_profile", "dpi", "transparency", "background", "duration", "loop", "gamma"}
)


def image_file_metadata_strip(*, image) -> bool:
    """Rewrite a Wagtail image's file without metadata, if it has any; True if it did.

    Works on a saved image (its stored file is replaced under the same name) and
    keeps the image's size, hash and dimensions in step with the new file.
    Renditions are not touched here: ``pictures_metadata_strip`` deletes them.
    """
    storage, name = image.file.storage, image.file.name
    if not name or not storage.exists(name):
        return False
    with storage.open(name, "rb") as stored:
        cleaned = picture_metadata_strip(file=stored, name=name)
    if cleaned is None:
        return False
    storage.delete(name)
    saved_name = storage.save(name, cleaned)
    image.file.name = saved_name
    _image_fields_update(image=image, content=cleaned)
    return True


def _image_fields_update(*, image, content: ContentFile) -> None:
    """Set ``file_size``, ``file_hash``, ``width`` and ``height`` from the new file."""
    from wagtail.utils.file import hash_filelike

    content.seek(0)
    with Image.open(content) as picture:
        image.width, image.height = picture.size
    content.seek(0)
    image.file_size = content.size
    image.file_hash = hash_filelike(content)
    content.seek(0)


def image_pre_save_strip(sender, instance, **kwargs) -> None:
    """``pre_save`` for the image model: no picture is stored with metadata, however saved.

    Uploads through Wagtail's forms are already clean (``cms.forms.ImageForm``);
    this catches everything else: code that makes images, and Wagtail's multiple
    uploader when a picture waited for its details. A new file not yet stored
    is replaced before it is written; a stored one is rewritten in place.
    """
    if kwargs.get("raw") or not instance.file:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "file" not in update_fields:
        return
    file = instance.file
    if not file._committed:
        cleaned = picture_metadata_strip(file=file.file, name=file.name)
        if cleaned is not None:
            file.file = cleaned  # FieldFile stores this file when the field saves
            _image_fields_update(image=instance, content=cleaned)
        return
    image_file_metadata_strip(image=instance)


def pictures_metadata_strip(*, image_model, rendition_model) -> dict[str, int]:
    """Remove metadata from every stored image, and delete renditions made with it.

    Renditions of a cleaned image, and any rendition whose own file has
    metadata, are deleted (file and row): Wagtail makes them again, clean, the
    next time a page asks. Safe to run again: clean pictures are left alone.
    Returns counts of ``images`` rewritten and ``renditions`` deleted.
    """
    cleaned_ids = set()
    for image in image_model.objects.all().iterator():
        try:
            changed = image_file_metadata_strip(image=image)
        except OSError as error:
            logger.warning("Could not clean picture %s: %s", image.pk, error)
            continue
        if changed:
            image.save(update_fields=["file", "file_size", "file_hash", "width", "height"])
            cleaned_ids.add(image.pk)
    deleted = 0
    for rendition in rendition_model.objects.all().iterator():
        if rendition.image_id in cleaned_ids or _stored_file_has_metadata(file=rendition.file):
            if rendition.file.name:
                rendition.file.storage.delete(rendition.file.name)
            rendition.delete()
            deleted += 1
    return {"images": len(cleaned_ids), "renditions": deleted}


def _stored_file_has_metadata(*, file) -> bool:
    if not file.name or not file.storage.exists(file.name):
        return False
    try:
        with file.storage.open(file.name, "rb") as stored, Image.open(stored) as picture:
            return picture_has_metadata(picture=picture)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False
