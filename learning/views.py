"""Pages for learners (sign up, enrol, progress, certificates, feedback) and for the
trainers who run cohorts (timetable, register, dashboard, mentoring, exports).

Server-rendered, so everything works without JavaScript. Views stay thin:
parse a form, call a service or selector, then redirect (post/redirect/get)
or render. A cohort is only ever shown to its trainers, and a session to its
cohort; anyone else gets "not found", so its existence is not revealed.
"""

import csv
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from courses.models import CoursePage, ModulePage
from learning import completion, selectors, selectors_roles, services, services_certificates
from learning.certificates import certificate_lines, certificate_pdf_cached, certificate_qr_svg
from learning.forms import (
    CohortForm,
    CohortSessionForm,
    FeedbackForm,
    InvitationForm,
    LearnerAddForm,
    LinkInvitationForm,
    MentoringLogForm,
    RegisterForm,
    SignUpForm,
    TrainerAddForm,
)
from learning.ics import session_calendar
from learning.models import CohortInvitation, CohortSession
from learning.services import LearningError

# The raw invitation token, kept in this browser's server-side session between
# opening the link and making an account, so sign-up can finish the join.
INVITE_SESSION_KEY = "training_invitation"
# A link a trainer has just made, kept in their session for the one page that
# shows it (only the token's hash is in the invitations table).
LINK_MADE_SESSION_KEY = "training_invitation_made"
TEMPLATES = "learning"
# The mouth of each face on the 1 to 5 scale, drawn in SVG (emoji are missing from
# some devices' fonts). Decoration only: the text labels carry the meaning.
FACES = {
    1: "M10 23 Q16 16 22 23",
    2: "M10 22 Q16 19 22 22",
    3: "M10 21 L22 21",
    4: "M10 20 Q16 23 22 20",
    5: "M9 19 Q16 27 23 19",
}


def _errors_in(*forms) -> list:
    """The forms that have errors, for the error summary at the top of a page."""
    return [form for form in forms if form is not None and form.is_bound and form.errors]


def _next_or(request: HttpRequest, fallback: str) -> str:
    """A ``next`` address from the form if it is on this site, otherwise ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _managed_cohort(request: HttpRequest, cohort_id: int):
    """A cohort the signed-in person trains, or 404 (never 403, to not reveal it)."""
    return get_object_or_404(selectors.cohorts_managed_by(user=request.user), pk=cohort_id)


def _managed_session(request: HttpRequest, cohort_id: int, session_id: int):
    cohort = _managed_cohort(request, cohort_id)
    session = get_object_or_404(CohortSession, pk=session_id, cohort=cohort)
    session.cohort = cohort  # already loaded, with its course
    return cohort, session


def signed_in(view):
    """Anonymous people are sent to sign in, then brought back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


# --- Accounts and invitations --------------------------------------------------------


def sign_up(request: HttpRequest) -> HttpResponse:
    """Make a learner account. After an invitation link, it also joins the cohort."""
    if request.user.is_authenticated:
        return redirect("training:my_learning")
    token = request.session.get(INVITE_SESSION_KEY)
    invitation = None
    if token:
        try:
            invitation = services.cohort_invitation_find(token=token)
        except LearningError:
            request.session.pop(INVITE_SESSION_KEY, None)
    invited_email = invitation.email if invitation else ""
    # A link given in person (no email) is often for someone without an email address.
    email_required = invitation is None or bool(invitation.email)
    if request.method == "POST":
        form = SignUpForm(request.POST, invited_email=invited_email, email_required=email_required)
        if form.is_valid():
            data = form.cleaned_data
            user = services.learner_account_create(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready. You are signed in.")
            if invitation is not None:
                return _invitation_accept(request, token)
            return redirect(_next_or(request, reverse("training:my_learning")))
    else:
        initial = {}
        if invitation:
            initial = {"email": invitation.email, "full_name": invitation.name}
        form = SignUpForm(
            initial=initial or None,
            invited_email=invited_email,
            email_required=email_required,
        )
    return render(
        request,
        f"{TEMPLATES}/sign_up.html",
        {
            "form": form,
            "error_forms": _errors_in(form),
            "invitation": invitation,
            "next": _next_or(request, ""),
            # Signing in instead brings them back to the invitation, to join from there.
            "sign_in_next": (
                reverse("training:join", kwargs={"token": token})
                if invitation
                else _next_or(request, reverse("training:my_learning"))
            ),
        },
    )


# The page for each refusal that is about who is signed in (the rest say "not found"),
# and the heading of the ones that need their own.
_REFUSED_PAGES = {
    "invitation_not_yours": "join_not_yours.html",
    "invitation_trainer": "join_not_right.html",
    "invitation_already_in": "join_not_right.html",
}
_SAY_ASK_THE_TRAINER = {"invitation_not_found", "invitation_used", "invitation_expired"}
_REFUSED_TITLES = {
    "invitation_claimed": "This invitation has already been used",
    "invitation_trainer": "This invitation is for someone else",
    "invitation_already_in": "You are already in this group",
}


def _invitation_refused(request: HttpRequest, error: LearningError) -> HttpResponse:
    """The page that says why an invitation cannot be used, or, for the person who
    used it already, the way on to their learning."""
    request.session.pop(INVITE_SESSION_KEY, None)
    if error.code == "invitation_used_by_you":
        messages.info(request, error.message)
        return redirect("training:my_learning")
    context = {
        "reason": error.message,
        "title": _REFUSED_TITLES.get(error.code),
        # The messages about a link that does not work say nothing yet of what to do.
        "ask_trainer": error.code in _SAY_ASK_THE_TRAINER,
        # Someone who used the link on this device and has since signed out.
        "sign_in_hint": error.code in {"invitation_claimed", "invitation_used"}
        and not request.user.is_authenticated,
    }
    if error.code in _REFUSED_PAGES:
        return render(request, f"{TEMPLATES}/{_REFUSED_PAGES[error.code]}", context, status=403)
    return render(request, f"{TEMPLATES}/join_not_right.html", context, status=404)


def _invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        cohort = services.cohort_invitation_accept(token=token, user=request.user)
    except LearningError as error:
        return _invitation_refused(request, error)
    request.session.pop(INVITE_SESSION_KEY, None)
    messages.success(
        request, f"You have joined {cohort.name} and are enrolled on {cohort.course.title}."
    )
    return redirect("training:my_learning")


def join(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: make an account or sign in, then join the cohort."""
    try:
        invitation = services.cohort_invitation_find(token=token, user=request.user)
    except LearningError as error:
        return _invitation_refused(request, error)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        return _invitation_accept(request, token)
    if not request.user.is_authenticated:
        request.session[INVITE_SESSION_KEY] = token
        return render(request, f"{TEMPLATES}/join.html", {"invitation": invitation})
    refusal = services.cohort_invitation_refusal(invitation=invitation, user=request.user)
    if refusal is not None and refusal.code == "invitation_not_yours":
        # Said before they press "Join", not after.
        return render(
            request,
            f"{TEMPLATES}/join_not_yours.html",
            {"invitation": invitation, "email_hint": services.email_hint(invitation.email)},
        )
    if refusal is not None:
        return render(
            request,
            f"{TEMPLATES}/join_not_right.html",
            {"reason": refusal.message, "title": _REFUSED_TITLES.get(refusal.code)},
        )
    return render(request, f"{TEMPLATES}/join.html", {"invitation": invitation})


# --- A learner's own learning -------------------------------------------------------------


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    """Each course the learner is on, with progress, and their cohort sessions."""
    return render(
        request,
        f"{TEMPLATES}/my_learning.html",
        {
            "courses": selectors.my_learning(user=request.user),
            "sessions": selectors.learner_sessions(user=request.user),
            "is_trainer": selectors.user_is_trainer(user=request.user),
        },
    )


@signed_in
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    """Enrol on a course, then go back to it."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    services.enrolment_create(user=request.user, course=course)
    messages.success(request, f"You are enrolled on {course.title}.")
    return redirect(_next_or(request, course.url or reverse("training:my_learning")))


@signed_in
@require_POST
def module_done(request: HttpRequest, module_id: int) -> HttpResponse:
    """Mark a module as done."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    services.module_progress_mark(user=request.user, module=module)
    messages.success(request, f"Marked as done: {module.title}.")
    return redirect(_next_or(request, module.url or reverse("training:my_learning")))


@signed_in
@require_POST
def module_undo(request: HttpRequest, module_id: int) -> HttpResponse:
    """Un-mark a module."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    services.module_progress_undo(user=request.user, module=module)
    messages.success(request, f"No longer marked as done: {module.title}.")
    return redirect(_next_or(request, module.url or reverse("training:my_learning")))


def _own_certificate(request: HttpRequest, enrolment_id: int):
    """The signed-in learner's own certificate (withdrawn or not), or 404."""

    def read():
        return selectors.certificate_get(
            user=request.user,
            enrolment_id=enrolment_id,
            issuer=selectors.issuer_get(request=request),
            check_url=lambda code: request.build_absolute_uri(
                selectors.certificate_check_path(code)
            ),
            check_page_url=request.build_absolute_uri(reverse("training:certificate_check")),
        )

    certificate = read()
    # Finished before certificates were kept as records, or the course asks less than
    # it did: the certificate is made now, as it would have been then.
    if certificate is None and services_certificates.certificate_issue_for_learner(
        user=request.user, enrolment_id=enrolment_id
    ):
        certificate = read()
    if certificate is None:
        raise Http404("No certificate")
    return certificate


@login_required
def certificate(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The certificate as a web page, with its QR code and a link to the PDF and its size."""
    cert = _own_certificate(request, enrolment_id)
    # Made now to give its size; the download that usually follows reuses it.
    pdf_size = len(certificate_pdf_cached(certificate=cert)) if cert.is_valid else 0
    return render(
        request,
        f"{TEMPLATES}/certificate.html",
        {
            "certificate": cert,
            "lines": certificate_lines(cert),
            "qr_svg": certificate_qr_svg(cert.check_url) if cert.is_valid else "",
            "pdf_size": pdf_size,
        },
    )


@login_required
def certificate_download(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The certificate as a PDF file (not once it is withdrawn)."""
    cert = _own_certificate(request, enrolment_id)
    if not cert.is_valid:
        raise Http404("Withdrawn")
    response = HttpResponse(
        certificate_pdf_cached(certificate=cert), content_type="application/pdf"
    )
    filename = f"certificate-{slugify(cert.course_title) or 'course'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def feedback(request: HttpRequest, session_id: int) -> HttpResponse:
    """Feedback on one of the learner's own cohort sessions."""
    session = get_object_or_404(
        selectors.cohort_sessions_for_learner(user=request.user), pk=session_id
    )
    status = session.attendance.filter(learner=request.user).values_list("status", flat=True)
    # Only once the register says they were there; otherwise the page says why.
    closed_reason = services.feedback_closed_reason(session=session, status=status.first() or "")
    existing = session.feedback.filter(learner=request.user).first()
    refused = request.method == "POST" and bool(closed_reason)
    if request.method == "POST" and not closed_reason:
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.session_feedback_save(
                    session=session, learner=request.user, **form.cleaned_data
                )
            except LearningError as error:  # the register changed meanwhile
                closed_reason, refused = error.message, True
            else:
                messages.success(request, "Thank you. Your feedback has been saved.")
                return redirect("training:my_learning")
    elif existing:
        form = FeedbackForm(
            initial={
                "rating": existing.rating,
                "went_well": existing.went_well,
                "could_be_better": existing.could_be_better,
            }
        )
    else:
        form = FeedbackForm()
    return render(
        request,
        f"{TEMPLATES}/feedback.html",
        {
            "session": session,
            "form": form,
            "error_forms": _errors_in(form),
            "is_open": not closed_reason,
            "closed_reason": closed_reason,
            "refused": refused,
            "existing": existing,
            "rating_choices": [
                (choice, FACES.get(int(choice.data["value"]), "")) for choice in form["rating"]
            ],
        },
        status=400 if refused else 200,
    )


@login_required
def session_calendar_file(request: HttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    """One session as an .ics file, for the cohort's learners and trainers."""
    session = get_object_or_404(
        selectors.cohort_sessions_visible_to(user=request.user),
        pk=session_id,
        cohort_id=cohort_id,
    )
    body = session_calendar(
        session=session,
        host=request.get_host().split(":")[0],
        page_url=request.build_absolute_uri(reverse("training:my_learning")),
        now=timezone.now(),
    )
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="session-{session.date:%Y-%m-%d}-{session.pk}.ics"'
    )
    return response


# --- Cohorts, for their trainers ----------------------------------------------------------


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    """The cohorts this person trains."""
    return render(
        request,
        f"{TEMPLATES}/cohort_list.html",
        {
            "cohorts": selectors.cohorts_managed_by(user=request.user),
            "can_create": services.user_can_create_cohorts(user=request.user),
        },
    )


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    """Start a cohort. Champions only."""
    if not services.user_can_create_cohorts(user=request.user):
        return render(request, f"{TEMPLATES}/forbidden.html", status=403)
    if request.method == "POST":
        form = CohortForm(request.POST)
        if form.is_valid():
            cohort = services.cohort_create(
                course=form.cleaned_data["course"],
                name=form.cleaned_data["name"],
                created_by=request.user,
            )
            messages.success(request, f"Group made: {cohort.name}. Now add its sessions.")
            return redirect("training:cohort_dashboard", cohort_id=cohort.pk)
    else:
        form = CohortForm()
    return render(
        request,
        f"{TEMPLATES}/cohort_create.html",
        {"form": form, "error_forms": _errors_in(form)},
    )


def _dashboard_render(request: HttpRequest, cohort, bound: dict | None = None) -> HttpResponse:
    bound = bound or {}
    invite_form = bound.get("invite") or InvitationForm(prefix="invite")
    link_form = bound.get("link") or LinkInvitationForm(prefix="link")
    learner_form = bound.get("learner") or LearnerAddForm(prefix="learner")
    trainer_form = bound.get("trainer") or TrainerAddForm(prefix="trainer")
    return render(
        request,
        f"{TEMPLATES}/cohort_dashboard.html",
        {
            "cohort": cohort,
            "dashboard": selectors.cohort_dashboard(cohort=cohort),
            # Filled in by the completion and roles work (issue 14).
            "finishing": completion.cohort_finishing(cohort=cohort, viewer=request.user),
            "roles": selectors_roles.cohort_roles(cohort=cohort),
            "invite_form": invite_form,
            "link_form": link_form,
            "learner_form": learner_form,
            "trainer_form": trainer_form,
            "error_forms": _errors_in(invite_form, link_form, learner_form, trainer_form),
        },
        status=400 if bound else 200,
    )


@login_required
def cohort_dashboard(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Attendance, progress and mentoring for each learner, and the timetable."""
    return _dashboard_render(request, _managed_cohort(request, cohort_id))


@login_required
@require_POST
def cohort_invite(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Email someone a link to join the cohort."""
    cohort = _managed_cohort(request, cohort_id)
    form = InvitationForm(request.POST, prefix="invite")
    if not form.is_valid():
        return _dashboard_render(request, cohort, {"invite": form})
    invitation, token = services.cohort_invitation_create(
        cohort=cohort, email=form.cleaned_data["email"], invited_by=request.user
    )
    link = request.build_absolute_uri(reverse("training:join", kwargs={"token": token}))
    services.cohort_invitation_email_send(invitation=invitation, link=link)
    messages.success(request, f"Invitation sent to {invitation.email}.")
    return redirect("training:cohort_dashboard", cohort_id=cohort.pk)


def invitation_qr_svg(link: str) -> str:
    """The QR code of an invitation link as inline SVG, black on white with a quiet zone."""
    return segno.make(link, error="m").svg_inline(scale=6, dark="#000", light="#fff")


@login_required
@require_POST
def cohort_invite_link(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Make a link for someone to join, to copy or show as a QR code (no email needed).

    The token goes to the next page through this browser's session, once: a
    reload of that page cannot make a second invitation.
    """
    cohort = _managed_cohort(request, cohort_id)
    form = LinkInvitationForm(request.POST, prefix="link")
    if not form.is_valid():
        return _dashboard_render(request, cohort, {"link": form})
    invitation, token = services.cohort_invitation_create(
        cohort=cohort, name=form.cleaned_data["name"], invited_by=request.user
    )
    request.session[LINK_MADE_SESSION_KEY] = {"invitation": invitation.pk, "token": token}
    return redirect("training:invitation_made", cohort_id=cohort.pk, invitation_id=invitation.pk)


@login_required
def invitation_made(request: HttpRequest, cohort_id: int, invitation_id: int) -> HttpResponse:
    """The link just made, with its QR code and when it runs out. The link is shown once."""
    cohort = _managed_cohort(request, cohort_id)
    invitation = get_object_or_404(CohortInvitation, pk=invitation_id, cohort=cohort, email="")
    made = request.session.get(LINK_MADE_SESSION_KEY) or {}
    link = qr_svg = ""
    if made.get("invitation") == invitation.pk:
        del request.session[LINK_MADE_SESSION_KEY]
        usable = invitation.accepted_by_id is None and invitation.expires_at > timezone.now()
        if usable:
            link = request.build_absolute_uri(
                reverse("training:join", kwargs={"token": made["token"]})
            )
            qr_svg = invitation_qr_svg(link)
    response = render(
        request,
        f"{TEMPLATES}/invitation_made.html",
        {"cohort": cohort, "invitation": invitation, "link": link, "qr_svg": qr_svg},
    )
    # The page holds a working link: no browser or proxy may keep a copy.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def cohort_learner_add(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Put someone who already has an account straight into the group."""
    cohort = _managed_cohort(request, cohort_id)
    form = LearnerAddForm(request.POST, prefix="learner")
    if form.is_valid():
        person = form.cleaned_data["user"]
        try:
            services.cohort_learner_add(cohort=cohort, user=person)
        except LearningError as error:
            form.add_error("person", error.message.rstrip("."))
        else:
            messages.success(
                request,
                f"{selectors.person_name(person)} is now in this group and enrolled on "
                f"{cohort.course.title}.",
            )
            return redirect("training:cohort_dashboard", cohort_id=cohort.pk)
    return _dashboard_render(request, cohort, {"learner": form})


@login_required
@require_POST
def cohort_trainer_add(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Add another champion as a trainer."""
    cohort = _managed_cohort(request, cohort_id)
    form = TrainerAddForm(request.POST, prefix="trainer")
    if not form.is_valid():
        return _dashboard_render(request, cohort, {"trainer": form})
    user = form.cleaned_data["user"]
    services.cohort_trainer_add(cohort=cohort, user=user)
    messages.success(request, f"{selectors.person_name(user)} is now a trainer for this group.")
    return redirect("training:cohort_dashboard", cohort_id=cohort.pk)


def _session_form_page(request, cohort, form, session=None) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATES}/session_form.html",
        {"cohort": cohort, "form": form, "session": session, "error_forms": _errors_in(form)},
    )


def _session_save(request, cohort, form, session=None) -> HttpResponse | None:
    try:
        saved = services.cohort_session_save(
            cohort=cohort,
            session=session,
            session_type=form.cleaned_data["session_type"],
            date=form.cleaned_data["date"],
            start_time=form.cleaned_data["start_time"],
            end_time=form.cleaned_data["end_time"],
            venue=form.cleaned_data["venue"],
            online_link=form.cleaned_data["online_link"],
            modules=list(form.cleaned_data["modules"]),
        )
    except LearningError as error:
        form.add_error("venue" if error.code == "no_place" else "end_time", error.message)
        return None
    messages.success(request, f"Session saved: {saved}.")
    return redirect("training:cohort_dashboard", cohort_id=cohort.pk)


@login_required
def session_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Add a session to the cohort's timetable."""
    cohort = _managed_cohort(request, cohort_id)
    if request.method == "POST":
        form = CohortSessionForm(request.POST, cohort=cohort)
        if form.is_valid() and (response := _session_save(request, cohort, form)):
            return response
    else:
        form = CohortSessionForm(cohort=cohort)
    return _session_form_page(request, cohort, form)


@login_required
def session_edit(request: HttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    """Change a session on the timetable."""
    cohort, session = _managed_session(request, cohort_id, session_id)
    if request.method == "POST":
        form = CohortSessionForm(request.POST, cohort=cohort)
        if form.is_valid() and (response := _session_save(request, cohort, form, session)):
            return response
    else:
        form = CohortSessionForm(
            cohort=cohort,
            initial={
                "session_type": session.session_type,
                "date": session.date,
                "start_time": session.start_time,
                "end_time": session.end_time,
                "venue": session.venue,
                "online_link": session.online_link,
                "modules": list(session.modules.values_list("pk", flat=True)),
            },
        )
    return _session_form_page(request, cohort, form, session)


@login_required
def register(request: HttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    """The register for one session: present, absent or apologies for each learner."""
    cohort, session = _managed_session(request, cohort_id, session_id)
    if not services.register_is_open(session=session):
        # Nobody has come yet: say when it opens, and offer no form.
        return render(
            request,
            f"{TEMPLATES}/register.html",
            {
                "cohort": cohort,
                "session": session,
                "not_yet": services.register_not_yet_message(session=session),
                "refused": request.method == "POST",
            },
            status=400 if request.method == "POST" else 200,
        )
    rows = selectors.register_rows(session=session)
    if request.method == "POST":
        form = RegisterForm(request.POST, rows=rows)
        if form.is_valid():
            try:
                saved = services.attendance_register_save(
                    session=session, statuses=form.statuses(), recorded_by=request.user
                )
            except LearningError as error:  # someone left, or the session moved later
                messages.error(request, error.message)
                return redirect("training:register", cohort_id=cohort.pk, session_id=session.pk)
            people = "person" if saved == 1 else "people"
            messages.success(request, f"Register saved for {saved} {people}.")
            return redirect("training:cohort_dashboard", cohort_id=cohort.pk)
    else:
        form = RegisterForm(rows=rows)
    return render(
        request,
        f"{TEMPLATES}/register.html",
        {"cohort": cohort, "session": session, "form": form, "error_forms": _errors_in(form)},
    )


@login_required
def feedback_summary(request: HttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    """What learners said about one session: average, count and every comment."""
    cohort, session = _managed_session(request, cohort_id, session_id)
    summary = selectors.feedback_summary(session=session)
    ratings = [
        (n, f"{n} \u2013 {label}", summary.ratings.get(n, 0))
        for n, label in selectors.RATING_LABELS.items()
    ]
    return render(
        request,
        f"{TEMPLATES}/feedback_summary.html",
        {"cohort": cohort, "session": session, "summary": summary, "ratings": ratings},
    )


@login_required
def attendance_csv(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The cohort's attendance as a CSV file for a spreadsheet."""
    cohort = _managed_cohort(request, cohort_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="attendance-{slugify(cohort.name) or cohort.pk}.csv"'
    )
    # A byte order mark, so spreadsheet programs read names with accents correctly.
    response.write("\ufeff")
    csv.writer(response).writerows(selectors.attendance_csv_rows(cohort=cohort))
    return response


@login_required
def mentoring(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Log a mentoring meeting, and see the meetings logged with this cohort's people."""
    cohort = _managed_cohort(request, cohort_id)
    if request.method == "POST":
        form = MentoringLogForm(request.POST, cohort=cohort)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.mentoring_log_create(
                    mentor=request.user,
                    champion=data["champion"],
                    met_on=data["met_on"],
                    notes=data["notes"],
                    next_meeting_on=data["next_meeting_on"],
                    cohort=cohort,
                )
            except LearningError as error:
                form.add_error("champion", error.message)
            else:
                messages.success(
                    request,
                    f"Meeting with {selectors.person_name(data['champion'])} logged.",
                )
                return redirect("training:mentoring", cohort_id=cohort.pk)
    else:
        form = MentoringLogForm(cohort=cohort, initial={"met_on": timezone.localdate()})
    return render(
        request,
        f"{TEMPLATES}/mentoring.html",
        {
            "cohort": cohort,
            "form": form,
            "error_forms": _errors_in(form),
            "logs": selectors.mentoring_logs_for(cohort=cohort),
            "overview": selectors.mentoring_overview(cohort=cohort),
        },
    )
