from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who viewed, downloaded, shared, changed or erased personal data, and when."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit log"
