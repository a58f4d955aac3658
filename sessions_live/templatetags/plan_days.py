"""Template helpers for a plan's notes for a good day and a bad day (plan/_section.html)."""

from django import template

from plans.documents import PlanSection
from plans.formats.common import section_notes

register = template.Library()


@register.simple_tag
def day_groups(section: PlanSection, id_prefix: str, number: int) -> dict:
    """A heading's notes grouped as every copy of the plan groups them (any day, then on a
    good day, then on a bad day), with an id for each kind of day's sub-heading.

    ``id_prefix`` and ``number`` are those of the heading's own id ("heading-3"), so the
    sub-headings' ids ("heading-3-good") are unique on the page.
    """
    grouped = section_notes(section)
    return {
        "any_day": grouped.any_day,
        "both": grouped.side_by_side,
        "days": [
            {
                "day": group.day,
                "label": group.label,
                "notes": group.notes,
                "id": f"{id_prefix}-{number}-{group.day}",
            }
            for group in grouped.days
        ],
    }
