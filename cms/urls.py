"""URLs for site-wide pages: display settings and signing in and out."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from cms import views
from cms.forms import SignInForm

urlpatterns = [
    path("display-settings/", views.display_settings, name="display_settings"),
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
]
