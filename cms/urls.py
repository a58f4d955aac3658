"""URLs for site-wide pages: display settings and signing in and out."""

from django.contrib.auth import views as auth_views
from django.urls import path

from cms import views

urlpatterns = [
    path("display-settings/", views.display_settings, name="display_settings"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
