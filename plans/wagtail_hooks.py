"""Wagtail admin for plans: the councils' panels, so an administrator can add a panel and
choose who sits on it.

Only accounts in the "Panel members" group can be chosen: that group signs in with a
second factor (``cms.roles.SECOND_FACTOR_ROLES``), and a panel member sees the plans
sent to their panel. Put the account in the group first (Settings, Users), then on
the panel here.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.roles import PANEL_MEMBERS
from plans.models import Panel


def _member_name(user) -> str:
    """How an account is listed: "Dev Patel (panel)"."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class PanelForm(WagtailAdminModelForm):
    """A panel's name, council and members; members only from the "Panel members" group."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        members.queryset = (
            get_user_model()
            .objects.filter(groups__name=PANEL_MEMBERS, is_active=True)
            .order_by("first_name", "last_name", "username")
            .distinct()
        )
        members.label_from_instance = _member_name
        members.help_text = (
            "Who sits on this panel. Only accounts in the \u201cPanel members\u201d group "
            "are listed: they sign in with a code from an app as well as a password."
        )


class PanelViewSet(SnippetViewSet):
    """Councils' panels: the groups that read plans sent to them and agree them."""

    model = Panel
    icon = "group"
    menu_label = "Council panels"
    menu_name = "council-panels"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "council"]
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("council"),
            FieldPanel("members", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=PanelForm,
    )


register_snippet(PanelViewSet)


# --- A panel that has read plans is kept ---------------------------------------------------
# Its decisions are part of people's plans (on their pages and in every copy), so a panel
# with plans sent to it is never deleted (PanelSubmission.panel is PROTECT, which would
# otherwise be a server error). These hooks answer first, in plain words.


def _panels_in_use(objects) -> list[Panel]:
    return [item for item in objects if isinstance(item, Panel) and item.submissions.exists()]


def _refused(request, panels: list[Panel]):
    names = ", ".join(f"\u201c{panel.name}\u201d" for panel in panels)
    messages.error(
        request,
        f"{names} cannot be deleted: plans have been sent to it, and its decisions are "
        "part of those plans. To stop it being used, take its members off.",
    )
    return redirect(Panel.snippet_viewset.get_url_name("list"))


@hooks.register("before_delete_snippet")
def panel_delete_check(request, instances):
    """Refuse to delete a panel that plans have been sent to."""
    in_use = _panels_in_use(instances)
    return _refused(request, in_use) if in_use else None


@hooks.register("before_bulk_action")
def panels_delete_check(request, action_type, objects, action_class_instance):
    """The same for "delete selected" in the list of panels."""
    if action_type != "delete":
        return None
    in_use = _panels_in_use(objects)
    return _refused(request, in_use) if in_use else None
