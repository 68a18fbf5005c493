"""The knowledge-base tree used by kb tests: home → 知识库 → four sections."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from kb.models import FAQIndexPage, GuideIndexPage, KnowledgeIndexPage, LawIndexPage, StoryIndexPage
from kb.workflow import ensure_publication_workflow


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted in Chinese; a request in English earlier in the thread must not leak into a test."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def kb_tree(home_page):
    knowledge = home_page.add_child(instance=KnowledgeIndexPage(title="知识库", slug="knowledge"))
    tree = SimpleNamespace(
        home=home_page,
        knowledge=knowledge,
        guides=knowledge.add_child(instance=GuideIndexPage(title="角色指南", slug="guides")),
        laws=knowledge.add_child(instance=LawIndexPage(title="法律法规", slug="laws")),
        faqs=knowledge.add_child(instance=FAQIndexPage(title="常见问题", slug="faq")),
        stories=knowledge.add_child(instance=StoryIndexPage(title="先进事迹", slug="stories")),
    )
    ensure_publication_workflow()
    return tree
