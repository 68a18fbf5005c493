"""Search tests start from an empty index: the database rolls back between tests, the index on disk does not."""

from __future__ import annotations

import pytest
from wagtail.search.backends import get_search_backend


@pytest.fixture(autouse=True)
def empty_index(db):
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
