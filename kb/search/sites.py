"""The Wagtail Site a search request is for, remembered per process until any Site changes.

Wagtail's ``Site.find_for_request`` is an ORM query ordered by expressions: about 2.4 ms of CPU, a tenth of a whole
search. Sites change a few times in a site's life. Each change (a Site saved or deleted, a page moved: it may be a
site's root) puts a new token in the shared cache, which every process reads once per search (0.25 ms) and, when it
differs from the one its remembered sites were found under, forgets them.
"""

from __future__ import annotations

import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

TOKEN_KEY = "kb:search:sites-token"
_lock = threading.Lock()
_token: str | None = None
_sites: dict[tuple[str, int], Site | None] = {}


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request(request)``, answered from memory while no Site has changed."""
    global _token
    # A token rather than a counter: a cache emptied (a restart of Redis, a test) must not bring back an old value.
    token = cache.get(TOKEN_KEY) or cache.get_or_set(TOKEN_KEY, uuid.uuid4().hex, None)
    # The host as Wagtail matches it: unchecked against ALLOWED_HOSTS, as ``Site.find_for_request`` reads it.
    address = (split_domain_port(request._get_raw_host())[0], int(request.get_port()))  # type: ignore[attr-defined]
    with _lock:
        if token != _token:
            _sites.clear()
            _token = token
        elif address in _sites:
            # Where Wagtail keeps the request's site: the page URLs of the results ask for it again.
            request._wagtail_site = _sites[address]  # type: ignore[attr-defined]
            return _sites[address]
    site = Site.find_for_request(request)
    with _lock:
        if token == _token:  # found under the token read before the query: a change meanwhile replaces the token
            _sites[address] = site
    return site


def sites_changed(**_signal_kwargs) -> None:
    """New token now, and again once the change is committed: a process that read the Site rows between the two
    (before the commit) remembered them under the first token only."""
    _new_token()
    transaction.on_commit(_new_token)


def _new_token() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)
