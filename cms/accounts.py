"""Account pages: the second factor (set up, type a code, recovery codes, replace the
app), an administrator's reset of someone's second factor, and password reset by email.

Rules live in ``cms.second_factor`` and ``cms.password_reset``; these views
only read the form, call them and render.
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cms import second_factor as factor
from cms.guesses import client_address
from cms.password_reset import (
    PasswordResetRequestForm,
    SetNewPasswordForm,
    password_reset_count,
    password_reset_limit_reached,
)

ACCOUNT_TEMPLATES = "cms/accounts"


def _code_page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    return render(request, f"{ACCOUNT_TEMPLATES}/{template}", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: type the code from the app, or a recovery code."""
    user = request.user
    if factor.second_factor_verified(
        user=user, django_session=request.session
    ) or not factor.second_factor_needed(user=user):
        return redirect(factor.next_page_after_code(request))
    if factor.second_factor_app(user=user) is None and not factor.recovery_codes_left(user=user):
        return redirect("second_factor_setup")
    error = ""
    if request.method == "POST":
        check = factor.second_factor_code_check(user=user, code=request.POST.get("code", ""))
        if check.ok:
            factor.second_factor_sign_in(request=request, device=check.device)
            if check.was_recovery_code:
                _recovery_code_used_message(request)
            return redirect(factor.next_page_after_code(request))
        error = check.message
    return _code_page(
        request,
        "second_factor_verify.html",
        {"error": error, "has_app": factor.second_factor_app(user=user) is not None},
        status=400 if error else 200,
    )


def _tell(request: HttpRequest, user, change: str) -> None:
    """Email the account's owner about a change to how it signs in."""
    factor.second_factor_change_tell(
        user=user, change=change, reset_link=request.build_absolute_uri(reverse("password_reset"))
    )


def _recovery_code_used_message(request: HttpRequest) -> None:
    _tell(request, request.user, "recovery_code_used")
    left = factor.recovery_codes_left(user=request.user)
    words = "recovery code" if left == 1 else "recovery codes"
    text = f"You used a recovery code. It will not work again. You have {left} {words} left."
    if left <= 3:
        text += " Make new ones on your sign-in settings page."
    messages.warning(request, text)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code (or type the key), then type a code."""
    user = request.user
    replacing = bool(request.session.get(factor.REPLACING_SESSION_KEY))
    verified = factor.second_factor_verified(user=user, django_session=request.session)
    if factor.second_factor_app(user=user) is not None and not (replacing and verified):
        # Someone who has an app types its code; replacing it starts from the settings page.
        return redirect("second_factor_manage" if verified else "second_factor_verify")
    if not factor.second_factor_needed(user=user):
        return redirect("second_factor_manage")
    error = ""
    if request.method == "POST":
        check = factor.second_factor_setup_finish(user=user, code=request.POST.get("code", ""))
        if check.ok:
            codes = factor.recovery_codes_make(user=user)
            factor.second_factor_sign_in(request=request, device=check.device)
            request.session.pop(factor.REPLACING_SESSION_KEY, None)
            request.session[factor.NEW_CODES_SESSION_KEY] = codes
            _tell(request, user, "replaced" if replacing else "set_up")
            return redirect("second_factor_codes")
        error = check.message
    device = factor.second_factor_setup_start(user=user)
    return _code_page(
        request,
        "second_factor_setup.html",
        {
            "error": error,
            "replacing": replacing,
            "qr_svg": factor.totp_qr_svg(device=device),
            "key_text": factor.totp_key_text(device=device),
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
        status=400 if error else 200,
    )


@never_cache
@login_required
def second_factor_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once, to print or write down."""
    codes = request.session.pop(factor.NEW_CODES_SESSION_KEY, None) or []
    return _code_page(
        request,
        "second_factor_codes.html",
        {
            "codes": [factor.recovery_code_text(code) for code in codes],
            "next_url": factor.next_page_after_code(request) if codes else "",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_manage(request: HttpRequest) -> HttpResponse:
    """Sign-in settings: make new recovery codes, or replace the authenticator app.

    Either needs a code now, so a signed-in screen left open cannot do it.
    """
    user = request.user
    app = factor.second_factor_app(user=user)
    error = ""
    if request.method == "POST" and app is not None:
        action = request.POST.get("action", "")
        check = factor.second_factor_code_check(user=user, code=request.POST.get("code", ""))
        if action not in ("new_codes", "replace"):
            error = "Choose what you want to do: make new recovery codes, or use a new phone."
        elif check.ok:
            if check.was_recovery_code:
                _recovery_code_used_message(request)
            request.session[factor.NEXT_SESSION_KEY] = reverse("second_factor_manage")
            if action == "new_codes":
                request.session[factor.NEW_CODES_SESSION_KEY] = factor.recovery_codes_make(
                    user=user
                )
                _tell(request, user, "new_codes")
                return redirect("second_factor_codes")
            request.session[factor.REPLACING_SESSION_KEY] = True
            return redirect("second_factor_setup")
        else:
            error = check.message
    return _code_page(
        request,
        "second_factor_manage.html",
        {
            "app": app,
            "needed": factor.second_factor_needed(user=user),
            "codes_left": factor.recovery_codes_left(user=user),
            "error": error,
        },
        status=400 if error else 200,
    )


# --- An administrator's reset ------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Wagtail admin: take away someone's app and recovery codes (superusers only).

    For someone who lost their phone and their codes. Recorded in the audit log.
    """
    if not request.user.is_superuser:
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        factor.second_factor_reset(user=person, by=request.user)
        _tell(request, person, "reset")
        messages.success(
            request,
            f"{person.get_username()} will set up a new authenticator app when they next "
            "sign in. Their old app and recovery codes no longer work.",
        )
        return redirect("wagtailusers_users:index")
    return render(
        request,
        f"{ACCOUNT_TEMPLATES}/second_factor_reset.html",
        {
            "person": person,
            "has_app": factor.second_factor_app(user=person) is not None,
            "codes_left": factor.recovery_codes_left(user=person),
        },
    )


# --- Password reset by email ---------------------------------------------------------------


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Ask for a reset link. The same answer whether or not the address has an account,
    and no more than a few emails per address and per network address in an hour."""

    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_context = {"site_name": settings.WAGTAIL_SITE_NAME}
    extra_email_context = {"site_name": settings.WAGTAIL_SITE_NAME}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        address = client_address(self.request.META)
        reached = password_reset_limit_reached(email=email, address=address)
        if reached == "address":
            return render(
                self.request,
                "registration/password_reset_too_many.html",
                {"site_name": settings.WAGTAIL_SITE_NAME},
                status=429,
            )
        if reached == "email":
            # Enough links went to this address this hour: the same answer as ever, no email.
            return redirect(self.get_success_url())
        password_reset_count(email=email, address=address)
        return super().form_valid(form)


class PasswordResetSetView(auth_views.PasswordResetConfirmView):
    """The link from the email: choose a new password."""

    form_class = SetNewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    extra_context = {"site_name": settings.WAGTAIL_SITE_NAME}

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends any pause from wrong passwords (someone else's, perhaps).
        axes_reset(username=form.user.get_username())
        return response
