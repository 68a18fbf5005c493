"""Search results: ranked candidates from the index, filtered and fetched by the database."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import query as wq

CHUNK = 900  # primary keys per IN (…) clause when checking candidates against the queryset's filters


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class WhooshSearchResults(BaseSearchResults):
    """Relevance order comes from Whoosh (BM25F); the queryset's filters decide which candidates survive.

    For a page of results only the top candidates are checked against the database, widening the window
    when filters drop too many, so the usual “live pages, first ten” query reads a few dozen rows.
    """

    supports_facet = True

    def _query(self) -> wq.Query:
        self.query_compiler.use_reader(self.backend.store.searcher().reader())
        return self.query_compiler.whoosh_query()

    def _to_pk(self, value: str):
        return self.query_compiler.queryset.model._meta.pk.to_python(value)

    def _allowed(self, pks: list) -> set:
        queryset = self.query_compiler.queryset.order_by()
        allowed: set = set()
        for chunk in _chunks(pks):
            allowed.update(queryset.filter(pk__in=chunk).values_list("pk", flat=True))
        return allowed

    def _ranked(self, need: int | None) -> list[tuple[object, float]]:
        """(pk, score) best first, at least ``need`` of them when that many match (all when None).

        Tiers (see the compiler's ``tiers()``) are consumed in order: a later tier only fills the places the
        earlier ones left, so adjacent matches always come before scattered ones.
        """
        ranked: list[tuple[object, float]] = []
        seen: set = set()
        self.query_compiler.use_reader(self.backend.store.searcher().reader())
        for query in self.query_compiler.tiers():
            for pk, score in self._ranked_by(query, need):
                if pk not in seen:
                    seen.add(pk)
                    ranked.append((pk, score))
            if need is not None and len(ranked) >= need:
                break
        return ranked

    def _ranked_by(self, query: wq.Query, need: int | None) -> list[tuple[object, float]]:
        if query is wq.NullQuery:
            return []
        searcher = self.backend.store.searcher()
        only = self.backend.store.docs_for(searcher, self.query_compiler.model_filter())
        limit = None if need is None else max(need + need // 2, 20)
        while True:
            hits = searcher.search(query, limit=limit, filter=only)
            scored = [(self._to_pk(hit["pk"]), hit.score) for hit in hits]
            complete = limit is None or hits.scored_length() < limit
            allowed = self._allowed([pk for pk, _ in scored])
            ranked = [(pk, score) for pk, score in scored if pk in allowed]
            if complete or need is None or limit is None or len(ranked) >= need:  # no need: no limit, complete
                return ranked
            limit *= 4

    def _all_matching_pks(self) -> list:
        """Every matching primary key that passes the queryset's filters, unscored (for counts and facets).

        Kept on the query compiler, which every slice of these results shares: the results page counts, facets
        and paginates the same search, and this is its most expensive part."""
        query = self._query()
        if query is wq.NullQuery:
            return []
        searcher = self.backend.store.searcher()
        cached = getattr(self.query_compiler, "_matching_pks", None)
        if cached is not None and cached[0] is searcher:
            return cached[1]
        only = self.backend.store.docs_for(searcher, self.query_compiler.model_filter())
        column = searcher.reader().column_reader("pk")
        pks = [self._to_pk(column[docnum]) for docnum in searcher.docs_for_query(query) if docnum in only]
        allowed = list(self._allowed(pks))
        self.query_compiler._matching_pks = (searcher, allowed)
        return allowed

    def _fetch(self, pks: list) -> dict:
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return {obj.pk: obj for obj in queryset.filter(pk__in=pks)}

    def _do_search(self) -> list:
        if self.query_compiler.order_by_relevance:
            window = self._ranked(self.stop)[self.start : self.stop]
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
        """How many matches per value of a FilterField (e.g. ``content_type``: results per page type)."""
        model = self.query_compiler.queryset.model
        declared = {field.field_name for field in model.get_filterable_search_fields()}
        if field_name not in declared and self.query_compiler._get_filterable_field(field_name) is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {self.query_compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        rows = (
            self.query_compiler.queryset.filter(pk__in=self._all_matching_pks())
            .order_by()
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in rows)
