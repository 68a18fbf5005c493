"""``manage.py check`` reports an index directory the search backend cannot write."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def index_directory_is_writable(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for name, conf in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items():
        if conf.get("BACKEND") not in {"kb.search.backend", "kb.search.backend.WhooshSearchBackend"}:
            continue
        path = Path(conf.get("PATH") or settings.SEARCH_INDEX_DIR)
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing is None or not os.access(existing, os.W_OK | os.X_OK) or not existing.is_dir():
            errors.append(
                Error(
                    f"search index directory is not writable: {path}",
                    hint="Set SEARCH_INDEX_DIR to a directory the web and worker processes can write.",
                    obj=f"WAGTAILSEARCH_BACKENDS[{name!r}]",
                    id="kb.E001",
                )
            )
    return errors
