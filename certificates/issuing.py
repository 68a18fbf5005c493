"""The pure helpers of issuing: serial numbers, verification codes and atomic PDF storage.

The writes that use them are the ``do_*`` functions in ``certificates/actions.py``.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage

from accounts.numbering import next_number


def next_serial(year: int) -> str:
    """``SG-2026-000123``: a per-year counter under a row lock, so concurrent issuing never repeats a serial."""
    prefix = settings.CERTIFICATES_SERIAL_PREFIX
    return f"{prefix}-{year}-{next_number('certificate', year):06d}"


def new_verification_code() -> str:
    """192 random bits, URL-safe: codes cannot be guessed or enumerated."""
    return secrets.token_urlsafe(24)


def store_atomically(storage: Storage, name: str, data: bytes) -> str:
    """Write ``data`` to ``name`` in ``storage`` via a temporary file and a rename: a killed process never leaves a
    half-written PDF under the real name (no fsync: surviving a power cut is the file system's journal's job)."""
    target = Path(storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return name
