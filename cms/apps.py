from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Site-wide pieces: the home page, shared blocks, base templates, display settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Site and pages"

    def ready(self) -> None:
        """Every sign-in starts the clocks of the sign-in time-outs (cms.middleware);
        ``check --deploy`` checks that email is set up (cms.checks)."""
        from django.contrib.auth.signals import user_logged_in

        from cms import checks  # noqa: F401  (registers the checks)

        user_logged_in.connect(_sign_in_clocks_start, dispatch_uid="cms-sign-in-clocks")
        _picture_metadata_check_connect()


def _picture_metadata_check_connect() -> None:
    """No picture is stored with its EXIF, GPS or XMP, however it is saved (cms.images)."""
    from django.db.models.signals import pre_save
    from wagtail.images import get_image_model

    from cms.images import image_pre_save_strip

    pre_save.connect(
        image_pre_save_strip, sender=get_image_model(), dispatch_uid="cms-picture-metadata"
    )


def _sign_in_clocks_start(sender, request, user, **kwargs) -> None:
    from cms.middleware import sign_in_start

    if request is not None and hasattr(request, "session"):
        sign_in_start(request.session)
