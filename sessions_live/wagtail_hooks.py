"""Wagtail hooks for Planning Live."""

from wagtail import hooks

from sessions_live.demo import demo_planning_session_ensure

hooks.register("register_demo_content", demo_planning_session_ensure, order=20)
