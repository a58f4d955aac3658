"""Names of the permission groups that stand for people's roles.

A person can hold several roles, so roles are Django groups, not a field.
"""

FACILITATORS = "Facilitators"
CHAMPIONS = "Champions"
# Volunteers who sit with one person to write their plan: they start and run
# plans with one person, not group sessions.
ENABLERS = "Enablers"
LEARNERS = "Learners"
# The council's sign-off group (for example "SPAG"): they read finished plans.
PANEL_MEMBERS = "Panel members"
# Created by Wagtail's own migrations; members may edit pages.
WAGTAIL_EDITORS = "Editors"

ROLE_GROUPS = (FACILITATORS, ENABLERS, CHAMPIONS, LEARNERS)

# Everyone in these groups can see other people's plans or personal data, so
# they sign in with a second factor as well as a password (cms.second_factor,
# which also asks it of staff and superusers). The one list of who needs it.
SECOND_FACTOR_ROLES = (FACILITATORS, ENABLERS, CHAMPIONS, PANEL_MEMBERS)
