"""Top-level URLs: site pages, Planning Live, accounts, Wagtail admin, then Wagtail pages."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import urls as cms_urls
from cms import views as cms_views
from courses import urls as course_urls
from courses import urls_learning as learning_urls
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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it goes last.
urlpatterns.append(path("", include(wagtail_urls)))
