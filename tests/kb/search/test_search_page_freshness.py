"""The search page shows pages as they are now, and costs the same few queries however many results and page types.

A hit is drawn from the public pages the process keeps until a page changes (title, address, type) and the snippet
text stored in the index with the page; the stored text is rewritten whenever the index entry is, and when it is
missing the page itself is read.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from kb.models import FAQIndexPage, GuideIndexPage, KnowledgeIndexPage, LawIndexPage, SearchEntry
from kb.search import storage
from kb.search.backend import WhooshSearchBackend
from kb.search.index import build_document
from kb.search.public import search_pages
from kb.search.results import WhooshSearchResults
from kb.search.storage import PAGE_TEXT


def results_html(client, q: str) -> str:
    return client.get(reverse("search:search"), {"q": q}).content.decode()


def test_a_renamed_page_shows_its_new_title_as_soon_as_it_is_published(client, add_page):
    page = add_page("称重须知", "透析前请称量体重。")
    assert "称重须知" in results_html(client, "体重")

    page.title = "透析前的准备"
    page.save_revision().publish()

    html = results_html(client, "体重")
    assert "透析前的准备" in html
    assert "称重须知" not in html


def test_edited_text_shows_in_the_snippet_and_the_old_text_finds_nothing(client, add_page):
    page = add_page("陪诊须知", "陪诊前请核对预约单。")
    assert "核对<mark>预约单</mark>" in results_html(client, "预约单")

    page.intro = "<p>陪诊前请携带医保卡和预约单。</p>"
    page.save_revision().publish()

    assert "携带医保卡和<mark>预约单</mark>" in results_html(client, "预约单")
    assert "陪诊须知" not in results_html(client, "核对")


def test_a_page_links_to_its_new_address_when_its_section_is_renamed_or_it_is_moved(client, add_page):
    section = add_page("服务指南", "导诊")
    other = add_page("其他栏目", "导诊")
    page = add_page("导医岗位", "到岗后先向护士站报到。", parent=section)
    assert f'href="/{section.slug}/{page.slug}/"' in results_html(client, "护士站")

    section.slug = "service"
    section.save_revision().publish()  # Wagtail rewrites the pages below in one UPDATE: no save of the page itself
    assert f'href="/service/{page.slug}/"' in results_html(client, "护士站")

    Page.objects.get(pk=page.pk).move(other, pos="last-child")
    assert f'href="/{other.slug}/{page.slug}/"' in results_html(client, "护士站")


def test_an_unpublished_page_is_gone_at_once(client, add_page):
    page = add_page("血液净化须知", "透析")
    assert "血液净化须知" in results_html(client, "透析")

    page.unpublish()

    assert "血液净化须知" not in results_html(client, "透析")
    assert search_pages("透析").total == 0


def test_a_page_below_a_section_made_private_is_hidden_from_then_on(client, add_page):
    section = add_page("内部栏目", "")
    add_page("公开须知", "透析")
    add_page("内部须知", "透析", parent=section)
    assert "内部须知" in results_html(client, "透析")  # and that page of results is now in the page cache

    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    html = results_html(client, "透析")
    assert "公开须知" in html and "内部须知" not in html
    outcome = search_pages("透析")
    assert [hit.page_title for hit in outcome.hits] == ["公开须知"]
    assert [choice.count for choice in outcome.types] == [1]

    restriction.delete()
    assert "内部须知" in results_html(client, "透析")


def test_a_page_restricted_by_password_or_group_is_hidden_too(add_page):
    add_page("公开须知", "透析")
    by_password = add_page("密码须知", "透析")
    PageViewRestriction.objects.create(page=by_password, restriction_type=PageViewRestriction.PASSWORD, password="x")
    by_group = add_page("小组须知", "透析")
    PageViewRestriction.objects.create(page=by_group, restriction_type=PageViewRestriction.GROUPS)

    assert [hit.page_title for hit in search_pages("透析").hits] == ["公开须知"]


def _drop_stored_texts(search_backend: str, pages: list[Page]) -> None:
    """The index as it was before it stored snippet texts (an older Whoosh document, a NULL column)."""
    backend = get_search_backend()
    if search_backend == "postgres":
        SearchEntry.objects.update(page_text=None)
        return
    with backend.store.writer() as writer:
        for page in pages:
            document = build_document(page.specific)
            document.pop(PAGE_TEXT)
            writer.update_document(**document)


def test_without_a_stored_text_the_snippet_is_cut_from_the_page_itself(client, add_page, search_backend):
    pages = [add_page("导医岗位", "到岗后先向护士站报到,再领取工作牌。"), add_page("陪诊须知", "护士站在二楼。")]

    _drop_stored_texts(search_backend, pages)

    html = results_html(client, "护士站")
    assert "先向<mark>护士站</mark>报到" in html
    assert "<mark>护士站</mark>在二楼" in html


@pytest.mark.whoosh_only
def test_an_index_generation_older_than_stored_texts_still_takes_writes_and_shows_snippets(
    client, add_page, monkeypatch
):
    schema = storage.make_schema()
    schema.remove(PAGE_TEXT)
    monkeypatch.setattr(storage, "make_schema", lambda: schema)
    get_search_backend().reset_indexes()  # serving a generation without the field

    add_page("导医岗位", "到岗后先向护士站报到,再领取工作牌。")

    assert "先向<mark>护士站</mark>报到" in results_html(client, "护士站")


def _queries_for_one_search(client, visit: str) -> int:
    """Queries of one search by an anonymous visitor; each visit a URL of its own, so none is a page-cache hit."""
    client.get(reverse("search:search"), {"q": "透析", "n": f"{visit}-warm"})  # content types, site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search:search"), {"q": "透析", "n": visit})
    assert response.status_code == 200 and "透析" in response.content.decode()
    # The PostgreSQL backend runs each GIN lookup in a savepoint with the planner's settings (set_config), rolled
    # back after: bookkeeping around a query, not a query of its own.
    bookkeeping = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SELECT set_config(")
    return sum(1 for query in queries.captured_queries if not query["sql"].startswith(bookkeeping))


def test_the_search_page_costs_the_same_queries_for_one_type_or_many(client, add_page, home_page, search_backend):
    add_page("首页类型", "透析")
    one_type = _queries_for_one_search(client, "one")

    for i, model in enumerate((FAQIndexPage, GuideIndexPage, LawIndexPage, KnowledgeIndexPage) * 2):
        home_page.add_child(instance=model(title=f"栏目{i}", slug=f"section-{i}", intro="<p>透析</p>"))
    many_types = _queries_for_one_search(client, "many")

    assert many_types == one_type
    # None with Whoosh: the site and the public pages (types, titles, addresses) are remembered, and the texts are in
    # the index; PostgreSQL reads the candidates from its table, the tier's rank window, ranks it and reads the texts.
    assert many_types == {"whoosh": 0, "postgres": 4}[search_backend]


def test_after_a_page_changes_the_next_search_reads_the_public_pages_again(client, add_page, search_backend):
    # The public pages with their types, titles and addresses are kept per process until a page, a view restriction
    # or a Site changes: the search after a change reads them once more (one query), the one after that does not.
    page = add_page("首页类型", "透析")
    settled = _queries_for_one_search(client, "settled")
    page.title = "首页类型(修订)"
    page.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("search:search"), {"q": "透析", "n": "after-change"}).content.decode()
    assert "首页类型(修订)" in html
    public_read = (
        'SELECT "wagtailcore_page"."id" AS "pk", "wagtailcore_page"."content_type_id" AS "content_type", '
        '"wagtailcore_page"."title"'
    )
    assert sum(query["sql"].startswith(public_read) for query in queries.captured_queries) == 1, [
        query["sql"][:120] for query in queries.captured_queries
    ]
    assert _queries_for_one_search(client, "settled-again") == settled


def test_a_site_given_another_root_page_searches_that_tree_from_the_next_search_on(client, add_page, home_page):
    add_page("旧站点页面", "透析")
    other_root = Page.get_first_root_node().add_child(instance=Page(title="新站点", slug="new-site"))
    add_page("新站点页面", "透析", parent=other_root)
    html = results_html(client, "透析")
    assert "旧站点页面" in html and "新站点页面" not in html

    site = Site.objects.get(is_default_site=True)
    site.root_page = other_root
    site.save()

    html = results_html(client, "透析")
    assert "新站点页面" in html and "旧站点页面" not in html


class TextlessResults(WhooshSearchResults):
    page_texts = None


class FilterTranslatingBackend(WhooshSearchBackend):
    """Stands in for OpenSearch: it would take the queryset's filters as FilterField lookups only, and stores no
    snippet texts."""

    filters_in_database = False
    results_class = TextlessResults


def test_with_a_backend_that_translates_filters_itself_private_pages_are_hidden_and_snippets_shown(
    add_page, settings, search_backend
):
    if search_backend != "whoosh":
        pytest.skip("one stand-in backend is enough")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": f"{__name__}.FilterTranslatingBackend"}}
    add_page("公开须知", "透析前请称量体重。")
    private = add_page("内部须知", "透析室在二楼。")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    outcome = search_pages("透析")

    assert [hit.page_title for hit in outcome.hits] == ["公开须知"]
    assert "<mark>透析</mark>前请称量体重" in outcome.hits[0].snippet


def test_a_search_that_misses_the_page_cache_reads_the_cache_once_before_it_answers(add_page, monkeypatch):
    # As gunicorn calls the site: the page lookup reads the search's tokens with the page, in one round trip, and
    # the search takes them from there (it made a second round trip of its own). The tokens are those of the moment
    # the request arrived: a page renamed just before is shown renamed.
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from tests.accounts.test_page_cache_wsgi import call

    page = add_page("首页类型", "透析")
    for signal in (request_started, request_finished):  # the test's transaction stays open across requests
        signal.disconnect(close_old_connections)
    try:
        call("/search/", QUERY_STRING="q=%E9%80%8F%E6%9E%90&n=before")  # 透析: the process reads the public pages
        page.title = "首页类型(修订)"
        page.save_revision().publish()
        _, _, renamed = call("/search/", QUERY_STRING="q=%E9%80%8F%E6%9E%90&n=after-change")
        reads: list[str] = []
        for name in ("get", "get_many", "get_or_set"):
            monkeypatch.setattr(cache, name, _counted(getattr(cache, name), name, reads))
        status, headers, body = call("/search/", QUERY_STRING="q=%E9%80%8F%E6%9E%90&n=settled")
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    assert "首页类型(修订)" in renamed.decode()
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "miss")
    assert "首页类型(修订)" in body.decode()
    assert reads == ["get_many"], reads


def _counted(method, name: str, reads: list[str]):
    """``method``, its calls named in ``reads``; not the calls made inside another counted one (the local cache's
    get_many calls get)."""

    def counted(*args, **kwargs):
        if not _inside_counted:
            reads.append(name)
        _inside_counted.append(name)
        try:
            return method(*args, **kwargs)
        finally:
            _inside_counted.pop()

    return counted


_inside_counted: list[str] = []
