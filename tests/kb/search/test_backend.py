"""The Chinese search backend through Wagtail's search API (runs against whichever backend is configured)."""

from __future__ import annotations

import pytest
from wagtail.documents.models import Document
from wagtail.models import Collection, Page
from wagtail.search.query import Boost, Phrase, PlainText
from wagtail.search.utils import parse_query_string

from kb.models import HomePage, SynonymGroup

LONG_SENTENCE = (
    "为帮助新加入的志愿者尽快熟悉病区环境和服务流程,本课程包含在线测验和结业证书,"
    "学员需要在四周内完成全部学习任务,并在医务社工的督导下参加两次跟岗见习。"
)


def titles(results) -> list[str]:
    return [page.title for page in results]


def test_two_character_word_inside_a_long_sentence_is_found(add_page):
    add_page("岗前培训说明", LONG_SENTENCE)
    add_page("探视须知", "病房探视时间为每天下午三点到八点。")

    assert titles(Page.objects.search("测验")) == ["岗前培训说明"]
    assert titles(Page.objects.search("督导")) == ["岗前培训说明"]


def test_search_finds_words_of_page_subclass_fields_from_a_page_search(add_page):
    add_page("欢迎", "医务社工为透析患者提供心理疏导。")

    assert titles(Page.objects.search("心理疏导")) == ["欢迎"]
    assert titles(HomePage.objects.search("透析")) == ["欢迎"]


def test_full_width_and_case_are_folded(add_page):
    add_page("疫苗接种", "COVID-19 疫苗接种点设在门诊楼一层。")

    assert titles(Page.objects.search("ｃｏｖｉｄ")) == ["疫苗接种"]
    assert titles(Page.objects.search("Covid")) == ["疫苗接种"]


def test_unpublished_page_is_not_returned_by_a_live_search(add_page):
    page = add_page("血液透析须知", "透析前请称量体重。")
    assert titles(Page.objects.live().search("透析")) == ["血液透析须知"]

    page.unpublish()

    assert titles(Page.objects.live().search("透析")) == []


def test_deleted_page_is_not_returned(add_page):
    page = add_page("血液透析须知", "透析前请称量体重。")
    add_page("腹膜透析", "居家透析的注意事项。")

    page.delete()

    assert titles(Page.objects.search("透析")) == ["腹膜透析"]
    assert Page.objects.search("体重").count() == 0


def test_editing_a_page_replaces_its_indexed_text(add_page):
    page = add_page("服务指南", "志愿者负责导医陪诊。")

    page.intro = "<p>志愿者协助康复训练。</p>"
    page.save_revision().publish()

    assert titles(Page.objects.search("康复")) == ["服务指南"]
    assert titles(Page.objects.search("陪诊")) == []


def test_publishing_a_draft_makes_it_findable(add_page):
    draft = add_page("新闻稿", "星级志愿者表彰大会", live=False)
    assert titles(Page.objects.live().search("表彰")) == []

    draft.save_revision().publish()

    assert titles(Page.objects.live().search("表彰")) == ["新闻稿"]


def test_moved_page_is_still_found_under_its_new_parent(add_page, home_page):
    section = add_page("栏目", "栏目介绍")
    page = add_page("医保报销流程", "住院费用的医保报销需要携带身份证。")

    page.move(section, pos="last-child")

    found = Page.objects.child_of(section).search("报销")
    assert titles(found) == ["医保报销流程"]


def test_phrase_query_matches_only_adjacent_words(add_page):
    add_page("相邻", "本课程包含在线测验和结业证书。")
    add_page("不相邻", "在线课程结束后还有一次线下测验。")

    assert titles(Page.objects.search(Phrase("在线测验"))) == ["相邻"]
    assert sorted(titles(Page.objects.search("在线 测验", operator="and"))) == ["不相邻", "相邻"]


def test_quoted_phrase_from_a_typed_query(add_page):
    add_page("相邻", "本课程包含在线测验和结业证书。")
    add_page("不相邻", "在线课程结束后还有一次线下测验。")

    _, query = parse_query_string('"在线测验"')

    assert titles(Page.objects.search(query)) == ["相邻"]


def test_and_or_operators(add_page):
    add_page("两者", "志愿者参加心理支持培训。")
    add_page("只有志愿者", "志愿者服务时长统计。")
    add_page("只有心理", "心理咨询门诊开放时间。")

    assert titles(Page.objects.search("志愿者 心理", operator="and")) == ["两者"]
    assert sorted(titles(Page.objects.search("志愿者 心理", operator="or"))) == ["两者", "只有心理", "只有志愿者"]


def test_field_boost_from_search_fields_outranks_more_frequent_body_matches(add_page):
    # Page.title has boost=2: one 透析 in the title must beat three in the intro.
    add_page("透析患者饮食指南", "一般情况说明。")
    add_page("饮食指南说明手册", "透析透析透析,一般情况。")

    assert titles(Page.objects.search("透析")) == ["透析患者饮食指南", "饮食指南说明手册"]


def test_pages_with_the_typed_word_rank_before_pages_with_its_words_scattered(add_page):
    add_page("报销须知", "医保卡请随身携带。费用报销在出院后办理。医保卡丢失请补办。报销材料要齐全。")
    add_page("住院指南", "出院时可办理医保报销。")

    assert titles(Page.objects.search("医保报销")) == ["住院指南", "报销须知"]


def test_query_boost_changes_the_ranking(add_page):
    add_page("康复训练", "康复训练协助。")
    add_page("心理支持", "心理支持陪伴。")
    query = PlainText("康复") | Boost(PlainText("心理"), 10)

    assert titles(Page.objects.search(query)) == ["心理支持", "康复训练"]


def test_results_can_be_sliced_counted_and_ordered_by_field(add_page):
    for title in ["丙 志愿服务", "甲 志愿服务", "乙 志愿服务"]:
        add_page(title, "志愿服务记录")
    results = Page.objects.order_by("title").search("志愿", order_by_relevance=False)

    assert results.count() == 3
    assert titles(results) == sorted(titles(results))
    assert len(results[1:3]) == 2
    assert titles(results[1:3]) == titles(results)[1:3]


def test_filters_of_the_queryset_apply(add_page):
    section = add_page("栏目", "栏目")
    add_page("院内须知", "探视须知", parent=section)
    add_page("院外须知", "探视须知")

    assert titles(Page.objects.descendant_of(section).search("探视")) == ["院内须知"]
    assert titles(Page.objects.filter(title="院外须知").search("探视")) == ["院外须知"]
    assert titles(Page.objects.type(HomePage).exclude(title="院外须知").search("探视")) == ["院内须知"]


def test_autocomplete_finds_a_title_from_its_first_characters(add_page):
    add_page("志愿者招募公告", "欢迎报名")

    assert titles(Page.objects.autocomplete("志愿")) == ["志愿者招募公告"]
    assert titles(Page.objects.autocomplete("志愿者招")) == ["志愿者招募公告"]


def test_snippet_style_model_search_honours_its_filters(db):
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    other = root.add_child(name="培训资料")
    Document.objects.create(title="志愿者服务协议", file="a.pdf", collection=root)
    Document.objects.create(title="志愿者培训手册", file="b.pdf", collection=other)

    assert sorted(d.title for d in Document.objects.search("志愿者")) == ["志愿者培训手册", "志愿者服务协议"]
    assert [d.title for d in Document.objects.filter(collection=other).search("志愿者")] == ["志愿者培训手册"]


def test_score_can_be_annotated(add_page):
    add_page("透析", "透析")

    result = Page.objects.search("透析").annotate_score("_score")[0]

    assert result._score > 0


def test_a_word_the_segmenter_splits_when_alone_is_found_inside_a_sentence(add_page):
    # rjieba cuts the query 报到 into 报 / 到, but the sentence into 护士 / 站 / 报到.
    add_page("导医岗位", "到岗后先向护士站报到,再领取工作牌。")
    add_page("探视须知", "病房探视时间为每天下午三点到八点。")

    assert titles(Page.objects.search("报到")) == ["导医岗位"]
    assert titles(Page.objects.live().search("护士站报到")) == ["导医岗位"]
    assert Page.objects.search("报到").count() == 1


def test_any_string_of_two_characters_on_the_page_is_found(add_page):
    add_page("导医岗位", "到岗后先向护士站报到,再领取工作牌。")

    for typed in ["士站", "站报", "后先向", "领取工", "工作牌"]:
        assert titles(Page.objects.search(typed)) == ["导医岗位"], typed


def test_word_matches_rank_before_string_only_matches(add_page):
    # 报到 is a word in the first page; in the second it is only the string 电子报 + 到期.
    add_page("电子报订阅", "电子报到期前会发提醒。")
    add_page("新志愿者报到", "新志愿者报到时请带身份证。")

    assert titles(Page.objects.search("报到")) == ["新志愿者报到", "电子报订阅"]


def test_a_counted_search_ranks_as_an_uncounted_one(add_page):
    # Counting first keeps the filtered matches, and the ranked tiers are then searched among them alone.
    section = add_page("栏目", "栏目")
    add_page("医保报销指南", "出院时可办理医保报销。", parent=section)
    add_page("报销须知", "医保卡请随身携带。费用报销在出院后办理。", parent=section)
    add_page("草稿 医保报销", "医保报销", parent=section, live=False)
    add_page("院外 医保报销", "医保报销")
    add_page("结算说明", "报销前请核对医保目录。", parent=section)

    uncounted = titles(Page.objects.live().descendant_of(section).search("医保报销"))
    counted = Page.objects.live().descendant_of(section).search("医保报销")

    assert counted.count() == 3
    assert titles(counted[:2]) == uncounted[:2]
    assert titles(counted) == uncounted == ["医保报销指南", "报销须知", "结算说明"]


@pytest.mark.whoosh_only
def test_matches_found_through_the_one_match_field_are_those_found_field_by_field(add_page):
    from wagtail.search.backends import get_search_backend

    add_page("医保报销指南", "出院时可办理医保报销。义工陪同。")
    add_page("导医岗位", "到岗后先向护士站报到。")
    add_page("心理支持", "陪伴 patients, 倾听 Family 的心声。")
    SynonymGroup.objects.create(terms="义工 = 志愿者 = 志愿服务人员")
    searcher = get_search_backend().store.searcher()
    for text in ["报到", "医保 报销", "志愿者", "FAMILY 倾听", "护士站", "不存在的词", '"医保报销"']:
        compiler = Page.objects.search(parse_query_string(text)[1]).query_compiler
        compiler.use_reader(searcher.reader())
        by_fields = set(searcher.docs_for_query(compiler.matching_query(match_field_serves=False)))
        by_one_field = set(searcher.docs_for_query(compiler.matching_query(match_field_serves=True)))
        assert by_one_field == by_fields, text
