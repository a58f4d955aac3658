"""Template helpers for the board pages."""

import secrets

from django import template

register = template.Library()


@register.simple_tag
def new_op_id() -> str:
    """A fresh operation id for one rendered form.

    A form posted twice (a double click, a resent request) carries the same id,
    and the server applies an id only once, so it never makes two notes.
    """
    return secrets.token_urlsafe(16)


@register.filter
def chart_error(written, chart_id):
    """``written`` (a refused note from the plan page) when it was for ``chart_id``."""
    return written if written and written.get("chart_id") == chart_id else None


@register.filter
def item_at(items, index: int):
    """``items[index]``, or "" when there is no such item (or no list)."""
    try:
        return items[index]
    except (IndexError, TypeError, KeyError):
        return ""
