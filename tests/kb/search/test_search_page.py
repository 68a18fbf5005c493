"""The public search page at /search/ and the admin's use of the same backend."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from kb.models import SynonymGroup
from kb.search.public import search_pages


@pytest.fixture
def plain_page(home_page):
    """A page of another type (Wagtail's base Page), to show the type filter is generic."""

    def make(title: str) -> Page:
        return home_page.add_child(instance=Page(title=title, slug=f"plain-{Page.objects.count()}"))

    return make


def get(client, **params):
    return client.get(reverse("search:search"), params)


def test_search_page_finds_a_chinese_word_and_highlights_it(client, add_page):
    add_page("岗前培训说明", "为帮助新志愿者熟悉流程,本课程包含在线测验和结业证书。")

    response = get(client, q="测验")

    html = response.content.decode()
    assert response.status_code == 200
    assert "岗前培训说明" in html
    assert "<mark>测验</mark>" in html
    assert "找到 1 条" in html


def test_search_page_hides_unpublished_pages(client, add_page):
    add_page("已发布", "透析须知")
    add_page("草稿", "透析须知", live=False)

    html = get(client, q="透析").content.decode()

    assert "已发布" in html
    assert "草稿" not in html


def test_results_can_be_filtered_by_page_type_named_by_verbose_name(client, add_page, plain_page):
    add_page("首页类型", "透析")
    plain_page("普通页面 透析")

    everything = get(client, q="透析").content.decode()
    assert "首页类型" in everything and "普通页面" in everything
    assert "首页 <span" in everything  # HomePage's verbose_name is offered as a filter, with its count

    only_home = get(client, q="透析", type="kb.homepage").content.decode()
    assert "首页类型" in only_home
    assert "普通页面" not in only_home


def test_results_are_paginated(client, add_page):
    for i in range(12):
        add_page(f"志愿服务记录{i:02d}", "志愿服务")

    first = get(client, q="志愿服务").content.decode()
    second = get(client, q="志愿服务", page=2).content.decode()

    assert first.count('class="search-result card"') == 10
    assert "下一页" in first
    assert second.count('class="search-result card"') == 2
    assert "上一页" in second


def test_the_type_chips_and_the_pager_lead_to_that_query_type_and_page(client, add_page, plain_page):
    for i in range(12):
        add_page(f"透析记录{i:02d}", "透析 护理")
    plain_page("普通页面 透析 护理")

    def follow(html: str, pattern: str) -> str:
        found = re.search(pattern, html)
        assert found, pattern
        return client.get(reverse("search:search") + unescape(found.group(1))).content.decode()

    everything = get(client, q="透析 护理").content.decode()
    only_home = follow(everything, r'<a href="([^"]+)">首页 <span')
    assert "普通页面" not in only_home and only_home.count('class="search-result card"') == 10
    second = follow(only_home, r'rel="next" href="([^"]+)"')
    assert second.count('class="search-result card"') == 2 and "普通页面" not in second
    assert follow(second, r'rel="prev" href="([^"]+)"').count('class="search-result card"') == 10
    back = follow(only_home, r'<li><a href="([^"]+)">全部</a>')
    assert "普通页面" in back and "第 1 / 2 页" in back


def test_no_results_explains_and_suggests_shorter_words_that_match(client, add_page):
    add_page("血液透析须知", "透析前请称量体重。")

    html = get(client, q="透析饮食禁忌").content.decode()

    assert "没有找到与“透析饮食禁忌”相关的内容" in html
    assert '<a href="?q=%E9%80%8F%E6%9E%90">透析</a>' in html


def test_synonyms_from_the_admin_apply_at_query_time(client, add_page):
    add_page("服务团队", "由三名社会工作者和二十名志愿者组成。")
    assert "服务团队" not in get(client, q="社工").content.decode()

    SynonymGroup.objects.create(terms="社工 = 社会工作者 = 医务社工")

    html = get(client, q="社工").content.decode()
    assert "服务团队" in html
    assert "<mark>社会工作者</mark>" in html


def test_synonym_edit_takes_effect_without_a_rebuild(client, add_page):
    add_page("报销指南", "医疗保险报销需要身份证。")
    group = SynonymGroup.objects.create(terms="义工 = 志愿者")
    assert "报销指南" not in get(client, q="医保").content.decode()

    group.terms = "医保 = 医疗保险"
    group.save()

    assert "报销指南" in get(client, q="医保").content.decode()


def test_a_synonym_saved_while_another_process_searched_is_used_once_committed(
    client, add_page, monkeypatch, django_capture_on_commit_callbacks
):
    # Between the save and its commit, another process's search sees the new version in the cache but reads the
    # groups as committed: the old table. Once the edit is committed, the next search must use the new one.
    from kb.search import synonyms

    add_page("服务团队", "由三名社会工作者和二十名志愿者组成。")
    with django_capture_on_commit_callbacks(execute=True):
        SynonymGroup.objects.create(terms="社工 = 社会工作者")
        with monkeypatch.context() as before_commit:
            before_commit.setattr(synonyms, "_load", lambda: {})  # what the other process's query still sees
            assert "服务团队" not in get(client, q="社工", n="before-commit").content.decode()

    assert "服务团队" in get(client, q="社工", n="after-commit").content.decode()


def test_admin_can_add_synonyms_and_a_single_word_is_refused(client, db):
    admin = User.objects.create_superuser("admin", password="correct-horse-battery")
    client.force_login(admin)
    url = reverse("wagtailsnippets_kb_synonymgroup:add")

    refused = client.post(url, {"terms": "社工"})
    client.post(url, {"terms": "义工,志愿者"})

    assert "至少填写两个不同的词" in refused.content.decode()
    assert [str(group) for group in SynonymGroup.objects.all()] == ["义工 = 志愿者"]


def test_admin_page_search_uses_the_chinese_backend(client, add_page):
    add_page("在线测验须知", "考试说明")
    admin = User.objects.create_superuser("admin", password="correct-horse-battery")
    client.force_login(admin)

    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "测验"})

    assert "在线测验须知" in response.content.decode()


def test_empty_query_shows_just_the_form(client, db):
    response = get(client, q="")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_search_page_finds_and_marks_a_word_the_segmenter_splits_when_alone(client, add_page):
    add_page("导医岗位", "到岗后先向护士站报到,再领取工作牌。")

    html = get(client, q="报到").content.decode()

    assert "导医岗位" in html
    assert "<mark>报到</mark>" in html
    assert "<mark>到</mark>" not in html


def test_type_counts_are_the_counts_of_the_results_of_each_type(add_page, plain_page):
    for i in range(3):
        add_page(f"首页类型{i}", "透析")
    plain_page("普通页面 透析")
    add_page("草稿", "透析", live=False)

    outcome = search_pages("透析")

    assert {choice.label: choice.count for choice in outcome.types} == {"kb.homepage": 3, "wagtailcore.page": 1}
    assert outcome.total == 4
    for choice in outcome.types:
        filtered = search_pages("透析", type_label=choice.label)
        assert filtered.total == choice.count
        assert filtered.selected_type is not None and filtered.selected_type.count == choice.count
        assert {hit.type_label for hit in filtered.hits} == {choice.label}


def test_type_names_follow_the_language_of_each_search(client, add_page):
    # The types' names are worked out once per change of the public pages, and once per language.
    add_page("首页类型", "透析")

    chinese = get(client, q="透析").content.decode()
    client.cookies["django_language"] = "en"
    english = get(client, q="透析").content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese_again = get(client, q="透析").content.decode()

    assert "首页 <span" in chinese and '<p class="search-result__type">首页</p>' in chinese
    assert "Home page <span" in english and '<p class="search-result__type">Home page</p>' in english
    assert "首页 <span" not in english
    assert chinese_again == chinese


def test_a_private_page_is_neither_shown_nor_counted(client, add_page):
    add_page("公开须知", "透析")
    private = add_page("内部须知", "透析")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    outcome = search_pages("透析")
    html = get(client, q="透析").content.decode()

    assert [hit.page_title for hit in outcome.hits] == ["公开须知"]
    assert [choice.count for choice in outcome.types] == [1]
    assert "公开须知" in html and "内部须知" not in html
