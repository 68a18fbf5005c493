"""Search tests run against both backends: Whoosh always, PostgreSQL when DATABASE_URL is PostgreSQL.

They start from an empty index: the database rolls back between tests (the PostgreSQL index with it), the Whoosh
index on disk does not. Tests about the Whoosh index directory itself are marked ``whoosh_only``.
"""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

BACKENDS = {"whoosh": "kb.search.backend", "postgres": "kb.search.pg_backend"}


@pytest.fixture(params=list(BACKENDS), autouse=True)
def search_backend(request, settings) -> str:
    name = request.param
    if name == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL search backend needs DATABASE_URL=postgres://…")
    if name != "whoosh" and request.node.get_closest_marker("whoosh_only"):
        pytest.skip("about the Whoosh index directory")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": BACKENDS[name]}}
    return name


@pytest.fixture(autouse=True)
def empty_index(db, search_backend):
    get_search_backend().reset_indexes()
    yield


@pytest.fixture
def add_page(home_page):
    """Publish a HomePage-typed page under the site root (HomePage has ``intro`` indexed)."""
    from kb.models import HomePage

    counter = iter(range(1, 10_000))

    def make(title: str, intro: str = "", parent=None, live: bool = True) -> HomePage:
        page = HomePage(title=title, slug=f"p{next(counter)}", intro=f"<p>{intro}</p>", live=live)
        (parent or home_page).add_child(instance=page)
        return page

    return make
