"""Planning Live pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cms.roles import ENABLERS, FACILITATORS, PANEL_MEMBERS

# Who may make a new plan card for anyone (views_plan.plan_cards): the ULO's staff.
CARD_REISSUE_PERMISSION = "plans.add_plancard"


def live_index(request: HttpRequest) -> HttpResponse:
    """What Planning Live is, the boards this device joined, and a check of live updates."""
    groups = request.user.groups if request.user.is_authenticated else None
    roles = (
        set(
            groups.filter(name__in=[FACILITATORS, ENABLERS, PANEL_MEMBERS]).values_list(
                "name", flat=True
            )
        )
        if groups is not None
        else set()
    )
    return render(
        request,
        "sessions_live/index.html",
        {
            "is_facilitator": FACILITATORS in roles,
            "is_planner": bool(roles - {PANEL_MEMBERS}),
            "is_panel_member": PANEL_MEMBERS in roles,
            "can_reissue_cards": request.user.has_perm(CARD_REISSUE_PERMISSION),
        },
    )
