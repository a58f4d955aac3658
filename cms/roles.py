"""Names of the permission groups that stand for people's roles.

A person can hold several roles, so roles are Django groups, not a field.
"""

FACILITATORS = "Facilitators"
CHAMPIONS = "Champions"
# Volunteers who sit with one person to write their plan: they start and run
# plans with one person, not group sessions.
ENABLERS = "Enablers"
LEARNERS = "Learners"
# Created by Wagtail's own migrations; members may edit pages.
WAGTAIL_EDITORS = "Editors"

ROLE_GROUPS = (FACILITATORS, ENABLERS, CHAMPIONS, LEARNERS)
