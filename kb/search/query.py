"""Compiling Wagtail search queries (``modelsearch.query``) into Whoosh queries.

Only the text matching happens in Whoosh; the queryset's filters (live, locale, content type, tags, view
restrictions…) and any ordering by field are applied by the database to the candidates the index returns,
so every filter Wagtail accepts works without mirroring it in the index.
"""

from __future__ import annotations

import functools
import re

from django.db.models import Model
from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendant_models
from whoosh import query as wq

from .analysis import bigrams, cjk_runs, fold, pairs, words
from .storage import MATCH_FIELD
from .synonyms import expand

_SPACES = re.compile(r"\s+")
_CJK_LONG = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def tidy(query: wq.Query) -> wq.Query:
    """Drop empty parts and unwrap one-part And/Or: all the compiled trees need. Whoosh's own ``normalize()``
    compares every pair of parts and took most of a results page's time (16 ms for one word over 18 fields)."""
    if isinstance(query, wq.And | wq.Or) and type(query) in (wq.And, wq.Or):
        parts = [tidy(part) for part in query.subqueries]
        parts = [part for part in parts if part is not wq.NullQuery]
        if not parts:
            return wq.NullQuery
        if len(parts) == 1:
            return parts[0]
        return type(query)(parts, boost=query.boost)
    if isinstance(query, wq.Not):
        inner = tidy(query.query)
        return wq.NullQuery if inner is wq.NullQuery else wq.Not(inner)
    return query


@functools.cache
def _declared_field_boosts(
    model: type[Model], kind: type[SearchField] | type[AutocompleteField], prefix: str, only: tuple[str, ...] | None
) -> tuple[tuple[str, float], ...]:
    """Whoosh field name → boost for ``model`` and its indexed subclasses (a Page search also looks in
    HomePage.intro), the highest boost winning when two classes declare the same field. Search fields are declared
    on the classes, so the answer is computed once per process (it walked every page type's fields per search)."""
    boosts: dict[str, float] = {}
    for candidate in get_descendant_models(model):
        if not hasattr(candidate, "get_search_fields"):
            continue
        for field in candidate.get_search_fields():
            if isinstance(field, RelatedFields):
                subs = [sub for sub in field.fields if isinstance(sub, kind)]
                if not subs:
                    continue
                name = field.field_name
                boost = max(float(getattr(sub, "boost", None) or 1.0) for sub in subs)
            elif isinstance(field, kind):
                name = field.field_name
                boost = float(getattr(field, "boost", None) or 1.0)
            else:
                continue
            if only is not None and name not in only:
                continue
            key = f"{prefix}{name}"
            boosts[key] = max(boosts.get(key, 0.0), boost)
    return tuple(boosts.items())


# (fields, term) answers a reader remembers (see _term_presence): a few hundred bytes each.
MAX_REMEMBERED_TERMS = 20_000
Weighted = tuple[tuple[str, float], ...]  # (Whoosh field name, boost) pairs, as _declared_field_boosts gives them


def _term_presence(reader) -> tuple[set[str], dict[tuple[int, str], Weighted]]:
    """Which fields ``reader`` has, and for each term already looked up, which of a compiler's fields have it (keyed
    by the fields' identity and the term), kept on the reader itself.

    A term lookup goes through every segment and Whoosh's glob-field schema; one word is asked for in each of the
    44 fields a Page search covers, by each of three tiers, and again by the next search. A reader never changes
    (a commit gives the next search a new searcher and reader), so its answers hold for its whole life."""
    remembered = reader.__dict__.get("_kb_term_presence")
    if remembered is None:
        remembered = reader.__dict__["_kb_term_presence"] = (set(reader.indexed_field_names()), {})
    return remembered


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    """Whole-word search: each word of the query must be a word (or dictionary sub-word) of the text."""

    DEFAULT_OPERATOR = "or"
    field_kind: type[SearchField] | type[AutocompleteField] = SearchField
    field_prefix = "t_"
    match_field: str | None = MATCH_FIELD  # every SearchField's text in one field, to find (not rank) the matches

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = self.queryset.model
        # Worked out once per process (see _declared_field_boosts); the tuple's identity names it in _term_presence.
        only = None if self.fields is None else tuple(self.fields)
        self._declared = _declared_field_boosts(model, self.field_kind, self.field_prefix, only)  # type: ignore[arg-type]
        self.field_boosts = dict(self._declared)
        self.model_label = model._meta.label_lower
        self.tiered = False
        # What a run of text must match: "words" (its words), "adjacent" (its words standing together, the
        # indexed word pairs) or "any" (its words, or its character bigrams in a row: what is on the page as a
        # string even when the segmenter cuts the query differently from the page).
        self._mode = "any"
        self._one_field = False  # compiling the matching query over ``match_field`` (see matching_query)

    # -- building blocks -----------------------------------------------------------------------------------

    def use_reader(self, reader) -> None:
        """Compile against ``reader``: fields that lack one of a part's terms are left out of it (most of the
        18 page fields lack most words), so Whoosh builds and walks far fewer matchers."""
        if reader is not getattr(self, "_reader", None):
            self._reader = reader
            self.__dict__.pop("_compiled_cache", None)
            self._present, self._having = _term_presence(reader)

    def _fields_having(self, term: str) -> Weighted:
        """This compiler's fields (with their boosts) in which the reader has ``term``."""
        key = (id(self._declared), term)
        having = self._having.get(key)
        if having is None:
            if len(self._having) >= MAX_REMEMBERED_TERMS:
                self._having.clear()
            present, reader = self._present, self._reader
            having = tuple((name, b) for name, b in self._declared if name in present and (name, term) in reader)
            self._having[key] = having
        return having

    def _over_fields(self, make, boost: float, terms: list[str] | None = None) -> wq.Query:
        if getattr(self, "_reader", None) is None or terms is None:
            names = self._declared
        else:
            names = self._fields_having(terms[0])
            for term in terms[1:]:
                names = tuple(pair for pair in names if pair in self._fields_having(term))
        if not names:  # no field has it: one cheap lookup that matches nothing (NullQuery would drop the part)
            names = self._declared[:1]
        if len(names) == 1:
            return make(names[0][0], names[0][1] * boost)
        return wq.Or([make(name, weight * boost) for name, weight in names])

    def _word(self, word: str, boost: float) -> wq.Query:
        if self._one_field:
            return wq.Term(self.match_field, word)
        return self._over_fields(lambda name, b: wq.Term(name, word, boost=b), boost, [word])

    def _phrase(self, text: str, boost: float) -> wq.Query:
        parts = words(text)
        if not parts:
            return wq.NullQuery
        if len(parts) == 1:
            return self._word(parts[0], boost)
        if len(parts) == 2 and pairs(parts):
            # Two adjacent Chinese words are one indexed pair term (医务 + 社工 → 医务社工): a term lookup instead of
            # a phrase, whose position spans Whoosh walks for every document with both words (synonyms are phrases:
            # 社工 = 医务社工 cost 350 ms at 20,000 pages) and PostgreSQL re-checks against every row's vector.
            return self._word(pairs(parts)[0], boost)
        return self._over_fields(lambda name, b: wq.Phrase(name, parts, boost=b), boost, parts)

    def _words(self, parts: list[str], boost: float) -> list[wq.Query]:
        """All the words must match. In the *adjacent* tier they must also be adjacent, which the indexed
        word pairs answer with plain term lookups (医保 + 报销 → the term 医保报销)."""
        adjacent = [self._word(pair, boost) for pair in pairs(parts)]
        if adjacent:
            self.tiered = True
            if self._mode == "adjacent":
                return adjacent
        return [self._word(word, boost) for word in parts]

    def _string(self, text: str, boost: float) -> wq.Query:
        """``text`` as a string on the page: each Chinese run of two or more characters as its bigrams,
        everything else (Latin words, numbers, single characters) as words. NullQuery when there is no
        Chinese run to match by bigrams (the words alone say it all)."""
        runs = [run for run in cjk_runs(text) if len(run) > 1]
        if not runs:
            return wq.NullQuery
        parts: list[wq.Query] = []
        for run in runs:
            # Every bigram of the run, in any order: a phrase over them would be exact but walks positions (spans)
            # for every candidate, which cost more than the rest of the search; runs typed are 2-4 characters.
            parts.extend(self._word(term, boost) for term in bigrams(run))
        rest = _CJK_LONG.sub(" ", text)
        parts.extend(self._word(word, boost) for word in words(rest))
        self.tiered = True
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _either(self, text: str, by_words: wq.Query, boost: float) -> wq.Query:
        """``by_words``, or in the "any" mode ``by_words`` or ``text`` as a string (see :meth:`_string`)."""
        if self._mode != "any":
            return by_words
        by_string = self._string(text, boost)
        if by_string is wq.NullQuery:
            return by_words
        if by_words is wq.NullQuery:
            return by_string
        return wq.Or([by_words, by_string])

    def _chunk(self, chunk: str, boost: float) -> wq.Query:
        """A run of text without spaces: all its words must match (jieba splits one typed word into several,
        and “or” between the halves of a word would be noise). Synonyms widen the matching spans, after the first
        tier: there the text as typed stands alone (医务社工 before 社工, its synonym, which is on most pages)."""
        spans = expand(chunk)
        if any(alternatives for _, alternatives in spans):
            self.tiered = True
            if self._mode == "adjacent":
                typed = [part for part in self._words(words(chunk), boost) if part is not wq.NullQuery]
                return wq.NullQuery if not typed else typed[0] if len(typed) == 1 else wq.And(typed)
        parts: list[wq.Query] = []
        for span, alternatives in spans:
            if alternatives:
                parts.append(wq.Or([self._either(alt, self._phrase(alt, boost), boost) for alt in alternatives]))
            else:
                parts.extend(self._words(words(span), boost))
        parts = [part for part in parts if part is not wq.NullQuery]
        by_words = wq.NullQuery if not parts else parts[0] if len(parts) == 1 else wq.And(parts)
        return self._either(chunk, by_words, boost)

    def _plain(self, text: str, operator: str, boost: float) -> wq.Query:
        chunks = [self._chunk(chunk, boost) for chunk in _SPACES.split(fold(text).strip()) if chunk]
        chunks = [chunk for chunk in chunks if chunk is not wq.NullQuery]
        if not chunks:
            return wq.NullQuery
        if len(chunks) == 1:
            return chunks[0]
        return wq.And(chunks) if operator == "and" else wq.Or(chunks)

    def compile(self, query=None, boost: float = 1.0) -> wq.Query:
        """The Whoosh query for a modelsearch query tree (``None``: this compiler's own query)."""
        query = self.query if query is None else query
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            return self._plain(query.query_string, query.operator, boost * query.boost)
        if isinstance(query, Fuzzy):
            return self._plain(query.query_string, query.operator, boost)
        if isinstance(query, Phrase):
            text = fold(query.query_string)
            return self._either(text, self._phrase(text, boost), boost)
        if isinstance(query, Boost):
            return self.compile(query.subquery, boost * query.boost)
        if isinstance(query, And):
            return wq.And([self.compile(sub, boost) for sub in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self.compile(sub, boost) for sub in query.subqueries])
        if isinstance(query, Not):
            return wq.And([wq.Every(), wq.Not(self.compile(query.subquery, boost))])
        raise NotImplementedError(f"{type(query).__name__} is not supported by the Chinese search backend")

    def _compiled(self, mode: str, one_field: bool = False) -> wq.Query:
        """The query in ``mode``, compiled once per compiler (a results page asks for it several times)."""
        cache: dict[tuple[str, bool], wq.Query] = self.__dict__.setdefault("_compiled_cache", {})
        if (mode, one_field) not in cache:
            if not self.field_boosts and not isinstance(self.query, MatchAll):
                cache[mode, one_field] = wq.NullQuery
            else:
                self._mode, self._one_field = mode, one_field
                try:
                    cache[mode, one_field] = tidy(self.compile())
                finally:
                    self._mode, self._one_field = "any", False
        return cache[mode, one_field]

    def matching_query(self, match_field_serves: bool) -> wq.Query:
        """The documents :meth:`whoosh_query` matches, found through ``match_field`` when the index has it
        (``match_field_serves``) and the search is over every field: words as one term each instead of one per field
        (a word over 13 fields is 13 posting lists to walk). Phrases (multi-word synonyms) stay field by field, so a
        phrase never matches across the end of one field and the start of the next."""
        if self.match_field is None or self.fields is not None or not match_field_serves:
            return self.whoosh_query()
        return self._compiled("any", one_field=True)

    def whoosh_query(self) -> wq.Query:
        """The compiled query (every match); results restrict it to the queryset's model (see ``model_filter``)."""
        return self._compiled("any")

    def tiers(self) -> list[wq.Query]:
        """Queries to rank by, best tier first: pages where the typed words stand together, then pages with
        every word, then pages that have the typed text only as a string (its bigrams). Ranking the first tier
        alone is cheap even when the words are common — Whoosh scores every matching document, and scattered
        common words match most of a corpus."""
        full = self.whoosh_query()
        if not self.tiered:
            return [full]
        tiers = [self._compiled("adjacent"), self._compiled("words"), full]
        return [tier for i, tier in enumerate(tiers) if tier is not wq.NullQuery and tier not in tiers[:i]]

    def model_filter(self) -> wq.Query:
        """Documents of the queryset's model or its subclasses (a Page search also returns HomePages)."""
        return wq.Term("models", self.model_label)


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Search as you type over AutocompleteFields: the last word may be unfinished (志愿 finds 志愿者)."""

    field_kind = AutocompleteField
    field_prefix = "ac_"
    match_field = None

    def _phrase(self, text: str, boost: float) -> wq.Query:
        return self._plain(text, "and", boost)

    def _plain(self, text: str, operator: str, boost: float) -> wq.Query:
        parts = words(text)
        if not parts:
            return wq.NullQuery
        queries = [self._word(word, boost) for word in parts[:-1]]
        last = parts[-1]
        queries.append(self._over_fields(lambda name, b: wq.Prefix(name, last, boost=b), boost))
        if len(queries) == 1:
            return queries[0]
        return wq.And(queries) if operator == "and" or len(fold(text).split()) == 1 else wq.Or(queries)
