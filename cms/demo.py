"""Demo content for the site app: the demo users and the Wagtail site tree.

Each function is idempotent: it creates what is missing and leaves what an
editor has changed alone (demo passwords are reset, so the printed logins
always work; a name someone has changed is kept).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cms import roles
from cms.models import HomePage
from cms.services import default_site_point, root_page_ensure, welcome_page_remove


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and what it is for."""

    username: str
    password: str
    groups: tuple[str, ...]
    purpose: str
    # The whole name, as the person would write it: the site keeps a name in
    # ``first_name`` (see ``learning.services.learner_account_create``).
    full_name: str
    is_superuser: bool = False


DEMO_LOGINS = (
    DemoLogin(
        "facilitator",
        "facilitator-demo",
        (roles.FACILITATORS,),
        "runs Planning Live sessions",
        full_name="Grace Okafor",
    ),
    DemoLogin(
        "enabler",
        "enabler-demo",
        (roles.ENABLERS,),
        "sits with one person to write their plan",
        full_name="Tom Reid",
    ),
    DemoLogin(
        "champion",
        "champion-demo",
        (roles.CHAMPIONS, roles.WAGTAIL_EDITORS),
        "delivers training and edits course pages",
        full_name="Priya Shah",
    ),
    DemoLogin(
        "learner",
        "learner-demo",
        (roles.LEARNERS,),
        "takes training courses",
        full_name="Sam Taylor",
    ),
    DemoLogin(
        "panel",
        "panel-demo",
        (roles.PANEL_MEMBERS,),
        "sits on the council's panel that agrees plans",
        full_name="Joy Adeyemi",
    ),
    DemoLogin(
        "admin",
        "admin-demo",
        (),
        "site administrator (Wagtail admin)",
        full_name="Alex Morgan",
        is_superuser=True,
    ),
)

HOME_INTRO = (
    "This site helps disabled people, their families and friends plan how to spend "
    "their personal budget: the money the council gives for their support. "
    "You plan together with peers, and your plan belongs to you."
)


@transaction.atomic
def demo_users_ensure() -> list[str]:
    """Create the role groups and the demo users; return lines that describe the logins."""
    for name in (*roles.ROLE_GROUPS, roles.PANEL_MEMBERS):
        Group.objects.get_or_create(name=name)
    editors, _ = Group.objects.get_or_create(name=roles.WAGTAIL_EDITORS)
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user_model = get_user_model()
    lines = ["Demo logins (username / password):"]
    for login in DEMO_LOGINS:
        user, _ = user_model.objects.get_or_create(username=login.username)
        if not user.first_name and not user.last_name:
            user.first_name = login.full_name
        user.set_password(login.password)
        user.is_superuser = login.is_superuser
        user.is_staff = login.is_superuser
        user.save()
        user.groups.set(Group.objects.filter(name__in=login.groups))
        lines.append(f"  {login.username} / {login.password}  ({login.purpose})")
    return lines


def _home_body() -> list[tuple[str, object]]:
    return [
        ("heading", {"text": "What you can do here", "level": "h2"}),
        (
            "link_cards",
            [
                {
                    "title": "Training",
                    "description": (
                        "Courses for champions and enablers: the peers who help people plan. "
                        "Each course comes in standard, easy read and large print."
                    ),
                    "page": None,
                    "address": "/training/",
                },
                {
                    "title": "Planning Live",
                    "description": (
                        "Plan together in a group session. Everyone writes on shared "
                        "flip-charts, and each person's notes appear in their own colour."
                    ),
                    "page": None,
                    "address": "/live/",
                },
            ],
        ),
        ("heading", {"text": "Why plan with peers", "level": "h2"}),
        (
            "paragraph",
            "<p>People write better plans, with more confidence, when they plan together "
            "with others who have done it. A support plan says what matters to you, what you "
            "want to change, and how the money will pay for it.</p>"
            "<p>You choose who sees your plan. You can change it when your life changes.</p>",
        ),
        (
            "quote",
            {
                "quote": "It was my plan, in my words. I did not have to tell my story again.",
                "attribution": "Someone who planned with peers",
            },
        ),
    ]


@transaction.atomic
def demo_site_ensure() -> list[str]:
    """Make a HomePage the root of the default site, creating it if needed."""
    home = HomePage.objects.first()
    if home is None:
        root = root_page_ensure()
        welcome_page_remove(root=root)
        home = HomePage(
            title="Plan your support, together",
            slug="home",
            intro=HOME_INTRO,
            body=_home_body(),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    default_site_point(root_page=home, site_name="Peer Support Planning")
    return [f"Home page: {home.get_url()}"]
