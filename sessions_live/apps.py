from django.apps import AppConfig


class SessionsLiveConfig(AppConfig):
    """Planning Live: the real-time group planning board."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions_live"
    verbose_name = "Planning Live"

    def ready(self) -> None:
        """Signing in with an account brings its boards and plans to this device."""
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_account_boards_remember, dispatch_uid="live-account-boards")


def _account_boards_remember(sender, request, user, **kwargs) -> None:
    from sessions_live.access import account_participants_remember

    if request is not None and hasattr(request, "session"):
        account_participants_remember(request.session, user=user)
