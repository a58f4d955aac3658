"""Template helpers for the readable copy of everything held about a person."""

from datetime import date, datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def iso_words(value):
    """An ISO 8601 date or time from the copy's dict, as people read it: "1 May 2026, 10:30".

    The copy holds ISO text (the JSON download is the same dict), so the words
    are made here; anything else is shown as it is, and nothing as "none".
    """
    if not value:
        return "none"
    try:
        if "T" in str(value):
            return date_format(datetime.fromisoformat(str(value)), "j F Y, H:i")
        return date_format(date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return value
