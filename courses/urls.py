"""URLs for training pages that are not Wagtail pages.

The project includes these before Wagtail's page serving, at the site root
(``path("", include(course_urls))`` in ``config/urls.py``). So that no page slug
can be shadowed, each path starts with a word no page is likely to use, and
no page directly under the home page should take these slugs: "search" and
"glossary-terms". (The jargon buster page itself, often /training/jargon-buster/,
has its own slug and no child pages, so its editing pages live here instead.)
"""

from django.urls import path

from courses import views, views_glossary

app_name = "courses"

urlpatterns = [
    path("search/", views.search, name="search"),
    # Champions and editors add and change jargon buster terms (issue 14).
    path("glossary-terms/new/", views_glossary.glossary_term_create, name="glossary_term_create"),
    path(
        "glossary-terms/<int:term_id>/edit/",
        views_glossary.glossary_term_edit,
        name="glossary_term_edit",
    ),
]
