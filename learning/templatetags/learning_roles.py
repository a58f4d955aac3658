"""Template tags for the cascade's links on pages whose views other work owns.

``{% role_links as links %}`` gives the signed-in person's roles and whether they
may see the register of enablers (``learning.selectors_roles.RoleLinks``).
"""

from django import template

from learning.selectors_roles import RoleLinks, role_links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def role_links(context) -> RoleLinks:
    """The signed-in person's cascade roles and register access. One query, once per
    request (kept on the request, for pages that ask twice)."""
    request = context.get("request")
    if request is None:
        return RoleLinks()
    if not hasattr(request, "_learning_role_links"):
        request._learning_role_links = role_links_for(user=request.user)
    return request._learning_role_links
