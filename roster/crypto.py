"""Encryption at rest and keyed hashing for ID numbers.

The key comes from ``settings.FIELD_ENCRYPTION_KEY`` (a Fernet key, set from the environment). In development,
when it is empty, a key is derived from ``SECRET_KEY`` so the site works out of the box; production must set its
own (system check ``roster.W001``), and must keep it: numbers encrypted with a lost key cannot be read again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


def _key_material() -> bytes:
    configured = settings.FIELD_ENCRYPTION_KEY
    if configured:
        return configured.encode()
    digest = hashlib.sha256(f"roster-field-encryption:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(material: bytes) -> Fernet:
    return Fernet(material)


def encrypt(value: str) -> str:
    """Ciphertext for storage; empty stays empty so "not given" needs no key."""
    if not value:
        return ""
    return _fernet(_key_material()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    return _fernet(_key_material()).decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    """HMAC of the value: equal numbers give equal hashes (duplicate detection) without storing the number."""
    if not value:
        return ""
    return hmac.new(_key_material(), f"id-number:{value}".encode(), hashlib.sha256).hexdigest()
