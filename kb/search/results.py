"""Search results: ranked candidates from the index, filtered and fetched by the database."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import query as wq

from .index import key_for
from .scoring import matching_docs, ranked_pks, stored_pk
from .storage import PAGE_TEXT

if TYPE_CHECKING:
    from whoosh.searching import Searcher

CHUNK = 900  # primary keys per IN (…) clause when checking candidates against the queryset's filters
# Snippet texts a reader keeps (see _stored_text): a page's text is ~1–3 KB, so a few MB per reader at most.
MAX_KEPT_TEXTS = 2_000


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass
class Matches:
    """Every match that passes the queryset's filters: what counts, facets and (once known) ranking start from.

    ``keys`` are how the index names the matches (Whoosh document numbers, ``kb_searchentry.object_pk``), so the
    ranked tiers are searched among them alone and need no database check of their own. ``values`` holds, per
    faceted field, each match's value, read by the same query that filtered the candidates."""

    source: object  # the searcher the candidates came from: a newer one makes these stale
    keys_by_pk: dict
    keys: set = field(init=False)
    values: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.keys = set(self.keys_by_pk.values())

    @property
    def pks(self) -> list:
        return list(self.keys_by_pk)


class WhooshSearchResults(BaseSearchResults):
    """Relevance order comes from Whoosh (BM25F); the queryset's filters decide which candidates survive.

    A results page counts and facets first: that reads every candidate and filters them in one database query
    (with the faceted field's value), and the ranked tiers are then searched among the survivors only. Without a
    count, a page of results checks only the top candidates against the database, widening the window when
    filters drop too many, so ``search(…)[:10]`` reads a few dozen rows.
    """

    supports_facet = True

    def _to_pk(self, value: str):
        return self.query_compiler.queryset.model._meta.pk.to_python(value)

    def _allowed(self, pks: list) -> set:
        return set(self._filtered(pks, None))

    # -- the matching set --------------------------------------------------------------------------------------

    def _searcher(self) -> Searcher:
        """The searcher this search reads throughout, chosen at its first use: one snapshot of the index for the
        count, facets, ranking and texts of one search (the PostgreSQL backend reads one transaction), and one check
        for a newer commit per search instead of eight (each lists the index directory)."""
        compiler = self.query_compiler
        searcher: Searcher | None = getattr(compiler, "_searcher", None)
        if searcher is None or searcher.is_closed:
            searcher = compiler._searcher = self.backend.store.searcher()
        return searcher

    def _source(self) -> object:
        """What the candidates are read from; matches computed from another source are stale."""
        return self._searcher()

    def _candidates(self) -> list[tuple[object, object]]:
        """(primary key, index key) of every document the query matches, before the queryset's filters."""
        store = self.backend.store
        searcher = self._searcher()
        self.query_compiler.use_reader(searcher.reader())
        query = self.query_compiler.matching_query(store.match_field_serves())
        if query is wq.NullQuery:
            return []
        only = self.backend.store.docs_for(searcher, self.query_compiler.model_filter())
        matched = sorted(matching_docs(searcher, query) & only)
        if not matched:
            return []
        pk = stored_pk(searcher)
        return [(self._to_pk(pk(docnum)), docnum) for docnum in matched]

    def _known_matches(self) -> Matches | None:
        cached: Matches | None = getattr(self.query_compiler, "_matches", None)
        if cached is not None and cached.source is self._source():
            return cached
        return None

    def _matches(self, facet_field: str | None = None) -> Matches:
        """The matching set, kept on the query compiler, which every slice of these results shares (the results
        page counts, facets and paginates the same search); computed again only to read another faceted field."""
        known = self._known_matches()
        if known is not None and (facet_field is None or facet_field in known.values):
            return known
        keys_by_pk = known.keys_by_pk if known is not None else dict(self._candidates())
        values = self._filtered(list(keys_by_pk), facet_field)
        matches = Matches(source=self._source(), keys_by_pk={pk: keys_by_pk[pk] for pk in values})
        if known is not None:
            matches.values.update(known.values)
        if facet_field is not None:
            matches.values[facet_field] = values
        self.query_compiler._matches = matches
        return matches

    def _filtered(self, pks: list, facet_field: str | None) -> dict:
        """pk → its value of ``facet_field`` (None without one) for each of ``pks`` that passes the queryset's filters:
        from the set given to :meth:`among` when there is one, else in one database query per chunk."""
        among: tuple[str | None, dict] | None = getattr(self.query_compiler, "_among", None)
        if among is not None and facet_field in (None, among[0]):
            allowed = among[1]
            return {pk: allowed[pk] if facet_field else None for pk in pks if pk in allowed}
        queryset = self.query_compiler.queryset.order_by()
        values: dict = {}
        for chunk in _chunks(pks):
            if facet_field is None:
                values.update((pk, None) for pk in queryset.filter(pk__in=chunk).values_list("pk", flat=True))
            else:
                values.update(queryset.filter(pk__in=chunk).values_list("pk", facet_field))
        return values

    def among(self, allowed: dict, facet_field: str | None = None) -> WhooshSearchResults:
        """These results, told which objects pass the queryset's filters: ``allowed`` maps each one's primary key to
        its value of ``facet_field``. Counting and faceting then take the matches from it instead of a database query;
        the objects shown are still fetched through the queryset, its filters included. For a caller that keeps that
        set itself (the public search keeps its public pages until one changes, kb.search.public.public_pages)."""
        self.query_compiler._among = (facet_field, allowed)
        return self

    def _all_matching_pks(self) -> list:
        return self._matches().pks

    # -- ranking -----------------------------------------------------------------------------------------------

    def _ranked(self, need: int | None) -> list[tuple[object, float]]:
        """(pk, score) best first, at least ``need`` of them when that many match (all when None).

        Tiers (see the compiler's ``tiers()``) are consumed in order: a later tier only fills the places the
        earlier ones left, so adjacent matches always come before scattered ones.
        """
        ranked: list[tuple[object, float]] = []
        if need == 0:
            return ranked
        seen: set = set()
        self._prepare_ranking()
        for query in self.query_compiler.tiers():
            for pk, score in self._ranked_by(query, need):
                if pk not in seen:
                    seen.add(pk)
                    ranked.append((pk, score))
            if need is not None and len(ranked) >= need:
                break
        return ranked

    def _prepare_ranking(self) -> None:
        """The tiers are compiled against the index's current reader (which terms exist decides the bigram tier)."""
        self.query_compiler.use_reader(self._searcher().reader())

    def _ranked_by(self, query: wq.Query, need: int | None) -> list[tuple[object, float]]:
        if query is wq.NullQuery:
            return []
        searcher = self._searcher()
        known = self._known_matches()
        if known is not None:  # every document in the filter passed the queryset's filters already
            return [(self._to_pk(pk), score) for pk, score in ranked_pks(searcher, query, need, known.keys)]
        only = self.backend.store.docs_for(searcher, self.query_compiler.model_filter())
        limit = None if need is None else max(need + need // 2, 20)
        while True:
            scored = [(self._to_pk(pk), score) for pk, score in ranked_pks(searcher, query, limit, only)]
            complete = limit is None or len(scored) < limit
            allowed = self._allowed([pk for pk, _ in scored])
            ranked = [(pk, score) for pk, score in scored if pk in allowed]
            if complete or need is None or limit is None or len(ranked) >= need:  # no need: no limit, complete
                return ranked
            limit *= 4

    # -- fetching ----------------------------------------------------------------------------------------------

    def page_texts(self, pks: Iterable) -> dict:
        """Each object's stored snippet source (see :func:`kb.search.index.stored_page_text`), read from its document,
        by primary key; objects indexed before the field existed are left out, for the caller to load. The matching
        set already knows each match's document number; an object outside it is looked up by its key."""
        searcher = self._searcher()
        known = self._known_matches()
        docnums = known.keys_by_pk if known is not None else {}
        model = self.query_compiler.queryset.model
        found: dict = {}
        for pk in pks:
            docnum = docnums.get(pk)
            if docnum is not None:
                text = _stored_text(searcher, docnum)
            else:
                fields = searcher.document(key=key_for(model, pk))
                text = fields.get(PAGE_TEXT) if fields is not None else None
            if text is not None:
                found[pk] = text
        return found

    def _fetch(self, pks: list) -> dict:
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return {obj.pk: obj for obj in queryset.filter(pk__in=pks)}

    def pks(self) -> list:
        """The primary keys of these results, in their order, without fetching the objects: for a caller that knows
        what it shows of each (the public search keeps the public pages' titles and addresses, see
        kb.search.public.public_pages)."""
        if self.query_compiler.order_by_relevance:
            return [pk for pk, _ in self._relevance_window()]
        return [obj.pk for obj in self._do_search()]

    def _relevance_window(self) -> list[tuple[object, float]]:
        return self._ranked(self.stop)[self.start : self.stop]

    def _do_search(self) -> list:
        if self.query_compiler.order_by_relevance:
            window = self._relevance_window()
            objects = self._fetch([pk for pk, _ in window])
            results = []
            for pk, score in window:
                obj = objects.get(pk)
                if obj is not None:
                    if self._score_field:
                        setattr(obj, self._score_field, score)
                    results.append(obj)
            return results
        queryset = self.query_compiler.queryset.filter(pk__in=self._all_matching_pks())
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # a stable order across pages
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        results = list(queryset[self.start : self.stop])
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, None)
        return results

    def _do_count(self) -> int:
        total = len(self._all_matching_pks())
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def facet(self, field_name: str) -> OrderedDict:
        """How many matches per value of a FilterField (e.g. ``content_type``: results per page type), counted from
        the matching set's own filtering query, so facets cost no query of their own."""
        model = self.query_compiler.queryset.model
        declared = {field.field_name for field in model.get_filterable_search_fields()}
        if field_name not in declared and self.query_compiler._get_filterable_field(field_name) is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {self.query_compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        counts = Counter(self._matches(field_name).values[field_name].values())
        return OrderedDict(sorted(counts.items(), key=lambda item: -item[1]))


def _stored_text(searcher: Searcher, docnum: int) -> str | None:
    """The snippet text stored with document ``docnum`` (None when it was indexed without one), kept on the reader:
    Whoosh unpickles and decompresses a document's stored fields on each read, and the pages people find most are
    shown again and again. A reader never changes, so what it keeps is true for its whole life (up to
    MAX_KEPT_TEXTS texts, then dropped and read again)."""
    kept: dict[int, str | None] = searcher.reader().__dict__.setdefault("_kb_texts", {})
    if docnum in kept:
        return kept[docnum]
    text = searcher.stored_fields(docnum).get(PAGE_TEXT)
    if len(kept) >= MAX_KEPT_TEXTS:
        kept.clear()
    kept[docnum] = text
    return text
