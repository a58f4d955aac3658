from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Site-wide pieces: the home page, shared blocks, base templates, display settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Site and pages"

    def ready(self) -> None:
        """Every sign-in starts the clocks of the sign-in time-outs (cms.middleware)."""
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_sign_in_clocks_start, dispatch_uid="cms-sign-in-clocks")


def _sign_in_clocks_start(sender, request, user, **kwargs) -> None:
    from cms.middleware import sign_in_start

    if request is not None and hasattr(request, "session"):
        sign_in_start(request.session)
