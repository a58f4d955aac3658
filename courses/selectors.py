"""Reads for the jargon buster's editing pages: who may edit, and what waits for approval.

Champions keep the jargon buster (issue 14): they add and correct terms on the
site's own pages, and, when the user-led organisation (ULO) wants it, an editor
approves their words first (``TrainingSettings.glossary_needs_approval``).
"""

from dataclasses import dataclass

from django.http import HttpRequest

from cms.roles import CHAMPIONS, WAGTAIL_EDITORS
from courses.models import GlossaryIndexPage, GlossaryTerm, TrainingSettings

# Groups whose members keep the jargon buster. Champions write most terms;
# Wagtail's editors approve them.
GLOSSARY_EDITING_GROUPS = (CHAMPIONS, WAGTAIL_EDITORS)


@dataclass(frozen=True)
class WaitingTerm:
    """A term, or a change to one, that an editor has not published yet."""

    term: GlossaryTerm
    # The words waiting (the latest revision), which may differ from the live ones.
    words: str
    is_new: bool


def _group_names(user) -> set[str]:
    # Cached on the user: the glossary page asks several questions about one person.
    names = getattr(user, "_glossary_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._glossary_group_names = names
    return names


def glossary_user_can_edit(*, user) -> bool:
    """Whether ``user`` may add and change jargon buster terms: champions, editors
    (the Wagtail ``Editors`` group, or anyone given ``change_glossaryterm``) and superusers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if _group_names(user).intersection(GLOSSARY_EDITING_GROUPS):
        return True
    return user.has_perm("courses.change_glossaryterm")


def glossary_user_can_publish(*, user) -> bool:
    """Whether what ``user`` writes goes live even when the ULO wants approval: editors
    (the ``Editors`` group, or anyone given ``publish_glossaryterm``) and superusers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or WAGTAIL_EDITORS in _group_names(user):
        return True
    return user.has_perm("courses.publish_glossaryterm")


def glossary_needs_approval(*, site) -> bool:
    """Whether the ULO wants an editor to approve champions' terms on ``site``."""
    if site is None:
        return False
    return TrainingSettings.for_site(site).glossary_needs_approval


def glossary_terms_editable():
    """Every term an editing person may open, live or waiting (for looking one up by id)."""
    return GlossaryTerm.objects.all()


def glossary_term_words_for_editing(*, term_obj: GlossaryTerm) -> GlossaryTerm:
    """The words to show in the edit form: the latest saved version, so a change that
    waits for approval is what the person sees and changes again."""
    if term_obj.has_unpublished_changes and term_obj.latest_revision_id:
        return term_obj.get_latest_revision_as_object()
    return term_obj


def glossary_term_is_waiting(*, term_obj: GlossaryTerm) -> bool:
    """Whether the words last saved for a term wait for an editor (readers do not see them)."""
    return bool(term_obj.has_unpublished_changes or not term_obj.live)


def glossary_terms_waiting() -> list[WaitingTerm]:
    """New terms and changes to terms that wait for an editor, in A to Z order."""
    terms = GlossaryTerm.objects.filter(has_unpublished_changes=True).select_related(
        "latest_revision"
    )
    waiting = []
    for term in terms:
        content = term.latest_revision.content if term.latest_revision else {}
        waiting.append(
            WaitingTerm(term=term, words=content.get("term") or term.term, is_new=not term.live)
        )
    return sorted(waiting, key=lambda item: item.words.casefold())


def glossary_page_url(*, request: HttpRequest | None = None) -> str | None:
    """The address of the live A to Z page, if there is one."""
    page = GlossaryIndexPage.objects.live().defer_streamfields().first()
    return page.get_url(request=request) if page is not None else None
