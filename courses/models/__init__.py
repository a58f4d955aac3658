"""Training models, split by concern: content pages, the glossary, and learning records."""

from courses.models.glossary import *  # noqa: F403
from courses.models.learning import *  # noqa: F403
from courses.models.pages import *  # noqa: F403
