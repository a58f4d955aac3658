"""Pages where champions and editors add and change jargon buster terms.

Server-rendered, so they work without JavaScript. Anyone signed in who may not
edit the jargon buster gets "not found", as on the trainer pages; anyone not
signed in is sent to sign in first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from cms.navigation import navigation_section
from courses import selectors, services
from courses.forms import GlossaryTermForm
from courses.models import GlossaryTerm

# The main navigation's Training link: the jargon buster belongs to that section.
TRAINING_SECTION = "/training/"
TEMPLATE = "courses/glossary/term_form.html"


def _editor_only(request: HttpRequest) -> None:
    if not selectors.glossary_user_can_edit(user=request.user):
        raise Http404("No such page")


def _saved_message(term_obj: GlossaryTerm, *, added: bool) -> str:
    if added:
        text = f"Added \u201c{term_obj.term}\u201d to the jargon buster."
    else:
        text = f"Changed \u201c{term_obj.term}\u201d in the jargon buster."
    if selectors.glossary_term_is_waiting(term_obj=term_obj):
        text += " It will appear once an editor approves it."
    return text


def _after_save(request: HttpRequest, term_obj: GlossaryTerm) -> str:
    """Back to the A to Z page, at the term if readers can see it."""
    glossary_url = selectors.glossary_page_url(request=request)
    if glossary_url is None:
        return reverse("courses:glossary_term_create")
    if selectors.glossary_term_is_waiting(term_obj=term_obj):
        return f"{glossary_url}#glossary-waiting"
    return f"{glossary_url}#{term_obj.anchor}"


def _form_page(
    request: HttpRequest, form: GlossaryTermForm, term_obj=None, current_term: str = ""
) -> HttpResponse:
    site = Site.find_for_request(request)
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "term_obj": term_obj,
            # The term as it was before this attempt, for the heading.
            "current_term": current_term,
            "error_forms": [form] if form.is_bound and form.errors else [],
            "glossary_url": selectors.glossary_page_url(request=request),
            "needs_approval": selectors.glossary_needs_approval(site=site)
            and not selectors.glossary_user_can_publish(user=request.user),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _save(request: HttpRequest, form: GlossaryTermForm, term_obj=None) -> HttpResponse | None:
    """Save through the service; on a refusal, put its messages on the form and return None."""
    data = form.cleaned_data
    site = Site.find_for_request(request)
    try:
        if term_obj is None:
            saved = services.glossary_term_create(user=request.user, site=site, **data)
        else:
            saved = services.glossary_term_update(
                user=request.user, term_obj=term_obj, site=site, **data
            )
    except ValidationError as error:
        # By field where the model names one (a duplicate is the term's problem).
        form.add_error(None, error)
        return None
    messages.success(request, _saved_message(saved, added=term_obj is None))
    return redirect(_after_save(request, saved))


@navigation_section(TRAINING_SECTION)
@require_http_methods(["GET", "POST"])
@login_required
def glossary_term_create(request: HttpRequest) -> HttpResponse:
    """Add a term to the jargon buster."""
    _editor_only(request)
    if request.method == "POST":
        form = GlossaryTermForm(request.POST)
        if form.is_valid() and (response := _save(request, form)):
            return response
    else:
        form = GlossaryTermForm()
    return _form_page(request, form)


@navigation_section(TRAINING_SECTION)
@require_http_methods(["GET", "POST"])
@login_required
def glossary_term_edit(request: HttpRequest, term_id: int) -> HttpResponse:
    """Change a term's words (the latest ones, if a change already waits for approval)."""
    _editor_only(request)
    term_obj = get_object_or_404(selectors.glossary_terms_editable(), pk=term_id)
    # A refused change leaves new words on the object; the heading keeps the old ones.
    current_term = term_obj.term
    if request.method == "POST":
        form = GlossaryTermForm(request.POST)
        if form.is_valid() and (response := _save(request, form, term_obj)):
            return response
    else:
        words = selectors.glossary_term_words_for_editing(term_obj=term_obj)
        form = GlossaryTermForm(
            initial={
                "term": words.term,
                "plain_meaning": words.plain_meaning,
                "easy_read_meaning": words.easy_read_meaning,
            }
        )
    return _form_page(request, form, term_obj, current_term)
