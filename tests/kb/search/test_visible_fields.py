"""Every text a visitor sees on a page (its own fields and StreamField blocks) is in the search index.

Two checks: on the demo site, each page's own text that appears in its rendered HTML must appear in its index
document; and for every page type (also those without demo pages), each text field an editor fills in must be a
``SearchField`` unless it is listed below with the reason it is not shown or must not be found.
"""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps
from django.db import models
from modelsearch.index import SearchField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from kb.search.index import build_document

# Text fields that are deliberately not searchable, with the reason. Anything else left out fails the test.
NOT_SEARCHED: dict[str, str] = {
    "slug": "part of the address, not of the page's text",
    "seo_title": "only in the browser tab; the title is indexed",
    "search_description": "not shown on the page (used for the snippet when a page has no text of its own)",
    "related": "links to other pages: their titles are those pages' own text",
}

pytestmark = pytest.mark.whoosh_only  # about the Whoosh index / backend-independent checks run once

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_PIECES = re.compile(r"[\n。;;!!??]")


def _norm(text: str) -> str:
    return _SPACE.sub("", html.unescape(_TAGS.sub(" ", text)))


def page_models() -> list[type[Page]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and not model._meta.abstract
        and model._meta.app_label not in {"wagtailcore"}
    ]


def text_fields(model: type[Page]) -> list[models.Field]:
    """The model's own (not Page's) text fields that an editor types into."""
    own = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.model is Page or field.name in Page.__dict__:
            continue
        if isinstance(field, StreamField | RichTextField) or (
            isinstance(field, models.CharField | models.TextField) and not field.choices
        ):
            own.append(field)
    return own


def searched(model: type[Page]) -> set[str]:
    return {field.field_name for field in model.get_search_fields() if isinstance(field, SearchField)}


@pytest.mark.parametrize("model", page_models(), ids=lambda model: model._meta.label)
def test_every_text_field_of_a_page_type_is_searchable(model):
    missing = [
        field.name
        for field in text_fields(model)
        if field.name not in searched(model) and field.name not in NOT_SEARCHED
    ]
    assert missing == [], f"{model._meta.label}: text fields not in search_fields: {missing}"


def own_texts(page: Page) -> list[str]:
    """Each piece of text the editor typed into the page's own fields and blocks."""
    texts: list[str] = []
    for field in text_fields(type(page)):
        if field.name in NOT_SEARCHED:
            continue
        value = getattr(page, field.name)
        if isinstance(field, StreamField):
            texts.extend(str(item) for item in field.get_searchable_content(value))
        elif value:
            texts.append(str(value))
    pieces = []
    for text in texts:
        pieces.extend(piece for piece in (_norm(p) for p in _PIECES.split(_TAGS.sub("\n", text))) if len(piece) >= 4)
    return pieces


@pytest.fixture
def demo_site(db):
    from courses import demo as courses_demo
    from kb import demo as kb_demo
    from tests.conftest import ensure_base_rows

    ensure_base_rows()
    kb_demo.load()
    courses_demo.load()


def test_text_visible_on_each_demo_page_is_in_its_index_document(demo_site, client):
    from django.contrib.auth import get_user_model

    # Course lessons need a login.
    client.force_login(get_user_model().objects.create_superuser("visible-check", password="x"))
    checked = 0
    problems = []
    for page in Page.objects.live().specific().exclude(depth=1):
        response = client.get(page.url)
        if response.status_code != 200:
            continue
        shown = _norm(response.content.decode())
        document = build_document(page)
        indexed = _norm(" ".join(value for name, value in document.items() if name.startswith("t_")))
        for piece in own_texts(page):
            if piece in shown:
                checked += 1
                if piece not in indexed:
                    problems.append(f"{type(page).__name__} {page.title}: {piece[:30]}")
    assert checked > 100
    assert problems == []
