"""URLs for training pages that are not Wagtail pages.

The project includes these before Wagtail's page serving, for example
``path("", include("courses.urls"))`` in ``config/urls.py``.
"""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("search/", views.search, name="search"),
]
