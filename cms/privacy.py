"""Who holds people's data and for how long: read once from settings, for the
privacy notice and for every copy of everything held about a person.

The organisation (the user-led organisation running the site) is the data
controller. Its name and how to reach it come from the environment
(``DJANGO_ORGANISATION_NAME``, ``DJANGO_ORGANISATION_CONTACT``), so each
organisation that runs the site names itself without changing code.
"""

import os
from dataclasses import dataclass

from django.conf import settings

# What the notice says when the organisation has not named itself yet: true, and
# plainly a gap for the operator to fill (README, "Environment variables").
ORGANISATION_UNNAMED = "The organisation that runs this website"
CONTACT_UNSET = "Ask the person who runs your session, or the organisation that runs this website."
DEFAULT_RETENTION_DAYS = 365
ICO_COMPLAINTS_URL = "https://ico.org.uk/make-a-complaint/"


@dataclass(frozen=True)
class Controller:
    """The data controller, in words for people."""

    name: str
    contact: str
    named: bool  # False until the operator sets DJANGO_ORGANISATION_NAME


def data_controller() -> Controller:
    """The organisation running this site, and how to reach it about people's data."""
    name = (getattr(settings, "ORGANISATION_NAME", "") or "").strip()
    contact = (getattr(settings, "ORGANISATION_CONTACT", "") or "").strip()
    return Controller(
        name=name or ORGANISATION_UNNAMED, contact=contact or CONTACT_UNSET, named=bool(name)
    )


def retention_days() -> int:
    """How many days after a session was last used its data is kept (``DJANGO_RETENTION_DAYS``)."""
    # The retention command's setting when it is there, else its environment variable.
    value = getattr(settings, "RETENTION_DAYS", None)
    if value is None:
        value = os.environ.get("DJANGO_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_RETENTION_DAYS
    return days if days > 0 else DEFAULT_RETENTION_DAYS


def retention_words(days: int | None = None) -> str:
    """``days`` as people say it: "a year", "2 years", "6 months", "90 days"."""
    days = retention_days() if days is None else days
    if days % 365 == 0:
        years = days // 365
        return "a year" if years == 1 else f"{years} years"
    if days % 30 == 0 and days < 365:
        months = days // 30
        return "a month" if months == 1 else f"{months} months"
    return "a day" if days == 1 else f"{days} days"
