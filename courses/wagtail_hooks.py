"""Wagtail hooks for training."""

from wagtail import hooks

from courses.demo import demo_training_ensure

hooks.register("register_demo_content", demo_training_ensure, order=10)
