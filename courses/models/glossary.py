"""The jargon buster: glossary terms (snippets), the A to Z page, and inline definitions."""

import re
from collections import OrderedDict
from string import ascii_uppercase

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.html import escape, format_html
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from cms.blocks import BaseStreamBlock, picture_source

__all__ = ["GlossaryAnnotator", "GlossaryIndexPage", "GlossaryTerm"]


class GlossaryTermQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Terms that can be searched: ``GlossaryTerm.objects.search("budget")``."""

    def published(self):
        """Terms readers see: live ones (a champion's new term may wait as a draft)."""
        return self.filter(live=True)


class GlossaryTerm(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """One word or phrase people meet in social care, explained in plain words.

    Drafts and revisions (Wagtail's) let a champion's new or changed term wait for
    an editor when the ULO wants that (``TrainingSettings.glossary_needs_approval``).
    """

    term = models.CharField(
        max_length=80,
        unique=True,
        help_text=(
            "The word or phrase as people meet it, for example: personal budget. Use capitals "
            "only where the word always has them (Care Act, SMART)."
        ),
    )
    plain_meaning = models.TextField(
        max_length=500,
        help_text=(
            "What it means, in one to three short sentences of plain English. Do not use other "
            "jargon to explain it."
        ),
    )
    easy_read_meaning = models.CharField(
        max_length=200,
        help_text="The meaning in one short easy read sentence, 15 words or fewer.",
    )
    picture = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a simple picture that shows the idea, for the easy read meaning.",
    )
    picture_alt_text = models.CharField(
        max_length=200,
        blank=True,
        help_text="Say what the picture shows. Needed when you choose a picture.",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="glossary_term")

    objects = GlossaryTermQuerySet.as_manager()

    panels = [
        FieldPanel("term"),
        FieldPanel("plain_meaning"),
        MultiFieldPanel(
            [
                FieldPanel("easy_read_meaning"),
                FieldPanel("picture"),
                FieldPanel("picture_alt_text"),
            ],
            heading="Easy read",
        ),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.AutocompleteField("term"),
        index.SearchField("plain_meaning"),
        index.SearchField("easy_read_meaning"),
        index.FilterField("term"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = "jargon buster term"
        constraints = [
            # "Individual Service Fund" and "individual service fund" are one term.
            models.UniqueConstraint(Lower("term"), name="glossary_term_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        # "Individual  Service Fund" and "individual service fund" are the same term.
        self.term = " ".join(self.term.split())
        same = GlossaryTerm.objects.exclude(pk=self.pk).filter(term__iexact=self.term).first()
        if self.term and same is not None:
            raise ValidationError(
                {
                    "term": f"\u201c{same.term}\u201d is already in the jargon buster. "
                    "Change that term instead of adding it again."
                }
            )
        if self.picture_id and not self.picture_alt_text.strip():
            raise ValidationError({"picture_alt_text": "Say what the picture shows."})

    @property
    def anchor(self) -> str:
        """The id of this term on the A to Z page."""
        return f"term-{slugify(self.term)}"

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first in ascii_uppercase else "#"


class GlossaryIndexPage(Page):
    """The jargon buster: every glossary term from A to Z."""

    intro = models.TextField(
        max_length=500,
        help_text="One or two sentences: what this page is for and how to use it.",
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="Anything else readers should know, shown after the list of words.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage", "courses.TrainingIndexPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "jargon buster page"

    def get_context(self, request, *args, **kwargs):
        """Terms grouped by first letter, and every letter for the jump links."""
        context = super().get_context(request, *args, **kwargs)
        groups: OrderedDict[str, list[GlossaryTerm]] = OrderedDict()
        terms = sorted(
            GlossaryTerm.objects.published().select_related("picture"),
            key=lambda term: term.term.casefold(),
        )
        for term in terms:
            groups.setdefault(term.letter, []).append(term)
        for terms in groups.values():
            for term in terms:
                term.picture_source = picture_source(term.picture, max_size=240)
        context["groups"] = groups
        context["letters"] = [(letter, letter in groups) for letter in ascii_uppercase]
        return context


class GlossaryAnnotator:
    """Gives the first use of each glossary term on a page an inline definition.

    Used by ``cms.blocks.ParagraphBlock``: a page puts one annotator in its
    context as ``glossary_annotator`` and every paragraph passes its HTML through
    ``annotate``. The annotator remembers which terms it has explained, so each
    term is explained once per page. Text inside links is left alone.

    Without JavaScript the term links to its entry on the A to Z page (or, with
    no A to Z page, the definition is shown in the text). The training script
    turns the link into a button with ``aria-expanded`` that shows and hides the
    definition that follows it.
    """

    TAG = re.compile(r"(<[^>]*>)")

    def __init__(self, terms=None, glossary_url: str | None = None, *, request=None):
        """Give ``terms`` (and ``glossary_url``) directly, or neither to load them lazily.

        Loaded lazily, the terms cost one query the first time a paragraph is
        annotated, and the A to Z page one more the first time a term is found;
        a page with no paragraphs costs nothing.
        """
        self._terms = None if terms is None else list(terms)
        self._glossary_url = glossary_url
        self._glossary_url_known = terms is not None
        self._pattern = None
        self.request = request
        self.seen: set[int] = set()
        self.count = 0

    @classmethod
    def for_request(cls, request=None) -> "GlossaryAnnotator":
        """An annotator that loads every term, and the live A to Z page, when first needed."""
        return cls(request=request)

    @property
    def terms(self) -> list[GlossaryTerm]:
        if self._terms is None:
            self._terms = list(GlossaryTerm.objects.published().only("id", "term", "plain_meaning"))
        return self._terms

    @property
    def glossary_url(self) -> str | None:
        if not self._glossary_url_known:
            page = GlossaryIndexPage.objects.live().defer_streamfields().first()
            self._glossary_url = page.get_url(request=self.request) if page else None
            self._glossary_url_known = True
        return self._glossary_url

    @property
    def pattern(self) -> re.Pattern | None:
        if self._pattern is None and self.terms:
            self._ordered = sorted(self.terms, key=lambda term: len(term.term), reverse=True)
            alternatives = []
            for position, term in enumerate(self._ordered):
                text = re.escape(term.term.strip())
                # Abbreviations in capitals (SMART) only match in capitals.
                pattern = text if term.term.isupper() else f"(?i:{text})"
                alternatives.append(f"(?P<t{position}>{pattern}(?:s|es)?)")
            self._pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")
        return self._pattern

    def annotate(self, html: str) -> str:
        pattern = self.pattern
        if pattern is None:
            return html
        output = []
        link_depth = 0
        for part in self.TAG.split(html):
            if part.startswith("<"):
                lowered = part.lower()
                if lowered.startswith("<a ") or lowered == "<a>":
                    link_depth += 1
                elif lowered.startswith("</a"):
                    link_depth = max(0, link_depth - 1)
                output.append(part)
            elif part and link_depth == 0:
                output.append(pattern.sub(self._explain, part))
            else:
                output.append(part)
        return "".join(output)

    def _explain(self, match: re.Match) -> str:
        term = self._ordered[int(match.lastgroup[1:])]
        if term.pk in self.seen:
            return match.group(0)
        self.seen.add(term.pk)
        self.count += 1
        definition_id = f"glossary-definition-{self.count}"
        # The matched text is already escaped HTML from the rich text: keep it as it is.
        words = match.group(0)
        glossary_url = self.glossary_url
        definition = format_html(
            '<span class="glossary-term__definition" id="{}"{}>'
            '<strong class="glossary-term__name">{}:</strong> {}{}</span>',
            definition_id,
            " hidden" if glossary_url else "",
            term.term,
            term.plain_meaning,
            format_html(' <a href="{}">All words in the jargon buster</a>', glossary_url)
            if glossary_url
            else "",
        )
        if glossary_url:
            trigger = (
                f'<a class="glossary-term__trigger" data-glossary-term '
                f'data-definition="{definition_id}" '
                f'href="{escape(glossary_url)}#{escape(term.anchor)}">{words}</a>'
            )
        else:
            trigger = (
                f'<span class="glossary-term__trigger" data-glossary-term '
                f'data-definition="{definition_id}">{words}</span>'
            )
        return f'<span class="glossary-term">{trigger}{definition}</span>'
