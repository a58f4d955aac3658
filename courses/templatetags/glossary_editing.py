"""What the jargon buster page shows people who may edit it.

``GlossaryIndexPage.get_context`` serves every reader; the editing links and the
list of terms waiting for approval are for champions and editors only, so the
page's template asks for them here, for the person viewing it.
"""

from django import template
from django.urls import reverse

from courses import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_editing(context) -> dict:
    """``{"may_edit": False}`` for readers; for editors also the add link and what waits."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not selectors.glossary_user_can_edit(user=user):
        return {"may_edit": False}
    return {
        "may_edit": True,
        "add_url": reverse("courses:glossary_term_create"),
        "waiting": selectors.glossary_terms_waiting(),
    }
