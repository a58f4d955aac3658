"""Training content models: the course and module pages, the glossary, and the
ULO's training settings.

Learning records (cohorts, enrolments, attendance...) are in the ``learning`` app."""

from courses.models.glossary import *  # noqa: F403
from courses.models.pages import *  # noqa: F403
from courses.models.settings import *  # noqa: F403
