"""Pages for the cascade: making a champion, the register of enablers, a champion's
page, and a champion's or enabler's own entry.

Anyone without the right gets "not found", so the pages (and the people on them)
are not revealed. Identity always comes from the signed-in account.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from learning import selectors, selectors_roles
from learning.forms_roles import RoleDetailsForm
from learning.models import RoleAward
from learning.roles import champion_make, role_award_details_update
from learning.services import LearningError

TEMPLATES = "learning"


@login_required
@require_POST
def cohort_champion_make(request: HttpRequest, cohort_id: int, learner_id: int) -> HttpResponse:
    """The trainer's one step: make a learner who finished a champions course a champion."""
    cohort = get_object_or_404(selectors.cohorts_managed_by(user=request.user), pk=cohort_id)
    learner = get_object_or_404(cohort.learners.all(), pk=learner_id)
    name = selectors.person_name(learner)
    try:
        champion_make(cohort=cohort, learner=learner, by=request.user)
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{name} is now a champion. They can start groups and train enablers.",
        )
    return redirect(reverse("training:cohort_dashboard", args=[cohort.pk]) + "#roles")


@login_required
def enablers_register(request: HttpRequest) -> HttpResponse:
    """The register of enablers, searchable, for matching someone with an enabler."""
    if not selectors_roles.user_may_see_register(user=request.user):
        raise Http404("Not found")
    query = request.GET.get("q", "").strip()[: selectors_roles.SEARCH_MAX_LENGTH]
    include_not_taking = request.GET.get("all") == "1"
    entries = selectors_roles.enablers_register(query=query, include_not_taking=include_not_taking)
    return render(
        request,
        f"{TEMPLATES}/enablers_register.html",
        {
            "entries": entries,
            "query": query,
            "include_not_taking": include_not_taking,
        },
    )


@login_required
def champion_page(request: HttpRequest, champion_id: int) -> HttpResponse:
    """A champion's page: when they became one, and the enablers they trained."""
    if not selectors_roles.user_may_see_champion_page(user=request.user, champion_id=champion_id):
        raise Http404("Not found")
    page = selectors_roles.champion_page(champion_id=champion_id)
    if page is None:
        raise Http404("Not found")
    return render(
        request,
        f"{TEMPLATES}/champion_page.html",
        {"page": page, "is_own": page.champion.pk == request.user.pk},
    )


@login_required
def my_role(request: HttpRequest) -> HttpResponse:
    """The person's own entry as a champion or an enabler: where, when, and whether free."""
    roles = selectors_roles.my_roles(user=request.user)
    if not roles:
        raise Http404("Not found")
    is_enabler = any(r.role == RoleAward.Role.ENABLER for r in roles)
    first = next((r.award for r in roles if r.award), None)
    current_taking = first.taking_requests if first else True
    if request.method == "POST":
        form = RoleDetailsForm(request.POST, is_enabler=is_enabler)
        if form.is_valid():
            data = form.cleaned_data
            role_award_details_update(
                user=request.user,
                area=data["area"],
                availability=data["availability"],
                taking_requests=data.get("taking_requests", current_taking),
            )
            if not is_enabler:
                done = "Your details are saved."
            elif data["taking_requests"]:
                done = "Your entry is saved. You are taking requests for help with plans."
            else:
                done = "Your entry is saved. You are not taking requests for now."
            messages.success(request, done)
            return redirect("training:my_role")
    else:
        form = RoleDetailsForm(
            is_enabler=is_enabler,
            initial={
                "area": first.area if first else "",
                "availability": first.availability if first else "",
                "taking_requests": current_taking,
            },
        )
    return render(
        request,
        f"{TEMPLATES}/my_role.html",
        {
            "roles": roles,
            "form": form,
            "error_forms": [form] if form.is_bound and form.errors else [],
            "is_enabler": is_enabler,
            "is_champion": any(r.role == RoleAward.Role.CHAMPION for r in roles),
        },
    )
