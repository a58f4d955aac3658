"""Views for training pages that are not Wagtail pages: search."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms.navigation import navigation_section
from courses.models import CoursePage, GlossaryIndexPage, GlossaryTerm, ModulePage

MAX_QUERY_LENGTH = 100
MAX_RESULTS_PER_KIND = 20
# The main navigation's Training link: search belongs to that section.
TRAINING_SECTION = "/training/"


@dataclass(frozen=True)
class SearchResult:
    kind: str
    label: str
    title: str
    url: str
    text: str = ""
    context: str = ""


def _page_results(request: HttpRequest, query: str) -> list[SearchResult]:
    courses = CoursePage.objects.live().public().defer_streamfields().search(query)
    modules = list(
        ModulePage.objects.live().public().defer_streamfields().search(query)[:MAX_RESULTS_PER_KIND]
    )
    # Every module's course, in one query.
    parent_paths = {module.path[: -ModulePage.steplen] for module in modules}
    course_titles = dict(
        CoursePage.objects.filter(path__in=parent_paths).values_list("path", "title")
    )
    results = [
        SearchResult(
            kind="course",
            label="Course",
            title=course.title,
            url=course.get_url(request=request),
            text=course.summary,
        )
        for course in courses[:MAX_RESULTS_PER_KIND]
    ]
    results += [
        SearchResult(
            kind="module",
            label="Module",
            title=module.title,
            url=module.get_url(request=request),
            text=module.summary,
            context=course_titles.get(module.path[: -ModulePage.steplen], ""),
        )
        for module in modules
    ]
    return results


def _term_results(request: HttpRequest, query: str) -> list[SearchResult]:
    glossary_page = GlossaryIndexPage.objects.live().public().defer_streamfields().first()
    if glossary_page is None:
        return []
    glossary_url = glossary_page.get_url(request=request)
    return [
        SearchResult(
            kind="term",
            label="Jargon buster",
            title=term.term,
            url=f"{glossary_url}#{term.anchor}",
            text=term.plain_meaning,
        )
        for term in GlossaryTerm.objects.published().search(query)[:MAX_RESULTS_PER_KIND]
    ]


@navigation_section(TRAINING_SECTION)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search courses, modules and jargon buster terms; works without JavaScript."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results: list[SearchResult] = []
    if query:
        # Words first: someone searching "direct payment" most likely wants the meaning.
        results = _term_results(request, query) + _page_results(request, query)
    return render(
        request,
        "courses/search.html",
        {"query": query, "results": results, "search_url": request.path},
    )
