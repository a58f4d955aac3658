"""Site-wide forms with plain-English messages: signing in, and Wagtail's uploads.

``SignInForm`` is the sign-in page's form (``cms/urls.py``).

``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE`` point
here, so every way of adding or replacing a document or image uses them: the
add and edit pages, the multiple uploader (which builds this form, with its
file, to check each upload before saving), the upload tab of the chooser, and
Wagtail's admin API.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm
from wagtail.images.utils import get_allowed_image_extensions

from cms.blocks import file_size_text
from cms.images import picture_metadata_strip
from cms.uploads import DOCUMENT_KINDS, document_upload_problem, endings_text

SIGN_IN_HELP = "If you still cannot sign in, ask the person who runs your course or sessions."


class SignInForm(AuthenticationForm):
    """Django's sign-in form with messages that say what to do.

    A username and password that do not match is shown next to the password
    box (and linked from the error summary), where the person types again.
    """

    error_messages = {
        "invalid_login": (
            "The username or password is not right. Check them and try again: capital "
            f"letters count. {SIGN_IN_HELP}"
        ),
        "inactive": f"This account is switched off, so it cannot sign in. {SIGN_IN_HELP}",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        """Check the username and password; a mismatch is an error on the password box."""
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("password", error)
            return self.cleaned_data


def too_big_messages(*, max_size: int, how_to_fix: str) -> dict[str, str]:
    """Plain-English "file too big" messages for Wagtail's file fields.

    ``file_too_large`` is filled in by Wagtail with ``file_size``; the other is
    shown by the multiple uploader's script, which cannot know the size.
    """
    limit = file_size_text(max_size)
    return {
        "file_too_large": (
            f"This file is %(file_size)s. The largest file you can upload is {limit}. {how_to_fix}"
        ),
        "file_too_large_unknown_size": (
            f"This file is too big. The largest file you can upload is {limit}. {how_to_fix}"
        ),
    }


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content does not match their extension."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        if file_field is not None and max_size is not None:
            file_field.error_messages.update(
                too_big_messages(
                    max_size=max_size,
                    how_to_fix="Make it smaller, or split it into parts, and upload each part.",
                )
            )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a new upload is checked; an edit that keeps the file passes the stored one.
        if not isinstance(file, UploadedFile):
            return file
        # Unset, Wagtail allows any extension; here that means any we can check.
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or list(DOCUMENT_KINDS)
        problem = document_upload_problem(
            name=file.name or "", file=file, allowed_extensions=allowed
        )
        if problem:
            raise ValidationError(problem, code="invalid_document")
        return file

    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension of the model's file. When
        # the upload has already been refused, that file is the empty one, so it adds
        # a second, wrong message ("File extension “” is not allowed"): keep only ours.
        file_errors = self._errors.get("file")
        refused = list(file_errors.as_data()) if file_errors else None
        super()._post_clean()
        if refused is not None:
            self._errors["file"] = self.error_class(refused, renderer=self.renderer)


def picture_messages(*, extensions: list[str], max_pixels: int | None) -> dict[str, str]:
    """Plain-English messages for Wagtail's image field, which checks the content itself.

    Wagtail fills in ``extension`` (the file's ending) where it is used.
    """
    messages = {
        "invalid_image": (
            "This file is not a picture, or it is damaged. Save the picture again and upload that."
        ),
        "invalid_image_extension": (
            "This type of file cannot be uploaded as a picture. "
            f"Upload a file ending {endings_text(extensions=extensions)}."
        ),
        "invalid_image_known_format": (
            "This file says it is a .%(extension)s picture, but it is not one. "
            "Save it as .%(extension)s again and upload that."
        ),
    }
    if max_pixels is not None:
        messages["file_too_many_pixels"] = (
            "This picture has too many pixels. The most a picture can have is "
            f"{max_pixels / 1_000_000:g} million pixels. Make it smaller and upload it again."
        )
    return messages


class ImageForm(BaseImageForm):
    """Wagtail's image form with messages that say what to do.

    A new picture loses its EXIF, GPS and XMP here (``cms.images``), before
    Wagtail works out its size, hash and dimensions from it.
    """

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file
        cleaned = picture_metadata_strip(file=file, name=file.name or "")
        if cleaned is None:
            return file
        return SimpleUploadedFile(
            file.name, cleaned.read(), content_type=getattr(file, "content_type", None)
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if file_field is None:
            return
        # The field reads the same settings; it is the one place that knows the limits in use.
        file_field.error_messages.update(
            picture_messages(
                extensions=get_allowed_image_extensions(), max_pixels=file_field.max_image_pixels
            )
        )
        if file_field.max_upload_size is not None:
            file_field.error_messages.update(
                too_big_messages(
                    max_size=file_field.max_upload_size,
                    how_to_fix="Make it smaller and upload it again.",
                )
            )
