"""Headers on every response: a strict Content-Security-Policy for the site's own
pages (a looser one only for Wagtail's admin), Permissions-Policy, and
Cache-Control: no-store wherever personal data may be."""

import re
import secrets
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from cms.headers import content_security_policy_header, permissions_policy_header
from sessions_live import access
from sessions_live.palette import COLOURS
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS = ("cms", "courses", "plans", "sessions_live", "audit")
# Templates WeasyPrint turns into PDFs: never sent to a browser, so no CSP applies.
PDF_TEMPLATES = {
    "courses/templates/courses/demo/helens_story_large_print.html",
    "courses/templates/learning/certificate_pdf.html",
    "plans/templates/plans/formats/plan.html",
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [values]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_site_pages_run_under_a_strict_content_security_policy(client):
    response = client.get("/live/join/")
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    # WebSockets to this host only ('self' alone is not enough for older Safari).
    assert csp["connect-src"] == ["'self'", "ws://testserver"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_secure_request_may_open_websockets_to_this_host_over_tls_only(client):
    response = client.get("/live/join/", secure=True)
    assert policy(response)["connect-src"] == ["'self'", "wss://testserver"]


@pytest.mark.django_db
def test_only_wagtails_admin_gets_the_looser_policy_it_needs(client):
    admin = policy(client.get("/admin/login/"))
    assert "'unsafe-inline'" in admin["script-src"]
    assert "'unsafe-inline'" in admin["style-src"]
    assert admin["object-src"] == ["'none'"]
    assert admin["frame-ancestors"] == ["'self'"]
    # A look-alike address outside the admin is not loosened.
    assert "'unsafe-inline'" not in client.get("/administration/")["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/live/join/", "/admin/login/", "/no-such-page/", "/live/"])
def test_every_response_turns_off_camera_microphone_location_and_payment(client, path):
    header = client.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


def test_the_policies_are_written_as_browsers_read_them():
    assert permissions_policy_header(policy={"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )
    # What Django 5.2 (Python 3.11), which has no CSP support, is sent.
    assert content_security_policy_header(
        policy={"default-src": ["'self'"], "upgrade-insecure-requests": True, "x": []}
    ) == ("default-src 'self'; upgrade-insecure-requests")


# --- Cache-Control: no-store ----------------------------------------------------------


def kept(response) -> bool:
    return "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_public_page_for_a_visitor_may_be_kept(client):
    response = client.get("/display-settings/")
    assert response.status_code == 200
    assert kept(response)


@pytest.mark.django_db
def test_every_page_sent_to_a_signed_in_person_is_not_kept(client):
    client.force_login(UserFactory(username="sam"))
    assert not kept(client.get("/display-settings/"))


@pytest.mark.django_db
def test_every_page_sent_to_a_device_that_joined_a_board_is_not_kept():
    store = SessionStore()
    store[access.DEVICE_KEY] = secrets.token_urlsafe(16)
    access.participant_remember(store, session_id=1, participant_id=1)
    store.save()
    client = Client()
    client.cookies["sessionid"] = store.session_key
    assert not kept(client.get("/display-settings/"))


@pytest.mark.django_db
def test_a_visitor_with_a_session_but_no_board_or_sign_in_gets_public_pages_kept():
    store = SessionStore()
    store["something_else"] = True
    store.save()
    client = Client()
    client.cookies["sessionid"] = store.session_key
    assert kept(client.get("/display-settings/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/live/join/",
        "/live/join/not-a-real-token/",
        "/live/sessions/",
        "/live/s/1/",
        "/live/plans/start/",
        "/accounts/login/",
        "/admin/login/",
        "/training/my-learning/",
        "/training/cohorts/",
        "/training/join/not-a-real-token/",
    ],
)
def test_personal_pages_are_not_kept_even_for_a_visitor(client, path):
    assert not kept(client.get(path))


# --- No inline script or style in the site's own pages ---------------------------------

INLINE = [
    (re.compile(r"\sstyle\s*="), "a style attribute"),
    (re.compile(r"<style[\s>]"), "a <style> element"),
    (
        re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>"),
        "an inline <script>",
    ),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']"), "an inline event handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: address"),
]


def site_templates():
    for app in APPS:
        for path in sorted((BASE_DIR / app / "templates").rglob("*.html")):
            relative = path.relative_to(BASE_DIR).as_posix()
            if relative not in PDF_TEMPLATES:
                yield relative, path.read_text()


def test_no_template_has_inline_script_or_style_the_policy_would_block():
    found = [
        f"{name}: {what}"
        for name, text in site_templates()
        for pattern, what in INLINE
        if pattern.search(text)
    ]
    assert found == []


def test_no_script_writes_style_attributes_or_runs_strings_as_code():
    found = []
    for app in APPS:
        for path in sorted((BASE_DIR / app / "static").rglob("*.js")):
            text = path.read_text()
            for pattern in (
                r"style=",
                r"\beval\(",
                r"new Function\(",
                r"setAttribute\(\s*[\"']style",
            ):
                if re.search(pattern, text):
                    found.append(f"{path.relative_to(BASE_DIR)}: {pattern}")
    assert found == []


def test_the_set_up_pages_colours_match_the_palette():
    # session_setup.html colours each person by data-colour, not an inline style.
    css = (BASE_DIR / "sessions_live/static/sessions_live/css/manage.css").read_text()
    rules = dict(re.findall(r'\[data-colour="(\w+)"\] \{ --swatch: (#[0-9a-f]{6}); \}', css))
    assert rules == {colour.key: colour.strong for colour in COLOURS}
