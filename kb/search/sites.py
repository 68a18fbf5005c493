"""The Wagtail Site a search request is for, remembered per process until any Site (or page) changes.

Wagtail's ``Site.find_for_request`` is an ORM query ordered by expressions: about 2.4 ms of CPU, a tenth of a whole
search. Sites change a few times in a site's life; the remembered sites are forgotten whenever the token of
:mod:`kb.search.freshness` changes (a Site saved or deleted, a page moved: it may be a site's root).
"""

from __future__ import annotations

import threading

from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

from .freshness import public_token

_lock = threading.Lock()
_token: str | None = None
_sites: dict[tuple[str, int], Site | None] = {}


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request(request)``, answered from memory while nothing has changed (see the module)."""
    global _token
    token = public_token()
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
