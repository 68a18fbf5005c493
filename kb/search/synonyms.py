"""Query-time synonyms: the groups editors keep in the admin, cached per process and invalidated on edit.

Synonyms are applied to the query, not the index, so an edit takes effect on the next search without a
rebuild. Matching is on the folded query text (longest term first), so multi-word synonyms such as
社会工作者 work even where jieba would split them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextvars import ContextVar

from .analysis import fold
from .freshness import synonyms_version

_local_lock = threading.Lock()
_cached: tuple[object, dict[str, list[str]], list[str]] | None = None
# The table (and its terms, longest first) a search in progress uses throughout, see :func:`pinned`.
_pinned: ContextVar[tuple[dict[str, list[str]], list[str]] | None] = ContextVar("kb_search_synonyms", default=None)


def _load() -> dict[str, list[str]]:
    from kb.models import SynonymGroup

    table: dict[str, list[str]] = {}
    for group in SynonymGroup.objects.all():
        terms = [fold(term) for term in group.term_list()]
        for term in terms:
            table.setdefault(term, [])
            table[term].extend(t for t in terms if t not in table[term])
    return table


def _current() -> tuple[dict[str, list[str]], list[str]]:
    global _cached
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    version = synonyms_version()
    with _local_lock:
        if _cached is None or _cached[0] != version:
            table = _load()
            _cached = (version, table, sorted(table, key=len, reverse=True))
        return _cached[1], _cached[2]


def synonym_table() -> dict[str, list[str]]:
    """Folded term → every term of its groups (itself included). Reloaded when any process edits a group."""
    return _current()[0]


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """One version of the synonyms for a whole search: its compiled queries, highlighting and suggestions read the
    version from the cache once, not once per part (five round trips to Redis for a one-word search)."""
    token = _pinned.set(_current())
    try:
        yield
    finally:
        _pinned.reset(token)


def expand(text: str) -> list[tuple[str, list[str] | None]]:
    """Split folded ``text`` into spans; a span that is a synonym comes with all its alternatives.

    ``expand("医保报销")`` with 医保 = 医疗保险 gives ``[("医保", ["医保", "医疗保险"]), ("报销", None)]``.
    """
    table, terms = _current()
    if not table:
        return [(text, None)]
    spans: list[tuple[str, list[str] | None]] = []
    plain_start = 0
    i = 0
    while i < len(text):
        match = next((term for term in terms if text.startswith(term, i)), None)
        if match:
            if plain_start < i:
                spans.append((text[plain_start:i], None))
            spans.append((match, table[match]))
            i += len(match)
            plain_start = i
        else:
            i += 1
    if plain_start < len(text):
        spans.append((text[plain_start:], None))
    return spans


def alternatives(word: str) -> list[str]:
    """Every synonym of ``word`` (itself included), for suggestions and highlighting."""
    return synonym_table().get(fold(word), [word])
