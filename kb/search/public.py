"""The public search: which pages, which types, which page of results, and what to suggest on no match.

Generic over page types: every indexed page model with live pages can appear, named by its verbose_name,
so new knowledge-base page types (and later courses) show up without changing this module.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F, Lookup
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import parse_query_string

from . import freshness
from .analysis import fold, words
from .highlight import highlight_terms, mark, page_text, snippet
from .synonyms import alternatives, pinned

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType
    from wagtail.query import PageQuerySet

PER_PAGE = 10
HIT_FIELDS = ("id", "title", "url_path", "content_type")  # read by _hits and {% pageurl %}
MAX_QUERY_LENGTH = 100
PageType = tuple[str, str]  # a page model's label ("app_label.model_name") and its name in one language, e.g. 常见问题


class ReadByTemplates:
    """Fields a Django template reads by name (``{{ hit.title }}``) without an exception on the way.

    The template language tries ``hit["title"]`` before ``hit.title``; on a plain dataclass that raised, and formatted
    the message of, a TypeError for each of the ~100 lookups of a results page: about 3% of its instructions
    (benchmarks/README.md, issue 17 part 14). A field is answered as the attribute; anything else is a KeyError, after
    which the template reads the attribute as before."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __getitem__(self, name: str) -> Any:
        if name in self.__dataclass_fields__:
            return getattr(self, name)
        raise KeyError(name)


@dataclass
class Hit(ReadByTemplates):
    pk: int
    url: str | None  # as {% pageurl %} gives it in the request's site: relative there, whole elsewhere
    page_title: str
    type_label: str  # "app_label.model_name" of its specific type
    type_name: str
    title: SafeString  # page_title with the query's words marked
    snippet: SafeString


@dataclass
class TypeChoice(ReadByTemplates):
    label: str  # "app_label.model_name", the ?type= value
    name: str  # the model's verbose_name, e.g. 常见问题
    count: int
    selected: bool = False
    href: str = ""  # the chip's link: this query, this type (see results_link)


def results_link(query: str, type_label: str = "", page: int | None = None) -> str:
    """The query string of a results page, as the type chips and the pager link to it: built once per link here, where
    the template filtered the query through ``urlencode`` again for each of ten chips. Quoted as that filter does."""
    link = f"?q={quote(query, safe='/')}"
    if type_label:
        link += f"&type={quote(type_label, safe='/')}"
    if page is not None:
        link += f"&page={page}"
    return link


@dataclass
class SearchOutcome(ReadByTemplates):
    query: str
    hits: list[Hit] = field(default_factory=list)
    page: PaginatorPage | None = None
    types: list[TypeChoice] = field(default_factory=list)
    selected_type: TypeChoice | None = None
    total: int = 0
    suggestions: list[str] = field(default_factory=list)
    # Links (see results_link): every type's results, and the pager's previous and next page ("" when none)
    all_types_href: str = ""
    previous_href: str = ""
    next_href: str = ""


class InPrivateSection(Lookup):
    """Whether the page at a ``path`` is in a private section: it or an ancestor has a view restriction, of any kind.

    Wagtail's ``public()`` reads every restriction in a query of its own first, then writes one condition per
    restriction. This is the same rule inside the SQL of each query that filters or fetches results: no query of its
    own, and the restrictions as they are when that query runs. A lookup on ``path`` (a FilterField of every page), so
    modelsearch accepts it as a filter of the queryset; only for backends that apply the queryset's filters in the
    database (``filters_in_database``), as the project's two do."""

    lookup_name = "in_private_section"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> _AsSqlType:
        path, params = self.process_lhs(compiler, connection)
        quote = connection.ops.quote_name
        # A restricted page's path is a prefix of the path of every page below it (and of its own).
        sql = (
            f"EXISTS (SELECT 1 FROM {quote(PageViewRestriction._meta.db_table)} restriction "
            f"INNER JOIN {quote(Page._meta.db_table)} restricted ON restricted.id = restriction.page_id "
            f"WHERE SUBSTR({path}, 1, LENGTH(restricted.path)) = restricted.path)"
        )
        return (sql if self.rhs else f"NOT {sql}"), params


def base_queryset(site: Site | None) -> PageQuerySet:
    """What the public may find: live pages outside every private section, in the current site.

    Base pages, not specific ones: a hit is shown from its base row and the snippet text stored in the index (see
    :func:`_hits`), not from its specific page, which would cost a query per page type; and of the base row only what a
    hit shows (its title, its address, its type)."""
    pages = Page.objects.live().only(*HIT_FIELDS)
    if getattr(get_search_backend(), "filters_in_database", False):
        pages = pages.filter(InPrivateSection(F("path"), False))
    else:  # a backend that translates filters into its own (OpenSearch) knows FilterField lookups only
        pages = pages.public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


@dataclass(frozen=True)
class PublicPages:
    """What the public may find in one site, as read under one token of :mod:`kb.search.freshness`."""

    token: str
    site: Site | None
    queryset: PageQuerySet  # base_queryset(site), built once: clone it (.all()) before use
    types: dict[int, int]  # pk → content type id of each page in it
    shown: dict[int, tuple[str, str]]  # pk → (title, url_path): what a hit shows of its page
    _urls: dict[int, str | None] = field(default_factory=dict, compare=False)
    _page_types: dict[str, dict[int, PageType]] = field(default_factory=dict, compare=False)  # by language

    def url(self, pk: int) -> str | None:
        """The page's address as ``{% pageurl %}`` writes it in this site, worked out once per token: it changes only
        when a page or a Site does, and Wagtail's way there is a cache read and a URL reversal each time."""
        if pk not in self._urls:
            title, url_path = self.shown[pk]
            self._urls[pk] = Page(id=pk, title=title, url_path=url_path).get_url(current_site=self.site)
        return self._urls[pk]

    def page_types(self, language: str) -> dict[int, PageType]:
        """:func:`page_types` of the types in this set, worked out once per token and language: a results page
        asked Django for the model and the translated name of each hit's and each type chip's type, some forty
        look-ups per search."""
        known = self._page_types.get(language)
        if known is None:
            known = self._page_types[language] = page_types(set(self.types.values()))
        return known


_public_lock = threading.Lock()
_public: dict[int | None, PublicPages] = {}  # by site id (None: every site)


def public_pages(site: Site | None) -> PublicPages:
    """Every page :func:`base_queryset` lets the public find, with its type, title and address, read again whenever
    a page, a view restriction or a Site has changed (:mod:`kb.search.freshness`), and kept per process meanwhile.

    A search counts, facets and shows its matches from this set instead of database queries of its own: the hits,
    their number and the type counts all come from one reading, so they cannot disagree. ~200 bytes a page (4 MB a
    process at 20,000 pages); one query per change and process."""
    token = freshness.public_token()
    key = site.pk if site is not None else None
    with _public_lock:
        known = _public.get(key)
    if known is not None and known.token == token:
        return known
    queryset = base_queryset(site)
    types: dict[int, int] = {}
    shown: dict[int, tuple[str, str]] = {}
    for pk, content_type, title, url_path in queryset.order_by().values_list("pk", "content_type", "title", "url_path"):
        types[pk] = content_type
        shown[pk] = (title, url_path)
    # Kept under the token read before the query: a change meanwhile puts a newer one in the cache.
    public = PublicPages(token, site, queryset, types, shown)
    with _public_lock:
        _public[key] = public
    return public


def _page_type(model: type[Page]) -> PageType:
    return model._meta.label_lower, str(model._meta.verbose_name)


def page_types(content_type_ids: set[int]) -> dict[int, PageType]:
    """The label and the name (in the active language) of each content type's page model, for the types that still
    have a model (a removed model's rows keep their content type)."""
    found = {}
    for content_type_id in content_type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            found[content_type_id] = _page_type(model)
    return found


def _type_choices(results, query: str, selected_label: str, known: dict[int, PageType] | None) -> list[TypeChoice]:
    """One chip per page type among the matches, with its count; ``known``: the public pages' types (None: looked up
    here, for a backend without the public pages)."""
    counts = results.facet("content_type")
    if known is None:
        known = page_types(set(counts))
    choices = []
    for content_type_id, count in counts.items():
        if content_type_id not in known:
            continue
        label, name = known[content_type_id]
        choices.append(TypeChoice(label, name, count, label == selected_label, results_link(query, label)))
    return sorted(choices, key=lambda choice: (-choice.count, choice.name))


def suggestions_for(query: str, pages: PageQuerySet, public: dict[int, int] | None = None) -> list[str]:
    """Shorter queries that do find something: each word of the query and its synonyms, best first (counted among
    ``public``, see :func:`public_pages`, when given)."""
    candidates: list[str] = []
    for word in words(query):
        for candidate in alternatives(word):
            if len(candidate) > 1 and candidate not in candidates and candidate != fold(query):
                candidates.append(candidate)
    found = [(_restricted(pages.search(candidate), public).count(), candidate) for candidate in candidates[:8]]
    return [candidate for count, candidate in sorted(found, key=lambda item: -item[0]) if count][:5]


def search_pages(
    raw_query: str, type_label: str = "", page_number: str | int = 1, site: Site | None = None
) -> SearchOutcome:
    """Run the public search; every public path (the page, tests, benchmarks) goes through here."""
    query = " ".join(raw_query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchOutcome(query=query)
    with freshness.pinned(), pinned():
        return _search(query, type_label, page_number, site)


def _search(query: str, type_label: str, page_number: str | int, site: Site | None) -> SearchOutcome:
    outcome = SearchOutcome(query=query)
    _, parsed = parse_query_string(query, operator="and")
    # The project's backends take the public set instead of a filtering query (see public_pages); another one
    # (OpenSearch) filters by the queryset alone.
    known: PublicPages | None = None
    public: dict[int, int] | None = None
    types: dict[int, PageType] | None = None
    if getattr(get_search_backend(), "filters_in_database", False):
        known = public_pages(site)
        pages, public, types = known.queryset.all(), known.types, known.page_types(get_language())
    else:
        pages = base_queryset(site)
    all_results = _restricted(pages.search(parsed, operator="and"), public)
    outcome.types = _type_choices(all_results, query, type_label, types)
    outcome.selected_type = next((choice for choice in outcome.types if choice.selected), None)
    if outcome.selected_type:
        content_type = ContentType.objects.get_by_natural_key(*type_label.split("."))
        # Exactly that type, as the facet counted it (a Page filter would also return every subtype).
        of_type = None if public is None else {pk: ct for pk, ct in public.items() if ct == content_type.pk}
        results = _restricted(pages.exact_type(content_type.model_class()).search(parsed, operator="and"), of_type)
    else:
        results = all_results
    paginator = Paginator(results, PER_PAGE)
    outcome.page = paginator.get_page(page_number)
    outcome.total = paginator.count
    selected = outcome.selected_type.label if outcome.selected_type else ""
    outcome.all_types_href = results_link(query)
    if outcome.page.has_previous():
        outcome.previous_href = results_link(query, selected, outcome.page.previous_page_number())
    if outcome.page.has_next():
        outcome.next_href = results_link(query, selected, outcome.page.next_page_number())
    terms = highlight_terms(query)
    results_page = outcome.page.object_list
    if known is None or types is None:
        outcome.hits = _hits(results_page, terms, site)
    else:
        outcome.hits = _public_hits(results_page, terms, known, types)
    if not outcome.total:
        outcome.suggestions = suggestions_for(query, pages, public)
    return outcome


def _restricted(results, public: dict[int, int] | None):
    return results if public is None else results.among(public, "content_type")


def _public_hits(results, terms: list[str], known: PublicPages, types: dict[int, PageType]) -> list[Hit]:
    """The results page's hits from the public pages' titles and addresses and the snippet texts the index stored
    with them: no database query (see :func:`public_pages`). A page's stored text is missing when the index was
    written before the text was stored (until ``update_index``): that page is loaded."""
    pks = [pk for pk in results.pks() if pk in known.shown]
    texts: dict[int, str] = results.page_texts(pks)
    missing = [pk for pk in pks if pk not in texts]
    if missing:
        texts.update((page.pk, page_text(page)) for page in Page.objects.filter(pk__in=missing).specific())
    hits = []
    for pk in pks:
        title = known.shown[pk][0]
        page_type = types.get(known.types[pk]) or _page_type(Page)
        hits.append(_hit(pk, known.url(pk), title, page_type, texts.get(pk, ""), terms))
    return hits


def _hits(results, terms: list[str], site: Site | None) -> list[Hit]:
    """The hits of a backend without the public set (OpenSearch): its pages are loaded, and their texts with them."""
    pks = [page.pk for page in results]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=pks).specific()}
    return [
        _hit(pk, page.get_url(current_site=site), page.title, _page_type(type(page)), page_text(page), terms)
        for pk in pks
        if (page := pages.get(pk)) is not None
    ]


def _hit(pk: int, url: str | None, title: str, page_type: PageType, text: str, terms: list[str]) -> Hit:
    return Hit(
        pk=pk,
        url=url,
        page_title=title,
        type_label=page_type[0],
        type_name=page_type[1],
        title=mark(title, terms),
        snippet=snippet(text, terms),
    )
