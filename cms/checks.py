"""System checks for settings that only matter on a real server (``check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@register(Tags.security, deploy=True)
def email_configured_check(app_configs, **kwargs):
    """Warn when production would send email (password resets, invitations) nowhere useful.

    A warning, not a refusal to start: a mail server on the machine itself (port
    25) is a real set-up; saying so with ``EMAIL_URL=smtp://localhost:25`` silences it.
    """
    problems = []
    if settings.EMAIL_BACKEND == SMTP_BACKEND and not getattr(settings, "EMAIL_CONFIGURED", False):
        problems.append(
            Warning(
                "Email is not set up, so password reset links and course invitations "
                "would go to a mail server on this machine (localhost, port 25).",
                hint=(
                    "Set EMAIL_URL (for example smtp+tls://user:password@mail.example.org:587) "
                    "or DJANGO_EMAIL_HOST. A mail server on this machine: EMAIL_URL=smtp://localhost:25."
                ),
                id="cms.W001",
            )
        )
    if settings.DEFAULT_FROM_EMAIL == "webmaster@localhost":
        problems.append(
            Warning(
                "Emails would come from webmaster@localhost, which mail servers often refuse "
                "and people cannot reply to.",
                hint="Set DJANGO_DEFAULT_FROM_EMAIL, for example planning@example.org.",
                id="cms.W002",
            )
        )
    return problems
