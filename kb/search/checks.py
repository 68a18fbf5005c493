"""``manage.py check`` and ``/healthz`` report an index directory the search backend cannot write (tag ``runtime``).

The directory is probed by writing a file, not by permission bits: a full disk or a read-only mount fails the probe
even for root.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register("runtime")
def index_directory_is_writable(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for name, conf in settings.WAGTAILSEARCH_BACKENDS.items():
        if conf.get("BACKEND") not in {"kb.search.backend", "kb.search.backend.WhooshSearchBackend"}:
            continue
        path = Path(conf.get("PATH") or settings.SEARCH_INDEX_DIR)
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing is None or not existing.is_dir() or not _can_write(existing):
            errors.append(
                Error(
                    f"search index directory is not writable: {path}",
                    hint="Set SEARCH_INDEX_DIR to a directory the web and worker processes can write.",
                    obj=f"WAGTAILSEARCH_BACKENDS[{name!r}]",
                    id="kb.E001",
                )
            )
    return errors


def _can_write(directory: Path) -> bool:
    if not os.access(directory, os.W_OK | os.X_OK):
        return False
    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-"):
            pass
    except OSError:
        return False
    return True
