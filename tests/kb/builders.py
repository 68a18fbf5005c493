"""Small builders for knowledge-base pages in tests (not the demo content)."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page

from kb.models import FAQPage, LawPage, RoleGuidePage, StoryConsent, StoryPage

_serial = count(1)


def signed_form() -> Document:
    document = Document(title="签字的知情同意书")
    document.file.save("consent.txt", ContentFile(b"signed consent form"), save=True)
    return document


def consent(**fields) -> StoryConsent:
    values = {
        "person_name": "张秀英",
        "person_role": StoryConsent.Role.PATIENT,
        "consented_on": date(2026, 1, 5),
        "covers_publication": True,
        "signed_form": signed_form(),
    }
    values.update(fields)
    return StoryConsent(**values)


def story(**fields) -> StoryPage:
    number = next(_serial)
    values = {
        "title": f"陪诊路上的温暖{number}",
        "slug": f"story-{number}",
        "summary": "志愿者陪伴一位老人完成检查。",
        "featured_kind": StoryPage.FeaturedKind.PATIENT,
        "story_date": date(2026, 1, 10),
        "body": [("paragraph", "<p>一位老人独自来医院复查。</p><p>志愿者陪她做完了所有检查。</p>")],
    }
    values.update(fields)
    return StoryPage(**values)


def guide(**fields) -> RoleGuidePage:
    number = next(_serial)
    values = {
        "title": f"导医陪诊{number}",
        "slug": f"guide-{number}",
        "summary": "在门诊大厅帮助患者找到科室。",
        "duties": "<p>引导患者挂号、缴费、检查。</p>",
        "boundaries": "<p>不提供医疗建议。</p>",
    }
    values.update(fields)
    return RoleGuidePage(**values)


def law(**fields) -> LawPage:
    number = next(_serial)
    values = {
        "title": f"志愿服务条例{number}",
        "slug": f"law-{number}",
        "summary": "规范志愿服务,保障志愿者权益。",
        "issuing_authority": "国务院",
        "document_number": "国务院令第685号",
        "issue_date": date(2017, 8, 22),
        "effective_date": date(2017, 12, 1),
        "articles": [
            ("article", {"number": 2, "heading": "适用范围", "text": "本条例适用于在境内开展的志愿服务。"}),
            ("article", {"number": 19, "heading": "服务记录", "text": "志愿服务组织应当如实记录服务情况。"}),
        ],
    }
    values.update(fields)
    return LawPage(**values)


def faq(**fields) -> FAQPage:
    number = next(_serial)
    values = {
        "title": f"医保报销常见问题{number}",
        "slug": f"faq-{number}",
        "summary": "住院费用怎样报销。",
        "category": FAQPage.Category.INSURANCE,
        "questions": [
            ("question", {"question": "住院费用怎么报销?", "answer": "<p>出院时在医院直接结算。</p>", "anchor": ""}),
            ("question", {"question": "异地就医要备案吗?", "answer": "<p>需要先备案。</p>", "anchor": "remote"}),
        ],
    }
    values.update(fields)
    return FAQPage(**values)


def add_draft(parent: Page, page: Page, consents: list[StoryConsent] | None = None) -> Page:
    """Add ``page`` under ``parent`` as an unpublished draft with one saved revision."""
    page.live = False
    if consents is not None:
        page.consents = consents
    parent.add_child(instance=page)
    page.save_revision()
    return page


def add_live(parent: Page, page: Page, consents: list[StoryConsent] | None = None) -> Page:
    """Add ``page`` as a draft, then publish its revision the way Wagtail does."""
    add_draft(parent, page, consents)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page
