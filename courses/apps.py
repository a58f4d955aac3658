from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Training: courses and modules for champions and enablers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "Training"
