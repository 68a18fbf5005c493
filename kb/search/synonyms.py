"""Query-time synonyms: the groups editors keep in the admin, cached per process and invalidated on edit.

Synonyms are applied to the query, not the index, so an edit takes effect on the next search without a
rebuild. Matching is on the folded query text (longest term first), so multi-word synonyms such as
社会工作者 work even where jieba would split them.
"""

from __future__ import annotations

import threading

from django.core.cache import cache

from .analysis import fold

CACHE_KEY = "kb:search:synonyms-version"
_local_lock = threading.Lock()
_cached: tuple[object, dict[str, list[str]]] | None = None


def _load() -> dict[str, list[str]]:
    from kb.models import SynonymGroup

    table: dict[str, list[str]] = {}
    for group in SynonymGroup.objects.all():
        terms = [fold(term) for term in group.term_list()]
        for term in terms:
            table.setdefault(term, [])
            table[term].extend(t for t in terms if t not in table[term])
    return table


def synonym_table() -> dict[str, list[str]]:
    """Folded term → every term of its groups (itself included). Reloaded when any process edits a group."""
    global _cached
    version = cache.get(CACHE_KEY)
    if version is None:
        version = cache.get_or_set(CACHE_KEY, 1)
    with _local_lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, _load())
        return _cached[1]


def invalidate() -> None:
    global _cached
    try:
        cache.incr(CACHE_KEY)
    except ValueError:
        cache.set(CACHE_KEY, 1)
    with _local_lock:
        _cached = None


def expand(text: str) -> list[tuple[str, list[str] | None]]:
    """Split folded ``text`` into spans; a span that is a synonym comes with all its alternatives.

    ``expand("医保报销")`` with 医保 = 医疗保险 gives ``[("医保", ["医保", "医疗保险"]), ("报销", None)]``.
    """
    table = synonym_table()
    if not table:
        return [(text, None)]
    terms = sorted(table, key=len, reverse=True)
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
