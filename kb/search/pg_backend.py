"""The PostgreSQL search backend: the same Chinese analysis and queries as the Whoosh one, the index in a table.

Choose it with ``SEARCH_BACKEND=postgres`` (see ``config/settings/base.py``) when several web servers share one
database: a page published through one server is in ``kb_searchentry`` for all of them, in the same transaction
as the publication itself. Configured directly::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "kb.search.pg_backend"}}

How it maps onto PostgreSQL:

- Each indexed object is one row. Its SearchFields' terms (from :func:`kb.search.analysis.tokens`: words,
  dictionary sub-words, word pairs, character bigrams — segmented in Python, exactly as for Whoosh) form the
  ``body`` tsvector, its AutocompleteFields' the ``autocomplete`` one. The vectors are written as tsvector
  literals: lexemes exactly as the analyser made them, as the ``simple`` configuration would keep them (no stemming,
  no stop words), never re-parsed by PostgreSQL's own parser (which would cut 中文 runs and ``~`` bigram marks).
  Each position carries a weight A–D from its field's boost; GIN indexes serve ``@@``.
- Queries are compiled by the Whoosh compiler (:mod:`kb.search.query`, the same words / pairs / bigram tiers),
  then the Whoosh tree is written out as a ``tsquery``; a ``fields=[…]`` restriction becomes a weight restriction.
- Ranking: the tiers in order (adjacent words, every word, the typed text as a string), each by
  ``ts_rank_cd``; the queryset's filters are applied by the database to the candidates, as for Whoosh.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connections, models, transaction
from django.utils import timezone
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import Indexed, RelatedFields, SearchField
from modelsearch.query import Boost
from whoosh import query as wq

from .analysis import BIGRAM_OFFSET, tokens
from .index import _collect, document_key, key_for, model_labels, stored_page_text
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .results import WhooshSearchResults

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

TABLE = "kb_searchentry"
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_LEXEME_BYTES = 2046
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A (PostgreSQL's defaults, written out)
# Rows of one tier ranked by ts_rank_cd (the newest entries, when more match): ranking reads each row's vector out
# of TOAST (~14 µs a row), and a common word is on half of 20,000 pages.
RANK_WINDOW = 500


def weight_for(boost: float) -> str:
    """A field's boost as a tsvector weight: titles (boost ≥ 3) A, ≥ 2 B, > 1 C, the rest D."""
    if boost >= 3:
        return "A"
    if boost >= 2:
        return "B"
    if boost > 1:
        return "C"
    return "D"


def _boosts(model: type[Indexed]) -> dict[str, float]:
    """``t_<field>`` / ``ac_<field>`` → boost, as the Whoosh documents name the fields."""
    boosts: dict[str, float] = {}
    for field in model.get_search_fields():
        subs = field.fields if isinstance(field, RelatedFields) else [field]
        for sub in subs:
            prefix = "t_" if isinstance(sub, SearchField) else "ac_"
            key = f"{prefix}{field.field_name}"
            boosts[key] = max(boosts.get(key, 0.0), float(getattr(sub, "boost", None) or 1.0))
    return boosts


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(texts: list[tuple[str, str]]) -> str:
    """The tsvector literal for ``(text, weight)`` fields: every analyser token at its position, weighted.

    Fields follow one another (positions continue after the previous field, with a gap), so a phrase never spans
    two fields. Bigrams keep their character offsets within the field, apart from the word positions."""
    positions: dict[str, list[str]] = defaultdict(list)
    base = 0
    for text, weight in texts:
        top = 0
        for token in tokens(text):
            offset = token.position - BIGRAM_OFFSET if token.position >= BIGRAM_OFFSET else token.position
            position = min(MAX_POSITION, base + offset + 1)
            top = max(top, position)
            if len(token.text.encode()) <= MAX_LEXEME_BYTES and len(positions[token.text]) < 256:
                positions[token.text].append(f"{position}{weight}")
        base = top + 2
    return " ".join(
        f"{quote(lexeme)}:{','.join(sorted(set(p), key=lambda x: int(x[:-1])))}" for lexeme, p in positions.items()
    )


def build_vectors(obj: Indexed) -> tuple[str, str]:
    """(body, autocomplete) tsvector literals for ``obj``."""
    fields: dict[str, list[str]] = defaultdict(list)
    _collect(obj, type(obj).get_search_fields(), "", fields)
    boosts = _boosts(type(obj))
    body: list[tuple[str, str]] = []
    autocomplete: list[tuple[str, str]] = []
    for name, values in fields.items():
        text = "\n".join(v for v in values if v)
        if not text:
            continue
        target = body if name.startswith("t_") else autocomplete
        target.append((text, weight_for(boosts.get(name, 1.0))))
    return vector_literal(body), vector_literal(autocomplete)


def models_column(obj: models.Model) -> str:
    return " " + " ".join(model_labels(type(obj))) + " "


class PostgresIndex(BaseIndex):
    """All indexed models in one table; writes join the caller's transaction (a publication and its index row
    commit together)."""

    def get_key(self) -> str:
        return TABLE

    def __str__(self) -> str:
        return TABLE

    def reset(self) -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def add_items(self, model, items) -> None:
        rows = []
        now = timezone.now()
        for item in items:
            body, autocomplete = build_vectors(item)
            rows.append(
                (document_key(item), str(item.pk), models_column(item), body, autocomplete, stored_page_text(item), now)
            )
        if not rows:
            return
        with transaction.atomic(), connections["default"].cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (key, object_pk, models, body, autocomplete, page_text, indexed_at) "
                "VALUES (%s, %s, %s, %s::tsvector, %s::tsvector, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET object_pk = EXCLUDED.object_pk, models = EXCLUDED.models, "
                "body = EXCLUDED.body, autocomplete = EXCLUDED.autocomplete, page_text = EXCLUDED.page_text, "
                "indexed_at = EXCLUDED.indexed_at",
                rows,
            )

    def delete_item(self, item) -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [document_key(item)])


class PostgresRebuilder:
    """``update_index`` rewrites every row in place (searches keep being answered throughout), then removes the
    rows it did not write: objects deleted or no longer indexable. A failed rebuild leaves the old rows serving."""

    def __init__(self, index: PostgresIndex) -> None:
        self.index = index
        self.started = timezone.now()

    def start(self) -> PostgresIndex:
        self.started = timezone.now()
        return self.index

    def finish(self) -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE indexed_at < %s", [self.started])
            removed = cursor.rowcount
            cursor.execute(f"ANALYZE {TABLE}")  # the planner's statistics for the rows just written
        logger.info("search index rebuilt in %s (%d stale rows removed)", TABLE, removed)


# -- queries ---------------------------------------------------------------------------------------------------


class NothingMatches(Exception):
    """The compiled query can match no document."""


class Boosted(wq.Or):
    """A part of the query the searcher boosted (``Boost(PlainText("心理"), 10)``); tsquery has no boosts, so the
    rank adds ``(boost − 1) × ts_rank_cd`` of this part (see :meth:`PostgresSearchResults._rank`). ``tidy`` leaves
    it alone (it only rewrites plain And/Or)."""


def boosted_parts(query: wq.Query) -> list[tuple[float, wq.Query]]:
    """Every :class:`Boosted` part of ``query`` with its boost."""
    found: list[tuple[float, wq.Query]] = []
    if isinstance(query, Boosted):
        found.append((query.boost, query.subqueries[0]))
    for sub in getattr(query, "subqueries", None) or ([query.query] if isinstance(query, wq.Not) else []):
        if not isinstance(query, wq.Not):
            found.extend(boosted_parts(sub))
    return found


class TsqueryWriter:
    """A compiled Whoosh query tree written as a tsquery string (``None``: no text condition, every document)."""

    def __init__(self, weights: dict[str, str] | None) -> None:
        # Whoosh field → weight letter, only when the search is restricted to some fields.
        self.weights = weights

    def _lexeme(self, field: str, text: str, prefix: bool = False) -> str:
        label = ""
        if self.weights is not None:
            label = self.weights.get(field, "")
        suffix = label + ("*" if prefix else "")
        return quote(text) + (f":{suffix}" if suffix else "")

    def write(self, query: wq.Query) -> str | None:
        if query is wq.NullQuery:
            raise NothingMatches
        if isinstance(query, wq.Every):
            return None
        if isinstance(query, Boosted):
            return self.write(query.subqueries[0])
        if isinstance(query, wq.Term):
            return self._lexeme(query.fieldname, query.text)
        if isinstance(query, wq.Prefix):
            return self._lexeme(query.fieldname, query.text, prefix=True)
        if isinstance(query, wq.Phrase):
            return "(" + " <-> ".join(self._lexeme(query.fieldname, word) for word in query.words) + ")"
        if isinstance(query, wq.Not):
            inner = self.write(query.query)
            if inner is None:
                raise NothingMatches
            return f"!({inner})"
        if isinstance(query, wq.And):
            parts = [self.write(sub) for sub in query.subqueries]
            written = list(dict.fromkeys(part for part in parts if part is not None))
            if not written:
                return None
            return written[0] if len(written) == 1 else "(" + " & ".join(written) + ")"
        if isinstance(query, wq.Or):
            parts = []
            for sub in query.subqueries:
                try:
                    parts.append(self.write(sub))
                except NothingMatches:
                    continue
            if not parts:
                raise NothingMatches
            if any(part is None for part in parts):
                return None
            unique = [part for part in dict.fromkeys(parts) if part is not None]
            return unique[0] if len(unique) == 1 else "(" + " | ".join(unique) + ")"
        raise NotImplementedError(f"{type(query).__name__} has no tsquery form")


class PostgresQueryMixin:
    column = "body"

    def tsquery(self, query: wq.Query) -> str | None:
        """The tsquery for one compiled tier; raises :class:`NothingMatches`."""
        weights = None
        if self.fields is not None:  # type: ignore[attr-defined]
            weights = {name: weight_for(boost) for name, boost in self.field_boosts.items()}  # type: ignore[attr-defined]
        return TsqueryWriter(weights).write(query)

    def compile(self, query=None, boost: float = 1.0) -> wq.Query:
        """The Whoosh compiler's tree, with boosted parts marked (see :class:`Boosted`)."""
        if isinstance(query, Boost) and query.boost != 1:
            inner = super().compile(query.subquery, boost * query.boost)  # type: ignore[misc]
            return inner if inner is wq.NullQuery else Boosted([inner], boost=float(query.boost))
        return super().compile(query, boost)  # type: ignore[misc]


class PostgresSearchQueryCompiler(PostgresQueryMixin, WhooshSearchQueryCompiler):
    column = "body"


class PostgresAutocompleteQueryCompiler(PostgresQueryMixin, WhooshAutocompleteQueryCompiler):
    column = "autocomplete"


class PostgresSearchResults(WhooshSearchResults):
    """The Whoosh results' paging, tiers, filtering and facets; candidates come from ``kb_searchentry``."""

    supports_facet = True

    def _query(self) -> wq.Query:
        return self.query_compiler.whoosh_query()

    def _prepare_ranking(self) -> None:
        """No Whoosh reader here: the tiers are compiled to tsqueries."""

    def _where(self, query: wq.Query) -> tuple[str, list, str | None]:
        compiler = self.query_compiler
        tsquery = compiler.tsquery(query)
        sql = "models LIKE %s"
        params: list = [f"% {compiler.model_label} %"]
        if tsquery is not None:
            sql += f" AND {compiler.column} @@ %s::tsquery"
            params.append(tsquery)
        return sql, params, tsquery

    def _rows(self, sql: str, params: list, by_index: bool = False) -> list[tuple]:
        """The rows of ``sql``; ``by_index``: planned without sequential or plain index scans, so the matches come
        from the GIN index. The planner prices ``body @@ …`` on a sequential scan as one cheap operator per row;
        it is a TOAST read and decompression (180 ms over 20,000 rows, where the GIN bitmap takes 7 ms). The
        settings are local to a savepoint that is rolled back, so they never outlast this query."""
        db = self.query_compiler.queryset.db
        if not by_index:
            with connections[db].cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
            )
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            transaction.set_rollback(True, using=db)
        return rows

    def _rank(self, query: wq.Query, tsquery: str | None) -> tuple[str, list]:
        """The score expression: ``ts_rank_cd`` of the whole query, plus ``(boost − 1) ×`` that of each boosted
        part."""
        if tsquery is None:
            return "0", []
        compiler = self.query_compiler
        one = f"ts_rank_cd(%s::float4[], {compiler.column}, %s::tsquery)"
        terms, params = [one], [RANK_WEIGHTS, tsquery]
        for boost, part in boosted_parts(query):
            try:
                written = compiler.tsquery(part)
            except NothingMatches:
                continue
            if written is not None:
                terms.append(f"{float(boost) - 1.0:.6f} * {one}")
                params.extend([RANK_WEIGHTS, written])
        return " + ".join(terms), params

    def _ranked_by(self, query: wq.Query, need: int | None) -> list[tuple[object, float]]:
        try:
            where, params, tsquery = self._where(query)
        except NothingMatches:
            return []
        known = self._known_matches()
        if known is not None:  # rank among the rows that passed the queryset's filters already
            where += " AND object_pk = ANY(%s)"
            params = [*params, list(known.keys)]
            return [(self._to_pk(pk), score) for pk, score in self._window_ranked(query, tsquery, where, params, need)]
        limit = None if need is None else max(need + need // 2, 20)
        while True:
            rows = self._window_ranked(query, tsquery, where, params, limit)
            scored = [(self._to_pk(pk), score) for pk, score in rows]
            complete = limit is None or len(rows) < limit
            allowed = self._allowed([pk for pk, _ in scored])
            ranked = [(pk, score) for pk, score in scored if pk in allowed]
            if complete or need is None or limit is None or len(ranked) >= need:
                return ranked
            limit *= 4

    def _window_ranked(
        self, query: wq.Query, tsquery: str | None, where: str, params: list, limit: int | None
    ) -> list[tuple[str, float]]:
        """(object_pk, score) of the best ``limit`` rows matching ``where`` (all when None), by ``ts_rank_cd``.

        With a limit, at most ``max(RANK_WINDOW, limit)`` rows are ranked: the newest entries that match, read from
        the GIN index alone (their ids; no vector is read), then ranked by primary key lookups. A tier matching more
        rows than that ranks only those (the tiers are still consumed in order)."""
        rank, rank_params = self._rank(query, tsquery)
        if limit is None:
            sql = f"SELECT object_pk, {rank} AS score FROM {TABLE} WHERE {where} ORDER BY score DESC, id"
            return [(pk, float(score)) for pk, score in self._rows(sql, rank_params + params, by_index=True)]
        window = max(RANK_WINDOW, limit)
        ids = [
            row[0]
            for row in self._rows(
                f"SELECT id FROM {TABLE} WHERE {where} ORDER BY id DESC LIMIT {int(window)}", params, by_index=True
            )
        ]
        if not ids:
            return []
        sql = f"SELECT object_pk, {rank} AS score FROM {TABLE} WHERE id = ANY(%s) ORDER BY score DESC, id"
        sql += f" LIMIT {int(limit)}"
        return [(pk, float(score)) for pk, score in self._rows(sql, [*rank_params, ids])]

    def _source(self) -> object:
        return None  # the table is read in the caller's transaction: matches last as long as the compiler

    def page_texts(self, pks: Iterable) -> dict:
        """Each object's stored snippet source (see :func:`kb.search.index.stored_page_text`) by primary key, in one
        query; rows that predate the column (NULL) are left out, for the caller to load."""
        model = self.query_compiler.queryset.model
        keys = {key_for(model, pk): pk for pk in pks}
        if not keys:
            return {}
        with connections[self.query_compiler.queryset.db].cursor() as cursor:
            cursor.execute(
                f"SELECT key, page_text FROM {TABLE} WHERE key = ANY(%s) AND page_text IS NOT NULL", [list(keys)]
            )
            return {keys[key]: text for key, text in cursor.fetchall()}

    def _candidates(self) -> list[tuple[object, object]]:
        try:
            where, params, _ = self._where(self._query())
        except NothingMatches:
            return []
        return [
            (self._to_pk(pk), pk)
            for (pk,) in self._rows(f"SELECT object_pk FROM {TABLE} WHERE {where}", params, by_index=True)
        ]


class PostgresSearchBackend(BaseSearchBackend):
    # The queryset's filters are applied by the database to the candidates: any SQL condition works as a filter, not
    # only the FilterField lookups a backend with an index of its own can translate (see kb.search.public).
    filters_in_database = True
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults
    index_class = PostgresIndex
    rebuilder_class = PostgresRebuilder


SearchBackend = PostgresSearchBackend
