from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who viewed, downloaded, shared, changed or erased personal data, and when."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        """Record what the site app announces (cms cannot import this app)."""
        from audit.receivers import second_factor_reset_record
        from cms.second_factor import second_factor_was_reset

        second_factor_was_reset.connect(
            second_factor_reset_record, dispatch_uid="audit-second-factor-reset"
        )
