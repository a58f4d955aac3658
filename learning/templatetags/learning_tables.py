"""Template helpers for tables that stack into labelled blocks on narrow screens."""

from django import template

register = template.Library()


@register.filter
def paired_with(values, others) -> list[tuple]:
    """``values`` paired item by item with ``others``: each cell with its column's session,
    so a stacked table can label every cell with its column header."""
    return list(zip(values, others, strict=False))
