"""Wagtail hooks for Planning Live."""

from django.contrib.auth import get_user_model
from django.urls import path
from wagtail import hooks

from sessions_live import erasure, views_erase
from sessions_live.demo import demo_planning_session_ensure

hooks.register("register_demo_content", demo_planning_session_ensure, order=20)


# --- Deleting a staff account never fails with a server error -------------------------
# Sessions and mentoring records refuse to lose the account that runs them
# (on_delete=PROTECT), so Wagtail's user delete would raise ProtectedError. These
# hooks answer first: what the account still holds, and a page to hand it over.


@hooks.register("before_delete_user")
def user_delete_check(request, user):
    """Refuse, in plain words, to delete an account that still runs or mentors anything."""
    holdings = erasure.account_holdings(user=user)
    if holdings:
        return views_erase.account_delete_refused(request, user, holdings)
    return None


@hooks.register("before_bulk_action")
def users_delete_check(request, action_type, objects, action_class_instance):
    """The same for "delete selected users": nothing is deleted while any still holds things."""
    if (
        action_type != "delete"
        or getattr(action_class_instance, "model", None) is not get_user_model()
    ):
        return None
    held = [(user, erasure.account_holdings(user=user)) for user in objects]
    held = [(user, holdings) for user, holdings in held if holdings]
    if held:
        return views_erase.accounts_delete_refused(request, held)
    return None


@hooks.register("register_admin_urls")
def hand_over_urls():
    """Wagtail admin: give a leaver's sessions and mentoring to someone else."""
    return [
        path(
            "live/hand-over/<int:user_id>/",
            views_erase.account_hand_over,
            name="live_account_hand_over",
        )
    ]
