"""URLs for site-wide pages: display settings, signing in and out, the second factor
and password reset."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from cms import accounts, views, views_privacy
from cms.forms import SignInForm

urlpatterns = [
    path("display-settings/", views.display_settings, name="display_settings"),
    path("privacy/", views_privacy.privacy_notice, name="privacy"),
    path("privacy/easy-read/", views_privacy.privacy_notice_easy_read, name="privacy_easy_read"),
    path(
        "accounts/login/",
        # Django's view puts the host name in "site_name"; the base template wants ours.
        auth_views.LoginView.as_view(
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
            extra_context={"site_name": settings.WAGTAIL_SITE_NAME},
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The second factor (cms.second_factor): type a code, set up an app, recovery codes.
    path("accounts/code/", accounts.second_factor_verify, name="second_factor_verify"),
    path("accounts/code/set-up/", accounts.second_factor_setup, name="second_factor_setup"),
    path(
        "accounts/code/recovery-codes/",
        accounts.second_factor_codes,
        name="second_factor_codes",
    ),
    path("accounts/sign-in-settings/", accounts.second_factor_manage, name="second_factor_manage"),
    # Password reset by email, with Django's views and the site's own pages.
    path(
        "accounts/password_reset/",
        accounts.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html",
            extra_context={"site_name": settings.WAGTAIL_SITE_NAME},
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetSetView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html",
            extra_context={"site_name": settings.WAGTAIL_SITE_NAME},
        ),
        name="password_reset_complete",
    ),
]
