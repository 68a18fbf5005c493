"""The public search: which pages, which types, which page of results, and what to suggest on no match.

Generic over page types: every indexed page model with live pages can appear, named by its verbose_name,
so new knowledge-base page types (and later courses) show up without changing this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.safestring import SafeString
from wagtail.models import Page, Site
from wagtail.search.utils import parse_query_string

from .analysis import fold, words
from .highlight import highlight_terms, mark, page_text, snippet
from .synonyms import alternatives, pinned

if TYPE_CHECKING:
    from wagtail.query import PageQuerySet

PER_PAGE = 10
MAX_QUERY_LENGTH = 100


@dataclass
class Hit:
    page: Page
    type_name: str
    title: SafeString
    snippet: SafeString


@dataclass
class TypeChoice:
    label: str  # "app_label.model_name", the ?type= value
    name: str  # the model's verbose_name, e.g. 常见问题
    count: int
    selected: bool = False


@dataclass
class SearchOutcome:
    query: str
    hits: list[Hit] = field(default_factory=list)
    page: PaginatorPage | None = None
    types: list[TypeChoice] = field(default_factory=list)
    selected_type: TypeChoice | None = None
    total: int = 0
    suggestions: list[str] = field(default_factory=list)


def base_queryset(site: Site | None) -> PageQuerySet:
    """What the public may find: live pages without view restrictions, in the current site."""
    pages = Page.objects.live().public().specific()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def _type_choices(results, selected_label: str) -> list[TypeChoice]:
    choices = []
    for content_type_id, count in results.facet("content_type").items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        label = model._meta.label_lower
        choices.append(TypeChoice(label, str(model._meta.verbose_name), count, label == selected_label))
    return sorted(choices, key=lambda choice: (-choice.count, choice.name))


def suggestions_for(query: str, pages: PageQuerySet) -> list[str]:
    """Shorter queries that do find something: each word of the query and its synonyms, best first."""
    candidates: list[str] = []
    for word in words(query):
        for candidate in alternatives(word):
            if len(candidate) > 1 and candidate not in candidates and candidate != fold(query):
                candidates.append(candidate)
    found = [(pages.search(candidate).count(), candidate) for candidate in candidates[:8]]
    return [candidate for count, candidate in sorted(found, key=lambda item: -item[0]) if count][:5]


def search_pages(
    raw_query: str, type_label: str = "", page_number: str | int = 1, site: Site | None = None
) -> SearchOutcome:
    """Run the public search; every public path (the page, tests, benchmarks) goes through here."""
    query = " ".join(raw_query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchOutcome(query=query)
    with pinned():
        return _search(query, type_label, page_number, site)


def _search(query: str, type_label: str, page_number: str | int, site: Site | None) -> SearchOutcome:
    outcome = SearchOutcome(query=query)
    _, parsed = parse_query_string(query, operator="and")
    pages = base_queryset(site)
    all_results = pages.search(parsed, operator="and")
    outcome.types = _type_choices(all_results, type_label)
    outcome.selected_type = next((choice for choice in outcome.types if choice.selected), None)
    if outcome.selected_type:
        model = ContentType.objects.get_by_natural_key(*type_label.split(".")).model_class()
        # Exactly that type, as the facet counted it (a Page filter would also return every subtype).
        results = pages.exact_type(model).search(parsed, operator="and")
    else:
        results = all_results
    paginator = Paginator(results, PER_PAGE)
    outcome.page = paginator.get_page(page_number)
    outcome.total = paginator.count
    terms = highlight_terms(query)
    for result in outcome.page.object_list:
        specific = result.specific
        outcome.hits.append(
            Hit(
                page=specific,
                type_name=str(specific._meta.verbose_name),
                title=mark(specific.title, terms),
                snippet=snippet(page_text(specific), terms),
            )
        )
    if not outcome.total:
        outcome.suggestions = suggestions_for(query, pages)
    return outcome
