"""Wagtail hooks for training: demo content and the jargon buster in the admin."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.demo import demo_training_ensure
from courses.models import GlossaryTerm

hooks.register("register_demo_content", demo_training_ensure, order=10)


class GlossaryTermViewSet(SnippetViewSet):
    """Jargon buster terms, in their own menu item so editors can find them."""

    model = GlossaryTerm
    icon = "help"
    menu_label = "Jargon buster"
    menu_name = "jargon-buster"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term", "easy_read_meaning"]
    ordering = ["term"]


register_snippet(GlossaryTermViewSet)
