from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Support plans: each person's own plan, and every format it can be downloaded in."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Support plans"
