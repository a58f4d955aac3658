"""Writes for the jargon buster: champions and editors add and change terms.

Every change is saved as a Wagtail revision, through the same actions the admin
uses, so it shows in the term's history there. When the user-led organisation
(ULO) wants approval (``TrainingSettings.glossary_needs_approval``), a champion's
words wait: a new term stays a draft (``live=False``) and a change to a live term
keeps the live words, until an editor publishes the revision in the admin's
Jargon buster. Editors' and superusers' own words go live at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction

from courses.models import GlossaryTerm
from courses.selectors import (
    glossary_needs_approval,
    glossary_terms_waiting,
    glossary_user_can_edit,
    glossary_user_can_publish,
)

NOT_ALLOWED = "Only champions and editors can change the jargon buster."


def _words(text: str) -> str:
    """The term as the model keeps it: single spaces, no spaces at the ends."""
    return " ".join((text or "").split())


def _duplicate_message(existing: str) -> str:
    # The model's own words (GlossaryTerm.clean), so people meet one message.
    return (
        f"\u201c{existing}\u201d is already in the jargon buster. "
        "Change that term instead of adding it again."
    )


def _refuse_waiting_duplicate(*, term_obj: GlossaryTerm) -> None:
    """Refuse a term that matches a change still waiting for approval.

    ``GlossaryTerm.clean`` compares with every saved term, drafts included; a
    waiting change to a live term lives only in its latest revision, so it is
    compared here.
    """
    wanted = _words(term_obj.term).casefold()
    for waiting in glossary_terms_waiting():
        if waiting.term.pk == term_obj.pk:
            continue
        if _words(waiting.words).casefold() == wanted:
            raise ValidationError({"term": _duplicate_message(_words(waiting.words))})


def _may_publish(*, user, site) -> bool:
    return not glossary_needs_approval(site=site) or glossary_user_can_publish(user=user)


def _check_and_fill(
    *, user, term_obj: GlossaryTerm, term: str, plain_meaning: str, easy_read_meaning: str
) -> None:
    if not glossary_user_can_edit(user=user):
        raise PermissionDenied(NOT_ALLOWED)
    term_obj.term = _words(term)
    term_obj.plain_meaning = (plain_meaning or "").strip()
    term_obj.easy_read_meaning = (easy_read_meaning or "").strip()
    # Always the model's checks: required words, lengths, and no duplicates by case or spacing.
    term_obj.full_clean()
    _refuse_waiting_duplicate(term_obj=term_obj)


def _run(action, *, term_obj: GlossaryTerm) -> None:
    """Run a Wagtail action; a duplicate saved at the same moment gets the model's message."""
    try:
        with transaction.atomic():
            # Our rules (who may, and whether approval is needed) were checked above;
            # Wagtail's permissions are for its admin, where champions only save drafts.
            action.execute(skip_permission_checks=True)
    except IntegrityError:
        # Someone else saved the same term between our check and the save.
        term_obj.full_clean()
        raise
    if action.publish:
        # Publishing saved a copy made from the revision: read back what is live now.
        action.instance.refresh_from_db()


def glossary_term_create(
    *, user, term: str, plain_meaning: str, easy_read_meaning: str, site
) -> GlossaryTerm:
    """Add a term to the jargon buster, live at once unless the ULO wants approval.

    Raises ``PermissionDenied`` for anyone but champions, editors and superusers,
    and ``ValidationError`` (the model's messages, by field) for a duplicate or
    missing words. The term returned has ``live=False`` while it waits.
    """
    term_obj = GlossaryTerm()
    _check_and_fill(
        user=user,
        term_obj=term_obj,
        term=term,
        plain_meaning=plain_meaning,
        easy_read_meaning=easy_read_meaning,
    )
    action = CreateAction(
        term_obj, user=user, publish=_may_publish(user=user, site=site), clean=True
    )
    _run(action, term_obj=term_obj)
    return action.instance


def glossary_term_update(
    *,
    user,
    term_obj: GlossaryTerm,
    term: str,
    plain_meaning: str,
    easy_read_meaning: str,
    site,
) -> GlossaryTerm:
    """Change a term's words, live at once unless the ULO wants approval.

    While a change waits, a live term keeps showing its live words and
    ``has_unpublished_changes`` is true; the term returned holds the new words.
    Raises as ``glossary_term_create`` does.
    """
    _check_and_fill(
        user=user,
        term_obj=term_obj,
        term=term,
        plain_meaning=plain_meaning,
        easy_read_meaning=easy_read_meaning,
    )
    action = EditAction(term_obj, user=user, publish=_may_publish(user=user, site=site), clean=True)
    _run(action, term_obj=term_obj)
    return action.instance
