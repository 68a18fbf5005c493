"""The visitor's address, for every limiter, the login lock-out and the audit log.

Behind the reverse proxy of docs/deploy.md every request arrives from the proxy, so ``REMOTE_ADDR`` alone would
put all visitors in one bucket. ``X-Forwarded-For`` is believed only when the request comes from an address in
``TRUSTED_PROXIES``, and only as far as it was written by trusted hops: the list is read right to left and the
first address that is not a trusted proxy is the client. Anything a visitor puts in the header themself sits to
the left of that and is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address as the nearest untrusted hop saw it; ``REMOTE_ADDR`` when no proxy is trusted."""
    address = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(address, networks):
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # a malformed entry: nothing to its left was written by a proxy we trust
        address = hop
        if not _trusted(hop, networks):
            break
    return address
