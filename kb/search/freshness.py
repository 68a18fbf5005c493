"""The tokens in the shared cache that say whether what a process remembers for the search is still true.

Two things the public search keeps per process are only true while no page, view restriction or Site changes: the
request's Site (``sites.site_for_request``; Wagtail's lookup is ~2.4 ms of CPU) and the public pages with what a hit
shows of them (``public.public_pages``). Each change puts a new public token in the cache; a process whose remembered
values were read under another token reads them again. The synonyms' version (``synonyms``) is the same kind of
token for the synonym table. Changes are rare next to searches (a publication, a draft saved, a section made private,
a synonym edited); a search reads both tokens once, in one round trip (:func:`pinned`).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

from config.page_cache import read_with_page_lookup

TOKEN_KEY = "kb:search:public-token"
SYNONYMS_KEY = "kb:search:synonyms-version"
KEYS = (TOKEN_KEY, SYNONYMS_KEY)
read_with_page_lookup(*KEYS)

# The tokens a search in progress reads throughout, see :func:`pinned`.
_pinned: ContextVar[dict[str, object] | None] = ContextVar("kb_search_tokens", default=None)


@contextlib.contextmanager
def pinned(already_read: dict[str, object] | None = None) -> Iterator[None]:
    """Both tokens read once, in one cache round trip, for everything inside (a search's Site, public pages and
    synonyms read them three times otherwise). A search holds to what it read first, as it would to one snapshot;
    a nested call keeps the outer one's. ``already_read``: the tokens as the request's page lookup read them
    (``config.page_cache.read_by_lookup``), so a search that missed the page cache makes no round trip of its own."""
    if _pinned.get() is not None:
        yield
        return
    values = {key: value for key, value in (already_read or {}).items() if key in KEYS}
    if len(values) < len(KEYS):
        values.update(cache.get_many([key for key in KEYS if key not in values]))
    token = _pinned.set(values)
    try:
        yield
    finally:
        _pinned.reset(token)


def _read(key: str, new: object) -> object:
    values = _pinned.get()
    value = values.get(key) if values is not None else cache.get(key)
    if value is None:
        value = cache.get_or_set(key, new, None)
        if values is not None:
            values[key] = value
    return value


def public_token() -> str:
    """The current token. A token rather than a counter: a cache emptied (a restart of Redis, a test) must not bring
    back an old value, under which a process could still hold something read before the change."""
    return str(_read(TOKEN_KEY, uuid.uuid4().hex))


def synonyms_version() -> str:
    """The synonym table's version: a token too, for the same reason."""
    return str(_read(SYNONYMS_KEY, uuid.uuid4().hex))


def synonyms_changed() -> None:
    """A synonym group saved or deleted: as :func:`public_pages_changed`, for the synonym table."""
    _changed(SYNONYMS_KEY)


def public_pages_changed(**_signal_kwargs) -> None:
    """New token now, and again once the change is committed: a process that read the rows between the two (before
    the commit) remembered them under the first token only."""
    _changed(TOKEN_KEY)


def page_saved_or_deleted(sender, instance, **signal_kwargs) -> None:
    """For ``post_save`` / ``post_delete`` of every model: pages only (a page made live or not, renamed, created live
    by a loader without a publication signal)."""
    if isinstance(instance, Page):
        public_pages_changed()


def _changed(key: str) -> None:
    def new_token() -> None:
        cache.set(key, uuid.uuid4().hex, None)

    new_token()
    transaction.on_commit(new_token)
