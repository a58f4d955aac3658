from django.apps import AppConfig


class LearningConfig(AppConfig):
    """Learning records: enrolments, cohorts, attendance, mentoring, feedback, certificates."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = "Learning"
