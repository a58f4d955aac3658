"""Test-only pieces of the running app (used by ``config.settings.test`` only)."""

from django.contrib.contenttypes.models import ContentType


class ContentTypeCacheClearMiddleware:
    """Forget cached content types at the start of every request.

    The test suite keeps one server process for the whole run while it flushes
    the database between tests. A flush makes the content types again, with new
    ids (the first set came from the migrations, in another order), so ids the
    server cached before it would point at the wrong model: a Wagtail revision
    saved then fails. Production never flushes, and keeps its cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ContentType.objects.clear_cache()
        return self.get_response(request)
