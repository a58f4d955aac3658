from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Site-wide pieces: the home page, shared blocks, base templates, display settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Site and pages"
