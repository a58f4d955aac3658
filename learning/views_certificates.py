"""Pages for finishing a course: a trainer signs a learner off (or takes it back), a
trainer or admin withdraws a certificate, and anyone shown a certificate checks it.

Signing off and withdrawing are for the group's trainers (and admins, for
withdrawing); anyone else gets "not found". The check pages need no account and
say only the holder's name, the course, the date and the issuer, or that the
code is not valid or was withdrawn.
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.guesses import GuessLimit, client_address, guess_wrong_count, guesses_stopped
from learning import selectors, services_certificates
from learning.models import Certificate
from learning.services import LearningError
from learning.services_certificates import (
    COMMENT_MAX,
    REASON_MAX,
    certificate_can_withdraw,
    certificate_code_normalise,
)
from learning.views import _errors_in, _managed_cohort, _next_or

TEMPLATES = "learning"
# Codes that match no certificate, per device and per address (a library or a
# venue shares one). A code is 60 random bits, so guessing one is hopeless
# anyway; the limit keeps scripts from trying, and the server quiet.
CHECK_GUESSES = GuessLimit(
    name="certificate-check", per_device=20, per_address=300, window_seconds=15 * 60
)
CHECK_TOO_MANY = (
    "Too many codes from this device did not match a certificate. Wait 15 minutes, then try again."
)
DEVICE_KEY = "certificate_check_device"


# --- Forms ---------------------------------------------------------------------------


class SignOffForm(forms.Form):
    """The trainer's comment on what the learner has shown."""

    comment = forms.CharField(
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.label = f"Your comment on what {name} has shown"
        field.help_text = "They and the other trainers can read it. Up to 1,000 characters."
        field.error_messages = {
            "required": f"Write a comment on what {name} has shown, to sign them off",
            "max_length": "Keep the comment to 1,000 characters or fewer",
        }


class WithdrawForm(forms.Form):
    """Why a certificate is withdrawn: kept for the record, never shown publicly."""

    reason = forms.CharField(
        label="Why you are withdrawing it",
        help_text="Kept for the record. The public check page does not show it.",
        max_length=REASON_MAX,
        error_messages={
            "required": "Write why the certificate is being withdrawn",
            "max_length": "Keep the reason to 300 characters or fewer",
        },
    )


class CertificateCheckForm(forms.Form):
    """A certificate's code as someone types it: any case, with or without dashes."""

    code = forms.CharField(
        label="Certificate code",
        help_text="It is on the certificate, beside the QR code. For example, 7K3Q-9XWD-M2PA.",
        max_length=40,
        error_messages={
            "required": "Enter the code from the certificate",
            "max_length": "Enter the 12 letters and numbers of the code, like 7K3Q-9XWD-M2PA",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = certificate_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                "Enter the 12 letters and numbers of the code, like 7K3Q-9XWD-M2PA"
            )
        return code


# --- Sign-off, for the group's trainers --------------------------------------------------


def _finishing_url(cohort) -> str:
    return reverse("training:cohort_dashboard", args=[cohort.pk]) + "#finishing"


@login_required
def sign_off(request: HttpRequest, cohort_id: int, learner_id: int) -> HttpResponse:
    """Sign a learner off with a comment. The dashboard posts here; a comment left out
    brings the form back on its own page, with the error."""
    cohort = _managed_cohort(request, cohort_id)
    learner = get_object_or_404(cohort.learners.all(), pk=learner_id)
    name = selectors.person_name(learner)
    form = SignOffForm(request.POST or None, name=name)
    if request.method == "POST" and form.is_valid():
        try:
            services_certificates.sign_off_create(
                cohort=cohort,
                learner=learner,
                signed_by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except LearningError as error:
            if error.code not in ("no_comment", "comment_too_long"):
                messages.error(request, error.message)
                return redirect(_finishing_url(cohort))
            form.add_error("comment", error.message)
        else:
            messages.success(request, f"You have signed off {name}.")
            return redirect(_finishing_url(cohort))
    return render(
        request,
        f"{TEMPLATES}/sign_off.html",
        {"cohort": cohort, "name": name, "form": form, "error_forms": _errors_in(form)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def sign_off_remove(request: HttpRequest, cohort_id: int, learner_id: int) -> HttpResponse:
    """Take back a sign-off given in this group, before its certificate is issued."""
    cohort = _managed_cohort(request, cohort_id)
    learner = get_object_or_404(cohort.learners.all(), pk=learner_id)
    try:
        services_certificates.sign_off_remove(
            cohort=cohort, learner=learner, removed_by=request.user
        )
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"The sign-off for {selectors.person_name(learner)} has been taken back."
        )
    return redirect(_finishing_url(cohort))


# --- Withdrawing, for trainers and admins --------------------------------------------------


@login_required
def certificate_withdraw(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """Withdraw a certificate, with a reason. The check page then says it was withdrawn."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__user", "enrolment__course"),
        pk=certificate_id,
    )
    if not certificate_can_withdraw(user=request.user, certificate=certificate):
        raise Http404("Not yours to withdraw")
    back = _next_or(request, reverse("training:certificate_check_code", args=[certificate.code]))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and certificate.is_valid and form.is_valid():
        try:
            withdrawn = services_certificates.certificate_withdraw(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except LearningError as error:
            if error.code not in ("no_reason", "reason_too_long"):
                messages.error(request, error.message)
                return redirect(back)
            form.add_error("reason", error.message)
        else:
            name = selectors.person_name(certificate.enrolment.user)
            ended = "".join(
                f" {name} is no longer {'an' if role[0] in 'aeiou' else 'a'} {role}."
                for role in withdrawn.roles_ended
            )
            messages.success(
                request, f"The certificate {certificate.code} for {name} is withdrawn.{ended}"
            )
            return redirect(back)
    return render(
        request,
        f"{TEMPLATES}/certificate_withdraw.html",
        {
            "certificate": certificate,
            "name": selectors.person_name(certificate.enrolment.user),
            "form": form,
            "error_forms": _errors_in(form),
            "next": back,
        },
        status=400 if form.is_bound else 200,
    )


# --- Checking a certificate: public, no sign-in ------------------------------------------


def _check_page(request, *, form, status=200, **context) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATES}/certificate_check.html",
        {
            "form": form,
            "error_forms": _errors_in(form),
            "issuer": selectors.issuer_get(request=request),
            **context,
        },
        status=status,
    )


@never_cache
def certificate_check(request: HttpRequest) -> HttpResponse:
    """Type a certificate's code to check it. The code goes in the page's address
    (as the QR code's does), which the server's logs hide."""
    form = CertificateCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("training:certificate_check_code", code=form.cleaned_data["code"])
    return _check_page(request, form=form, status=400 if form.is_bound else 200)


@never_cache
def certificate_check_code(request: HttpRequest, code: str) -> HttpResponse:
    """What a certificate's QR code opens: whether it is valid, and only the holder's
    name, the course, the date and the issuer."""
    # A device id is kept (in a session) only once it has typed a wrong code, so a
    # valid scan leaves nothing behind.
    device = request.session.get(DEVICE_KEY) or secrets.token_urlsafe(16)
    address = client_address(request.META)
    stop = guesses_stopped(limit=CHECK_GUESSES, device=device, address=address)
    if stop is not None:
        response = _check_page(
            request, form=CertificateCheckForm(), status=429, too_many=CHECK_TOO_MANY
        )
        response["Retry-After"] = str(stop.wait_seconds)
        return response
    normalised = certificate_code_normalise(code)
    found = selectors.certificate_check(code=normalised) if normalised else None
    if found is None:
        request.session[DEVICE_KEY] = device
        guess_wrong_count(limit=CHECK_GUESSES, device=device, address=address)
        return _check_page(
            request, form=CertificateCheckForm(), status=404, unknown=True, typed=code[:40]
        )
    return _check_page(
        request,
        form=CertificateCheckForm(),
        found=found,
        code=normalised,
        can_withdraw=found.withdrawn_on is None
        and certificate_can_withdraw(user=request.user, certificate=found.certificate),
    )
