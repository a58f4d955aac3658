"""Wagtail hooks for the site app."""

from wagtail import hooks

from cms.demo import demo_site_ensure, demo_users_ensure

# load_demo runs every "register_demo_content" hook in order; later apps
# register their own with a higher order, so the site tree exists first.
hooks.register("register_demo_content", demo_users_ensure, order=0)
hooks.register("register_demo_content", demo_site_ensure, order=1)
