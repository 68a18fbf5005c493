"""Each page type renders what a reader needs: anchors, filters, meta tags, JSON-LD, and nothing private."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kb.models import FAQPage, LawPage, RoleGuidePage, StoryPage

from .builders import add_draft, add_live, consent, faq, guide, law, story


def html_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_knowledge_index_lives_at_knowledge_and_lists_the_sections(client, kb_tree):
    assert kb_tree.knowledge.url == "/knowledge/"
    content = html_of(client, kb_tree.knowledge)
    for title in ("角色指南", "法律法规", "常见问题", "先进事迹"):
        assert title in content


def test_home_page_shows_sections_featured_story_recruitment_and_search(client, kb_tree):
    add_live(kb_tree.stories, story(title="深夜急诊室里的陪伴", featured=True), consents=[consent()])
    content = html_of(client, kb_tree.home)
    assert "深夜急诊室里的陪伴" in content
    assert 'href="/knowledge/guides/"' in content
    assert 'href="/join/"' in content
    assert re.search(r'<form[^>]*action="/search/"[^>]*method="get"', content)
    assert 'name="q"' in content


def test_law_articles_have_anchors_that_the_table_of_contents_links_to(client, kb_tree):
    page = add_live(kb_tree.laws, law())
    content = html_of(client, page)
    ids = re.findall(r'<section class="kb-law-article" id="([^"]+)"', content)
    assert ids == ["第二条", "第十九条"]
    toc = re.findall(r'<nav class="kb-toc.*?</nav>', content, re.S)[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ids


def test_law_with_duplicate_article_numbers_is_rejected(kb_tree):
    page = law(articles=[("article", {"number": 19, "heading": "", "text": "甲"})] * 2)
    page.live = False
    kb_tree.laws.add_child(instance=page)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "第十九条" in str(error.value)


def test_law_page_shows_status_and_links_to_the_replacing_law(client, kb_tree):
    current = add_live(kb_tree.laws, law(title="新条例"))
    old = add_live(kb_tree.laws, law(title="旧条例", status=LawPage.Status.REPEALED, replaced_by=current))
    content = html_of(client, old)
    assert "已废止" in content and f'href="{current.url}"' in content


def test_faq_answers_are_linkable_and_page_emits_faqpage_json_ld(client, kb_tree):
    page = add_live(kb_tree.faqs, faq())
    content = html_of(client, page)
    assert 'id="q1"' in content and 'id="remote"' in content
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = json.loads(raw)
    assert data["@type"] == "FAQPage"
    assert [item["name"] for item in data["mainEntity"]] == ["住院费用怎么报销?", "异地就医要备案吗?"]
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "出院时在医院直接结算。"


def test_faq_json_ld_cannot_break_out_of_its_script_tag(kb_tree):
    page = faq(questions=[("question", {"question": "</script><b>x", "answer": "<p>a</p>", "anchor": ""})])
    assert "</script>" not in page.json_ld()


def test_role_guide_shows_duties_boundaries_risks_and_last_review(client, kb_tree):
    page = add_live(
        kb_tree.guides,
        guide(
            risks=[("risk", {"risk": "患者跌倒", "prevention": "站在患者身侧。"})],
            last_reviewed=date(2026, 10, 8),
        ),
    )
    content = html_of(client, page)
    for text in ("工作职责", "不可以做的事", "不提供医疗建议", "患者跌倒", "2026年10月8日", "kb/print.css"):
        assert text in content


def test_story_page_never_shows_the_consent_record(client, kb_tree):
    page = add_live(kb_tree.stories, story(), consents=[consent(person_name="欧阳淑芬", covers_real_name=True)])
    content = html_of(client, page)
    assert "欧阳淑芬" not in content and "同意书" not in content


def test_pages_have_description_canonical_and_open_graph_meta(client, kb_tree):
    page = add_live(kb_tree.guides, guide(summary="在门诊大厅帮助患者找到科室。"))
    content = html_of(client, page)
    assert '<meta name="description" content="在门诊大厅帮助患者找到科室。">' in content
    assert f'<link rel="canonical" href="http://localhost{page.url}">' in content
    assert '<meta property="og:title"' in content and '<meta property="og:type" content="article">' in content


def test_breadcrumbs_lead_back_to_the_section(client, kb_tree):
    page = add_live(kb_tree.faqs, faq())
    content = html_of(client, page)
    crumbs = re.findall(r'<nav class="breadcrumbs".*?</nav>', content, re.S)[0]
    assert "/knowledge/" in crumbs and "/knowledge/faq/" in crumbs


def test_example_pages_are_marked_as_examples(client, kb_tree):
    page = add_live(kb_tree.faqs, faq(is_example=True))
    assert "本页为示例内容" in html_of(client, page)


def test_related_content_lists_only_live_pages(client, kb_tree):
    live_law = add_live(kb_tree.laws, law(title="志愿服务条例(相关)"))
    draft_law = add_draft(kb_tree.laws, law(title="尚未发布的条例"))
    page = add_live(kb_tree.guides, guide(related=[("page", live_law), ("page", draft_law)]))
    content = html_of(client, page)
    assert "志愿服务条例(相关)" in content and "尚未发布的条例" not in content


def test_section_index_filters_by_category_and_tag(client, kb_tree):
    insurance = faq(title="医保问题")
    insurance.tags.add("医保")
    add_live(kb_tree.faqs, insurance)
    add_live(kb_tree.faqs, faq(title="安全问题", category=FAQPage.Category.SAFETY))
    content = client.get(kb_tree.faqs.url, {"category": "safety"}).content.decode()
    assert "安全问题" in content and "医保问题" not in content
    content = client.get(kb_tree.faqs.url, {"tag": "医保"}).content.decode()
    assert "医保问题" in content and "安全问题" not in content


def test_section_index_paginates(client, kb_tree):
    for number in range(12):
        add_live(kb_tree.guides, guide(title=f"岗位{number:02d}"))
    first = client.get(kb_tree.guides.url).content.decode()
    second = client.get(kb_tree.guides.url, {"page": 2}).content.decode()
    assert "共 12 篇" in first and "岗位00" in first and "岗位11" not in first
    assert "岗位11" in second and 'rel="prev"' in second


def test_section_index_filters_guides_by_role_type(client, kb_tree):
    add_live(kb_tree.guides, guide(title="个案社工", audience=RoleGuidePage.Audience.SOCIAL_WORK))
    add_live(kb_tree.guides, guide(title="病房探访"))
    content = client.get(kb_tree.guides.url, {"audience": "social_work"}).content.decode()
    assert "个案社工" in content and "病房探访" not in content


@pytest.mark.parametrize("model_name", ["roleguidepage", "lawpage", "faqpage", "storypage"])
def test_every_page_type_has_an_admin_create_form(client, kb_tree, social_worker, model_name):
    parent = {"roleguidepage": kb_tree.guides, "lawpage": kb_tree.laws, "faqpage": kb_tree.faqs}.get(
        model_name, kb_tree.stories
    )
    client.force_login(social_worker)
    response = client.get(reverse("wagtailadmin_pages:add", args=["kb", model_name, parent.pk]))
    assert response.status_code == 200
    assert "发布前核查" in response.content.decode()


def test_story_admin_has_a_consent_tab(client, kb_tree, social_worker):
    client.force_login(social_worker)
    response = client.get(reverse("wagtailadmin_pages:add", args=["kb", "storypage", kb_tree.stories.pk]))
    content = response.content.decode()
    assert "知情同意" in content and "签字的同意书" in content and "监护人" in content


def test_preview_renders_a_draft_story(client, kb_tree, coordinator):
    page = add_draft(kb_tree.stories, story(title="预览中的故事"))
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200 and "预览中的故事" in response.content.decode()


def test_draft_pages_are_not_public(client, kb_tree):
    page = add_draft(kb_tree.guides, guide())
    assert client.get(f"/knowledge/guides/{page.slug}/").status_code == 404
    assert StoryPage.objects.live().count() == 0


def test_law_page_reads_in_english_when_english_is_chosen(client, kb_tree):
    page = add_live(kb_tree.laws, law())
    client.cookies["django_language"] = "en"
    content = html_of(client, page)
    assert "Issued by" in content and "Key articles" in content


def test_faq_with_duplicate_anchors_is_rejected(kb_tree):
    pair = {"question": "问", "answer": "<p>答</p>", "anchor": "same"}
    page = faq(questions=[("question", pair), ("question", pair)])
    page.live = False
    kb_tree.faqs.add_child(instance=page)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "same" in str(error.value)


def test_faq_card_does_not_repeat_a_category_that_is_its_title(client, kb_tree):
    """The FAQ list showed 「服务规范」 under the title 「服务规范」; the card says how many questions instead."""
    add_live(kb_tree.faqs, faq(title="医保与就医流程"))
    add_live(kb_tree.faqs, faq(title="安全问题", category=FAQPage.Category.SAFETY))
    content = client.get(kb_tree.faqs.url).content.decode()
    cards = content.split('class="card kb-entry"')[1:]
    insurance = next(card for card in cards if "医保与就医流程" in card)
    assert insurance.count("医保与就医流程") == 1 and "2 个问题" in insurance
    safety = next(card for card in cards if "安全问题" in card)
    assert "安全与风险" in safety and "2 个问题" in safety
