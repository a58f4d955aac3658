"""Top-level URLs: site pages, Planning Live, accounts, Wagtail admin, then Wagtail pages."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import urls as cms_urls
from cms import views as cms_views
from courses import urls as course_urls
from learning import urls as learning_urls
from sessions_live import urls as live_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    re_path(r"^documents/(\d+)/(.*)$", cms_views.document_serve, name="document_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("live/", include(live_urls)),
    # Before Wagtail's catch-all: /training/ itself is a Wagtail page, and these
    # patterns only claim the paths below it that they name.
    path("training/", include(learning_urls)),
    path("", include(course_urls)),
    path("", include(cms_urls)),
]


def media_urlpatterns() -> list:
    """Uploads served by Django, for development only (DEBUG): pictures, never documents.

    Documents go only through Wagtail's serve view (``/documents/<id>/<name>``),
    which checks a private collection's sign-in or password, so nothing serves
    ``/media/documents/``. In production the reverse proxy serves ``/media/``
    and must refuse ``/media/documents/`` the same way (README).
    """
    prefix = settings.MEDIA_URL.strip("/")
    return [re_path(rf"^{prefix}/(?P<path>.*)$", cms_views.media_serve)]


if settings.DEBUG:
    urlpatterns += media_urlpatterns()

# Wagtail's page serving catches everything else, so it goes last.
urlpatterns.append(path("", include(wagtail_urls)))
