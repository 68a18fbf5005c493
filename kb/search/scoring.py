"""Top-N BM25F ranking of the compiled tiers, computed from the posting blocks instead of Whoosh's matchers.

Whoosh scores a query by walking a tree of matcher objects, a few Python calls per node per document: 6–7 µs per
matching document here, so a tier of a word on 15,000 of 20,000 pages took 100 ms, and block-quality skipping does
not help (every posting block holds a page that scores about as well as the best). The tiers the compiler builds are
Terms combined by And and Or; their BM25F scores are sums of one formula over (term frequency, field length), which
this module computes block by block from the postings (about 0.4 µs per posting), with the same statistics, the
same formula and the same ties (lower document number first) as ``searcher.search``. Any other query shape
(phrases, prefixes, Not, Every) returns ``None`` and the caller asks Whoosh.

Which documents match (a results page's count, facets and the set the tiers are ranked in) is the same kind of work
without the scores: :func:`matching_docs` reads whole posting lists and combines them as sets.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length, length_to_byte

Scores = dict[int, float]


class Unsupported(Exception):
    """A query shape this module does not score; Whoosh's own search answers it."""


def ranked_pks(searcher: Searcher, query: wq.Query, limit: int | None, allow: set[int]) -> list[tuple[str, float]]:
    """(stored ``pk``, score) of the best ``limit`` documents in ``allow``, best first: by :func:`top` when it can
    score ``query``, else by Whoosh's own search."""
    ranked = top(searcher, query, limit, allow)
    if ranked is None:
        return [(hit["pk"], hit.score) for hit in searcher.search(query, limit=limit, filter=allow)]
    if not ranked:  # an empty index has no pk column to open
        return []
    pk = stored_pk(searcher)
    return [(pk(docnum), score) for docnum, score in ranked]


def stored_pk(searcher: Searcher) -> Callable[[int], str]:
    """docnum → the stored ``pk`` of that document, for the searcher's reader; the column reader is opened once per
    reader and kept on it (opening it reads the column's whole offset table: a matching set and a ranking each opened
    one per search). Only for an index with documents (an empty one has no pk column)."""
    reader = searcher.reader()
    column = reader.__dict__.get("_kb_pk_column")
    if column is None:
        column = reader.__dict__.setdefault("_kb_pk_column", reader.column_reader("pk"))
    return column.__getitem__


def top(searcher: Searcher, query: wq.Query, limit: int | None, allow: set[int]) -> list[tuple[int, float]] | None:
    """(document number, score) of the best ``limit`` documents in ``allow`` (all when None), best first, or None
    when ``query`` is not made of Terms, And and Or only, or the searcher does not rank by BM25F."""
    if not isinstance(searcher.weighting, BM25F):
        return None
    try:
        scores = _Scorer(searcher, allow).scores(query)
    except Unsupported:
        return None
    items: Iterable[tuple[int, float]] = scores.items()
    if limit is not None and len(scores) > limit:
        lowest = heapq.nlargest(limit, scores.values())[-1]  # floats compared in C; ties settled below
        items = [(docnum, score) for docnum, score in items if score >= lowest]
    ranked = sorted(items, key=lambda item: (-item[1], item[0]))
    return ranked if limit is None else ranked[:limit]


def matching_docs(searcher: Searcher, query: wq.Query) -> set[int]:
    """The document numbers ``query`` matches, deleted documents left out: what ``searcher.docs_for_query`` yields.

    Terms combined by And and Or are answered from the posting lists as set operations (Whoosh walks a matcher tree
    document by document: 7 µs a match, a third of an uncached search page for one common word with its synonyms and
    bigrams); any other part (a phrase, a prefix, Not, Every) by Whoosh itself."""
    if type(query) is wq.Term:
        return _term_docs(searcher, query.fieldname, query.text)
    if type(query) is wq.And:
        common: set[int] | None = None
        for sub in query.subqueries:
            found = matching_docs(searcher, sub)
            common = found if common is None else common & found
            if not common:
                return set()
        return common or set()
    if type(query) is wq.Or and not query.minmatch:
        docs: set[int] = set()
        for sub in query.subqueries:
            docs |= matching_docs(searcher, sub)
        return docs
    return set(searcher.docs_for_query(query))


def _term_docs(searcher: Searcher, fieldname: str, text: str) -> set[int]:
    if fieldname not in searcher.schema:
        return set()
    docs: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        ids, _ = postings(leaf.reader(), fieldname, text)
        docs.update(ids if not offset else (docnum + offset for docnum in ids))
    return docs


class _Scorer:
    def __init__(self, searcher: Searcher, allow: set[int]) -> None:
        self.searcher = searcher
        self.allow = allow
        self.leaves = searcher.leaf_searchers()

    def scores(self, query: wq.Query) -> Scores:
        if isinstance(query, wq.Term):
            found = self._term(query.fieldname, query.text)
        elif type(query) is wq.And:
            found = self._and([self.scores(sub) for sub in query.subqueries])
        elif type(query) is wq.Or and not query.scale and not query.minmatch:
            found = self._or([self.scores(sub) for sub in query.subqueries])
        else:
            raise Unsupported(type(query).__name__)
        if query.boost != 1.0:
            boost = query.boost
            return {docnum: score * boost for docnum, score in found.items()}
        return found

    @staticmethod
    def _and(parts: list[Scores]) -> Scores:
        if not parts:
            return {}
        smallest = min(parts, key=len)
        common = [docnum for docnum in smallest if all(docnum in part for part in parts)]
        return {docnum: sum(part[docnum] for part in parts) for docnum in common}

    @staticmethod
    def _or(parts: list[Scores]) -> Scores:
        if not parts:
            return {}
        merged = dict(parts[0])
        get = merged.get
        for part in parts[1:]:
            for docnum, score in part.items():
                merged[docnum] = get(docnum, 0.0) + score
        return merged

    def _term(self, fieldname: str, text: str) -> Scores:
        """The term's BM25F score (Whoosh's ``bm25``, its statistics from the top-level searcher) per document."""
        searcher = self.searcher
        norm = _length_norms(searcher, fieldname)
        leaves = [(leaf, offset, postings(leaf.reader(), fieldname, text)) for leaf, offset in self.leaves]
        leaves = [(leaf, offset, found) for leaf, offset, found in leaves if found[0]]
        if not leaves:  # as Whoosh's Term: nothing, and no statistics of a term the index does not have
            return {}
        k1_plus_1 = searcher.weighting.K1 + 1
        idf = searcher.idf(fieldname, text)
        allow = self.allow
        found: Scores = {}
        for leaf, offset, (ids, tfs) in leaves:
            lengths = _lengths(leaf, leaf.reader(), fieldname)
            found.update(
                {
                    docnum + offset: idf * ((tf * k1_plus_1) / (tf + norm[lengths[docnum]]))
                    for docnum, tf in zip(ids, tfs, strict=True)
                    if docnum + offset in allow
                }
            )
        return found


def _length_norms(searcher: Searcher, fieldname: str) -> list[float]:
    """BM25F's length part, ``K1 × ((1 − B) + B × length / average length)``, per stored length byte (Whoosh keeps a
    field's length in one byte), for ``fieldname``: the same for every term of the field while the searcher lasts
    (its average length is the searcher's), so worked out once per searcher instead of once per term (a third of the
    ranking's time). Raises Unsupported for a field that is not scored."""
    cache: dict[str, list[float]] = searcher.__dict__.setdefault("_kb_length_norms", {})
    norm = cache.get(fieldname)
    if norm is None:
        if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
            raise Unsupported(fieldname)
        weighting: BM25F = searcher.weighting
        B = weighting._field_B.get(fieldname, weighting.B)
        K1 = weighting.K1
        avgfl = searcher.avg_field_length(fieldname) or 1
        norm = cache[fieldname] = [K1 * ((1 - B) + B * byte_to_length(i) / avgfl) for i in range(256)]
    return norm


# Live postings a reader keeps decoded (see postings): 12 bytes each, so at most ~3 MB per index reader. Each thread
# of a worker has a searcher (and reader) of its own (storage.searcher): ~12 MB for a worker of 4 threads.
MAX_KEPT_POSTINGS = 250_000


class _KeptPostings:
    """The decoded postings of the terms a reader was asked for, until they add up to MAX_KEPT_POSTINGS. A reader
    serves one thread (storage.searcher keeps a searcher per thread), as do the term answers query.py keeps on it."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, str], tuple[array, array]] = {}
        self.size = 0


def postings(reader: Any, fieldname: str, text: str) -> tuple[array, array]:
    """(segment document numbers, term frequencies) of the live documents with ``text`` in ``fieldname``, in
    document order; empty when the segment lacks the term.

    Decoded once per reader and kept on it: Whoosh 3 stores a posting block's ids, frequencies and positions as one
    compressed pickle, so reading a term unpickled its positions too, on every search (a third of the ranking).
    A reader never changes (a commit gives the next search a new one), so what it keeps is true for its whole life;
    when the kept postings reach MAX_KEPT_POSTINGS they are dropped and decoded again as searches ask."""
    kept: _KeptPostings | None = reader.__dict__.get("_kb_postings")
    if kept is None:
        kept = reader.__dict__.setdefault("_kb_postings", _KeptPostings())
    key = (fieldname, text)
    found = kept.terms.get(key)
    if found is not None:
        return found
    ids, tfs = array("I"), array("d")
    if key in reader:
        for block_ids, block_tfs, deleted in _blocks(reader, fieldname, text):
            if not deleted:  # iter(): an array of another type code may not extend these directly
                ids.extend(iter(block_ids))
                tfs.extend(iter(block_tfs))
                continue
            for docnum, tf in zip(block_ids, block_tfs, strict=True):
                if docnum not in deleted:
                    ids.append(docnum)
                    tfs.append(tf)
    if kept.size + len(ids) > MAX_KEPT_POSTINGS:
        kept.terms.clear()
        kept.size = 0
    kept.terms[key] = (ids, tfs)
    kept.size += len(ids)
    return ids, tfs


def _blocks(reader: Any, fieldname: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float], set[int]]]:
    """(segment document numbers, term frequencies, deleted documents) a posting block at a time when the matcher is
    Whoosh 3's own (it decodes a block's ids and weights at once; the per-posting calls are what is slow)."""
    matcher = reader.postings(fieldname, text)
    deleted: set[int] = set()
    if isinstance(matcher, FilterMatcher):  # the segment has deletions
        deleted, matcher = reader.deleted_docs_set, matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        ids, tfs = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            matcher.next()
        yield ids, tfs, deleted
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights, deleted
        matcher._next_block()


def _lengths(leaf: Searcher, reader: Any, fieldname: str) -> bytes | list[int]:
    """The segment's length byte of ``fieldname`` per document, read in one piece once per searcher (Whoosh reads
    one per scored document, through three calls)."""
    cache: dict[str, bytes | list[int]] = leaf.__dict__.setdefault("_kb_lengths", {})
    if fieldname not in cache:
        count = reader.doc_count_all()
        perdoc = getattr(reader, "_perdoc", None)
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN) if perdoc is not None else None
        if column is not None and getattr(column, "_typecode", None) == "B":
            raw = bytes(column._dbfile.get(column._basepos, min(column._count, count)))
            cache[fieldname] = raw + bytes(count - len(raw))
        else:
            lengths = (reader.doc_field_length(docnum, fieldname, 0) or 0 for docnum in range(count))
            cache[fieldname] = [length_to_byte(length) for length in lengths]
    return cache[fieldname]
