"""Views for site-wide pages that are not Wagtail pages, and document downloads."""

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django.views.static import serve as static_serve
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_document_serve

from cms.downloads import download_content_disposition
from cms.preferences import (
    CONTRASTS,
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    TEXT_SIZES,
    DisplayPreferences,
    display_preferences_serialize,
)


@require_http_methods(["GET", "POST"])
def display_settings(request: HttpRequest) -> HttpResponse:
    """Show and save text size and colours; works without JavaScript."""
    if request.method == "GET":
        return render(request, "cms/display_settings.html")
    errors = {}
    text_size = request.POST.get("text_size", "")
    contrast = request.POST.get("contrast", "")
    if text_size not in TEXT_SIZES:
        errors["text_size"] = "Choose a text size."
    if contrast not in CONTRASTS:
        errors["contrast"] = "Choose the colours you want."
    if errors:
        return render(request, "cms/display_settings.html", {"errors": errors}, status=400)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        COOKIE_NAME,
        display_preferences_serialize(
            preferences=DisplayPreferences(text_size=text_size, contrast=contrast)
        ),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        # Not HttpOnly: the JavaScript control writes the same cookie, and it holds
        # nothing private.
        httponly=False,
    )
    return response


# Uploads under this folder are documents: they are sent only by document_serve.
DOCUMENTS_FOLDER = "documents"


def media_serve(request: HttpRequest, path: str) -> HttpResponse:
    """An upload from ``MEDIA_ROOT``, for development only; never a document.

    Documents may be in a private collection, and only Wagtail's serve view
    checks that, so every path that leads into the documents folder (however
    written: "images/../documents/…") is not found here.
    """
    cleaned = posixpath.normpath(path).lstrip("/")
    if cleaned.split("/", 1)[0].lower() == DOCUMENTS_FOLDER:
        raise Http404("Documents are downloaded from their own address.")
    return static_serve(request, cleaned, document_root=settings.MEDIA_ROOT)


def document_serve(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Wagtail's document download, offered under the document's title.

    Wagtail's own view does all the work first (its privacy and password
    checks, ``before_serve_document`` hooks, the ``document_served`` signal and
    conditional requests), so only the suggested file name changes: the
    stored name is random, the title says what the file is.
    """
    response = wagtail_document_serve(request, document_id, document_filename)
    if document_is_private(document_id=document_id):
        # Nobody else's browser or proxy keeps a copy of a login-only document,
        # nor of the sign-in or password page that guards it.
        add_never_cache_headers(response)
    if not response.has_header("Content-Disposition"):
        # A redirect, a password page or "not modified": there is no file name to change.
        return response
    document = get_document_model().objects.only("title", "file").filter(pk=document_id).first()
    if document is not None:
        response["Content-Disposition"] = download_content_disposition(
            current=response["Content-Disposition"],
            title=document.title,
            extension=document.file_extension,
        )
    return response


def document_is_private(*, document_id: str) -> bool:
    """Whether the document is in a collection (or under one) with a view restriction."""
    document = get_document_model().objects.select_related("collection").filter(pk=document_id)
    document = document.first()
    return document is not None and document.collection.get_view_restrictions().exists()
