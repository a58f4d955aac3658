"""Wagtail hooks for training: demo content and the jargon buster in the admin."""

import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.demo import demo_training_ensure
from courses.models import GlossaryTerm

hooks.register("register_demo_content", demo_training_ensure, order=10)


class GlossaryTermFilterSet(WagtailFilterSet):
    """Lets editors find what champions added or changed and is not yet published."""

    waiting = django_filters.BooleanFilter(
        field_name="has_unpublished_changes",
        label="Waiting for approval",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = GlossaryTerm
        fields: list[str] = []


class GlossaryTermViewSet(SnippetViewSet):
    """Jargon buster terms, in their own menu item so editors can find them.

    Wagtail adds a Status column (live or draft) because the terms have drafts.
    Champions may add and change terms here but not publish them (migration
    ``0007_champions_may_edit_glossary``); editors publish.
    """

    model = GlossaryTerm
    icon = "help"
    menu_label = "Jargon buster"
    menu_name = "jargon-buster"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term", "easy_read_meaning"]
    filterset_class = GlossaryTermFilterSet
    ordering = ["term"]


register_snippet(GlossaryTermViewSet)
