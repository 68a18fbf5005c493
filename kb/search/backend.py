"""The Wagtail search backend: Whoosh on disk, jieba word segmentation (rjieba), synonyms at query time.

Configure it in ``WAGTAILSEARCH_BACKENDS``::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "kb.search.backend"}}

Options: ``PATH`` (index directory; default ``settings.SEARCH_INDEX_DIR``), ``AUTO_UPDATE`` (Wagtail's own).
"""

from __future__ import annotations

from django.conf import settings
from modelsearch.backends.base import BaseSearchBackend

from .index import WhooshIndex, WhooshRebuilder
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .results import WhooshSearchResults
from .storage import IndexStore, store_for


class WhooshSearchBackend(BaseSearchBackend):
    # The queryset's filters are applied by the database to the candidates: any SQL condition works as a filter, not
    # only the FilterField lookups a backend with an index of its own can translate (see kb.search.public).
    filters_in_database = True
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        # Read at call time, not import time: the test settings point SEARCH_INDEX_DIR at a fresh directory.
        self.store: IndexStore = store_for(params.get("PATH") or settings.SEARCH_INDEX_DIR)


SearchBackend = WhooshSearchBackend
