"""The main navigation: which link is the page shown, and which section it is in.

The links themselves are a setting (``SITE_NAVIGATION``), so this app never
names the apps that build on it. A page belongs to a link's section when its
address starts with the link's (``/training/jargon-buster/`` is in Training).
A view whose address does not (``/search/`` searches training) says which
section it belongs to with ``@navigation_section("/training/")``.

Screen readers hear the difference: the link to the page shown has
``aria-current="page"``; the link to the section the page is in has
``aria-current="true"``.
"""

from collections.abc import Callable, Iterable
from typing import Literal, TypedDict

from django.http import HttpRequest

Current = Literal["page", "true", ""]
SECTION_ATTRIBUTE = "navigation_section"


class NavigationLink(TypedDict):
    label: str
    path: str
    current: Current


def navigation_section(path: str) -> Callable:
    """Decorate a view to put it in the section of the navigation link to ``path``."""

    def decorate(view: Callable) -> Callable:
        setattr(view, SECTION_ATTRIBUTE, path)
        return view

    return decorate


def request_navigation_section(*, request: HttpRequest) -> str | None:
    """The section the view serving ``request`` declared, if it declared one."""
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, SECTION_ATTRIBUTE, None) if match is not None else None


def link_current(*, request_path: str, link_path: str, section: str | None = None) -> Current:
    """How the link to ``link_path`` is current: "page", "true" (its section) or ""."""
    if request_path == link_path:
        return "page"
    if section is not None:
        return "true" if section == link_path else ""
    # Every address starts with "/": the home link is current on the home page only.
    if link_path != "/" and request_path.startswith(link_path):
        return "true"
    return ""


def navigation_links(
    *, links: Iterable[tuple[str, str]], request_path: str, section: str | None = None
) -> list[NavigationLink]:
    """The navigation's (label, path) links, each marked with how it is current."""
    return [
        NavigationLink(
            label=label,
            path=path,
            current=link_current(request_path=request_path, link_path=path, section=section),
        )
        for label, path in links
    ]
