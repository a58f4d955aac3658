"""Wagtail hooks for the site app: demo content, and resetting someone's second factor."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.accounts import second_factor_reset
from cms.demo import demo_site_ensure, demo_users_ensure

# load_demo runs every "register_demo_content" hook in order; later apps
# register their own with a higher order, so the site tree exists first.
hooks.register("register_demo_content", demo_users_ensure, order=0)
hooks.register("register_demo_content", demo_site_ensure, order=1)


@hooks.register("register_admin_urls")
def second_factor_admin_urls():
    """/admin/second-factor/<id>/reset/: superusers reset someone's second factor."""
    return [
        path(
            "second-factor/<int:user_id>/reset/",
            second_factor_reset,
            name="second_factor_reset",
        )
    ]


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    """In the admin's list of users, for superusers: "Reset second factor"."""
    if request_user.is_superuser:
        yield Button(
            "Reset second factor",
            reverse("second_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
