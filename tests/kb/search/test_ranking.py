"""Ranking rules that hold however many pages match (the tiers, synonyms, the top-N scoring)."""

from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import parse_query_string

from kb.models import SynonymGroup
from kb.search import pg_backend, scoring
from kb.search.scoring import matching_docs, top


def titles(results) -> list[str]:
    return [page.title for page in results]


def test_word_matches_rank_before_string_only_matches_with_more_pages_than_the_rank_window(add_page, monkeypatch):
    # 报到 is a word in the last three pages; in the others only the string 电子报 + 到期, in the title as well,
    # which would outscore a body match if the tiers were not ranked in order. The string-only tier has more pages
    # than PostgreSQL's rank window (at least the 20 candidates a first page asks for) and more than a page.
    monkeypatch.setattr(pg_backend, "RANK_WINDOW", 4)
    for i in range(22):
        add_page(f"电子报到期提醒{i}", "电子报到期前会发提醒。电子报到期后停发。")
    for i in range(3):
        add_page(f"须知{i}", f"第{i}批新志愿者报到时请带身份证。")

    first = titles(Page.objects.search("报到")[:10])

    assert sorted(first[:3]) == ["须知0", "须知1", "须知2"]
    assert len(first) == 10
    assert Page.objects.search("报到").count() == 25


def test_the_typed_text_ranks_before_its_synonyms(add_page):
    SynonymGroup.objects.create(terms="社工 = 医务社工")
    add_page("社工值班表", "社工在服务站值班,社工轮流接待,有事找社工。")
    add_page("新人须知", "医务社工负责接待。")

    assert titles(Page.objects.search("医务社工")) == ["新人须知", "社工值班表"]
    assert titles(Page.objects.search("社工")) == ["社工值班表", "新人须知"]


def test_a_tier_larger_than_the_rank_window_ranks_its_newest_matches(add_page, monkeypatch, search_backend):
    if search_backend != "postgres":
        pytest.skip("the rank window is the PostgreSQL backend's (Whoosh ranks every match)")
    monkeypatch.setattr(pg_backend, "RANK_WINDOW", 3)  # a first page still ranks its 20 candidates
    add_page("透析 透析 透析", "透析透析。")  # the best score, but the oldest of the 22
    for i in range(21):
        add_page(f"须知{i}", "透析室在二楼。")

    assert titles(Page.objects.search("透析")[:2]) == ["须知1", "须知2"]  # the 20 newest, equal scores, oldest first
    assert len(Page.objects.search("透析")) == 22  # everything is still found (the window is for a top N only)


@pytest.mark.whoosh_only
def test_top_scoring_ranks_every_tier_as_an_exhaustive_whoosh_search(add_page):
    # Whoosh's own top-N search prunes sub-queries by quality and can miss better documents of an And of Ors;
    # the block scorer must give exactly the order (and scores) of scoring every match.
    SynonymGroup.objects.create(terms="医保 = 医疗保险")
    places = ["住院部", "门诊大厅", "血液透析室", "社工服务站"]
    for i in range(24):
        place = places[i % 4]
        body = f"{place}的志愿者协助办理医保报销。" * (1 + i % 3) + ("住院押金不足时可申请救助。" if i % 2 else "")
        add_page(f"{place}服务指南{i}" if i % 5 else f"医保报销须知{i}", body)
    store = get_search_backend().store
    searcher = store.searcher()
    for text in ["医保报销", "住院押金", "志愿者", "透析 志愿者", "医疗保险"]:
        compiler = Page.objects.search(parse_query_string(text)[1]).query_compiler
        compiler.use_reader(searcher.reader())
        allow = store.docs_for(searcher, compiler.model_filter())
        for tier in compiler.tiers():
            expected = [(hit.docnum, hit.score) for hit in searcher.search(tier, limit=None, filter=allow)][:10]
            ranked = top(searcher, tier, 10, allow)
            assert ranked is not None, tier
            assert [docnum for docnum, _ in ranked] == [docnum for docnum, _ in expected], (text, tier)
            assert [score for _, score in ranked] == pytest.approx([score for _, score in expected]), (text, tier)


@pytest.mark.whoosh_only
@pytest.mark.parametrize("kept", [scoring.MAX_KEPT_POSTINGS, 2], ids=["postings-kept", "postings-dropped"])
def test_the_matching_set_is_what_whoosh_matches_with_deletions_and_many_segments(add_page, monkeypatch, kept):
    # Count, facets and the ranked tiers start from matching_docs(): for every query shape the compiler makes (words,
    # pairs, bigrams, synonyms as phrases, Not) it must be exactly Whoosh's own docs_for_query, also after edits
    # (deleted documents in older segments) and across several segments; and so must the ranking, from postings
    # decoded by the search (first round), kept on the reader (second), or dropped again at the cap (``kept`` = 2).
    monkeypatch.setattr(scoring, "MAX_KEPT_POSTINGS", kept)
    SynonymGroup.objects.create(terms="医保 = 医疗保险")
    SynonymGroup.objects.create(terms="社工 = 社会工作者")
    pages = []
    for i in range(12):
        body = ["血液透析室的志愿者协助办理医保报销。", "社会工作者先向护士站报到。", "住院押金不足时可申请救助。"][
            i % 3
        ]
        pages.append(add_page(f"服务指南{i}", body * (1 + i % 2)))
    for page in pages[::4]:  # an edit deletes the old document; its segment keeps it as deleted
        page.title = f"{page.title}(修订)"
        page.intro = "<p>医疗保险报销需要社工协助。</p>"
        page.save_revision().publish()
    store = get_search_backend().store
    searcher = store.searcher()
    assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
    texts = ["医保报销", "报到", "社工", "志愿者 -押金", "医疗保险", "透析 志愿者", '"护士站报到"', "无此词"]
    for _round in range(2):
        for text in texts:
            compiler = Page.objects.search(parse_query_string(text)[1]).query_compiler
            compiler.use_reader(searcher.reader())
            for query in [compiler.matching_query(store.match_field_serves()), *compiler.tiers()]:
                assert matching_docs(searcher, query) == set(searcher.docs_for_query(query)), (text, query)
            allow = store.docs_for(searcher, compiler.model_filter())
            for tier in compiler.tiers():
                ranked = top(searcher, tier, None, allow)
                if ranked is not None:
                    expected = [(hit.docnum, hit.score) for hit in searcher.search(tier, limit=None, filter=allow)]
                    assert [docnum for docnum, _ in ranked] == [docnum for docnum, _ in expected], (text, tier)
                    assert [score for _, score in ranked] == pytest.approx([score for _, score in expected])
