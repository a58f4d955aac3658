"""Wagtail hooks for learning: demo cohorts, and the learner's state on course pages."""

from wagtail import hooks

from learning.demo import demo_learning_ensure
from learning.selectors import learning_page_context

hooks.register("register_demo_content", demo_learning_ensure, order=15)
# Course, module and training index pages (in ``courses``) ask this hook for the
# signed-in learner's state, so the content app never imports the learning app.
hooks.register("training_page_context", learning_page_context)
