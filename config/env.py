"""Small, dependency-free readers for settings that come from the environment."""

import os
from urllib.parse import unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no environment variable; refuse anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable into a list of non-empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# EMAIL_URL schemes: how the site sends email. smtp+tls (STARTTLS, usually port 587)
# and smtps (TLS from the start, usually 465) are what mail providers offer.
EMAIL_SCHEMES = {
    "smtp": (SMTP_BACKEND, 25),
    "smtp+tls": (SMTP_BACKEND, 587),
    "submission": (SMTP_BACKEND, 587),
    "smtps": (SMTP_BACKEND, 465),
    "smtp+ssl": (SMTP_BACKEND, 465),
    "console": ("django.core.mail.backends.console.EmailBackend", None),
    "file": ("django.core.mail.backends.filebased.EmailBackend", None),
    "locmem": ("django.core.mail.backends.locmem.EmailBackend", None),
    "dummy": ("django.core.mail.backends.dummy.EmailBackend", None),
}


def email_settings_from_url(url: str) -> dict[str, object]:
    """Django's EMAIL_* settings from one address, e.g. ``smtp+tls://user:pass@host:587``.

    The user name and password may be percent-encoded (``%40`` for ``@``).
    ``file:///var/mail/site`` writes each email to a file in that folder.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ValueError(
            f"EMAIL_URL must start with one of {', '.join(f'{s}://' for s in EMAIL_SCHEMES)}, "
            f"not {parts.scheme + '://' if parts.scheme else repr(url)}"
        )
    backend, default_port = EMAIL_SCHEMES[scheme]
    found: dict[str, object] = {"EMAIL_BACKEND": backend}
    if scheme == "file":
        if not parts.path:
            raise ValueError("EMAIL_URL file:// needs a folder, e.g. file:///var/mail/site")
        found["EMAIL_FILE_PATH"] = unquote(parts.path)
    if backend != SMTP_BACKEND:
        return found
    if not parts.hostname:
        raise ValueError("EMAIL_URL has no mail server, e.g. smtp+tls://user:pass@mail.example:587")
    try:
        port = parts.port or default_port
    except ValueError:
        raise ValueError("EMAIL_URL has a port that is not a number") from None
    found.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port,
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=scheme in ("smtp+tls", "submission"),
        EMAIL_USE_SSL=scheme in ("smtps", "smtp+ssl"),
    )
    return found


def env_email() -> tuple[bool, dict[str, object]]:
    """Email settings from ``EMAIL_URL``, or from the ``DJANGO_EMAIL_*`` variables.

    Returns whether email was configured at all, and the settings. Unset, Django's
    default (a mail server on this machine, port 25) is kept, and
    ``manage.py check --deploy`` warns (cms.checks).
    """
    url = os.environ.get("EMAIL_URL", "").strip()
    if url:
        return True, email_settings_from_url(url)
    host = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
    use_ssl = env_bool("DJANGO_EMAIL_USE_SSL", default=False)
    use_tls = env_bool("DJANGO_EMAIL_USE_TLS", default=not use_ssl and bool(host))
    found: dict[str, object] = {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": int(
            os.environ.get("DJANGO_EMAIL_PORT") or (465 if use_ssl else 587 if use_tls else 25)
        ),
        "EMAIL_HOST_USER": os.environ.get("DJANGO_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }
    return bool(host), found
