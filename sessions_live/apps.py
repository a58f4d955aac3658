from django.apps import AppConfig


class SessionsLiveConfig(AppConfig):
    """Planning Live: the real-time group planning board."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions_live"
    verbose_name = "Planning Live"
