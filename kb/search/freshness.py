"""One token in the shared cache for "what the public may find has changed", read once per search.

Two things the public search keeps per process are only true while no page, view restriction or Site changes: the
request's Site (``sites.site_for_request``; Wagtail's lookup is ~2.4 ms of CPU) and the set of public pages with their
types (``public.public_pages``; a database query over every match). Each change puts a new token in the cache; a
process whose remembered values were read under another token reads them again. Changes are rare next to searches (a
publication, a draft saved, a section made private), so the cost is one cache read per search and one query per
change and process.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

TOKEN_KEY = "kb:search:public-token"


def public_token() -> str:
    """The current token. A token rather than a counter: a cache emptied (a restart of Redis, a test) must not bring
    back an old value, under which a process could still hold something read before the change."""
    return str(cache.get(TOKEN_KEY) or cache.get_or_set(TOKEN_KEY, uuid.uuid4().hex, None))


def public_pages_changed(**_signal_kwargs) -> None:
    """New token now, and again once the change is committed: a process that read the rows between the two (before
    the commit) remembered them under the first token only."""
    _new_token()
    transaction.on_commit(_new_token)


def page_saved_or_deleted(sender, instance, **signal_kwargs) -> None:
    """For ``post_save`` / ``post_delete`` of every model: pages only (a page made live or not, renamed, created live
    by a loader without a publication signal)."""
    if isinstance(instance, Page):
        public_pages_changed()


def _new_token() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)
