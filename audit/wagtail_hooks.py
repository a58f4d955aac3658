"""The audit log in the Wagtail admin: read-only, for superusers and anyone given
"Can view audit event" (a dedicated permission, granted per group in Wagtail's
Groups screen). Nobody can add, change or delete a row here, and reading the
log is not itself logged.
"""

from django.contrib.auth import get_user_model
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from audit.models import AuditEvent

VIEW_PERMISSION = "audit.view_auditevent"


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view" is ever allowed, and only with the view permission (superusers have it)."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(VIEW_PERMISSION)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission({"view"})


register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent), exact_class=True)


class AuditEventViewSet(ModelViewSet):
    """Every row of the audit log, newest first, filterable by what was done and to what."""

    model = AuditEvent
    icon = "history"
    menu_label = "Audit log"
    menu_order = 900
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["at", "who", "action", "subject", "subject_id", "plan_id", "what"]
    list_filter = {
        "action": ["exact"],
        "subject": ["exact"],
        "subject_id": ["exact"],
        "plan_id": ["exact"],
        "at": ["gte", "lte"],
    }
    list_per_page = 50
    # There is no add or edit page (get_urlpatterns); Wagtail still asks what a form would hold.
    form_fields = ["what"]
    inspect_view_fields = [
        "at",
        "who",
        "user",
        "action",
        "subject",
        "subject_id",
        "plan_id",
        "what",
    ]

    def get_urlpatterns(self):
        # Only the list and one row: no add, edit, delete, copy, history or usage pages.
        keep = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


@hooks.register("register_admin_viewset")
def audit_log_viewset():
    """The audit log's pages in the admin: /admin/auditevent/."""
    return AuditEventViewSet("auditevent")
