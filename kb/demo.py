"""Demo content of the knowledge base, loaded by ``manage.py load_demo``; safe to run twice.

Pages are created as drafts and published through their revisions, so they pass the same consent and
de-identification checks as pages written in the admin. Existing pages (matched by slug) are left untouched.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import Page, Site

from . import demo_content as content
from .models import (
    FAQIndexPage,
    FAQPage,
    GuideIndexPage,
    HomePage,
    KnowledgeIndexPage,
    LawIndexPage,
    LawPage,
    RoleGuidePage,
    StoryConsent,
    StoryIndexPage,
    StoryPage,
)
from .search.demo import load_synonyms
from .workflow import ensure_publication_workflow

HOME_INTRO = (
    "<p>“双工联动”是医务社工与志愿者携手服务患者的工作模式:医务社工负责专业评估、个案服务和志愿者的培训督导,"
    "志愿者在社工的带领下提供导医陪诊、心理陪伴、康复训练协助等服务。</p>"
    "<p>双工学苑汇集岗位指南、法律法规、常见问题和先进事迹,并为新志愿者提供为期一个月的岗前培训与结业证书。</p>"
)
REVIEWED = date(2026, 11, 1)
CONSENT_FORM_TITLE = "示例知情同意书(虚构,仅供演示)"


@transaction.atomic
def load() -> HomePage:
    """Make a HomePage the root of the default site, then add the knowledge base under it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholders = root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page")
        for placeholder in placeholders:
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="双工学苑",
                slug="home",
                intro=HOME_INTRO,
                recruitment_call="加入我们,成为医院里温暖的一束光。",
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "双工学苑"},
    )
    ensure_publication_workflow()
    load_knowledge_base(home)
    load_synonyms()
    return home


def _publish(parent: Page, page: Page, consents: list[StoryConsent] | None = None) -> Page:
    """Add ``page`` as a draft and publish its revision, unless a page with its slug is already there."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    page.live = False
    if consents is not None:
        page.consents = consents
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_knowledge_base(home: HomePage) -> KnowledgeIndexPage:
    knowledge = _publish(home, KnowledgeIndexPage(title="知识库", slug="knowledge", intro=content.KNOWLEDGE_INTRO))
    section_types = {"guides": GuideIndexPage, "laws": LawIndexPage, "faq": FAQIndexPage, "stories": StoryIndexPage}
    sections = {}
    for slug, (title, intro) in content.SECTIONS.items():
        sections[slug] = _publish(knowledge, section_types[slug](title=title, slug=slug, intro=intro))
    _load_guides(sections["guides"])
    _load_laws(sections["laws"])
    _load_faqs(sections["faq"])
    _load_stories(sections["stories"])
    return knowledge


def _with_tags(page: Page, tags: list[str]) -> Page:
    page.tags.add(*tags)
    return page


def _load_guides(parent: GuideIndexPage) -> None:
    contact = get_user_model().objects.filter(username="socialworker").first()
    for slug, title, audience, summary, duties, boundaries, risks, training, tags, note in content.GUIDES:
        page = RoleGuidePage(
            title=title,
            slug=slug,
            audience=audience,
            summary=summary,
            duties=duties,
            boundaries=boundaries,
            risks=[("risk", {"risk": risk, "prevention": prevention}) for risk, prevention in risks],
            training=[("training", item) for item in training],
            contact=contact,
            contact_note=note,
            last_reviewed=REVIEWED,
            is_example=True,
        )
        _publish(parent, _with_tags(page, tags))
    guides = list(RoleGuidePage.objects.child_of(parent).order_by("path"))
    for position, guide in enumerate(guides):
        if not guide.related:
            neighbours = [guides[(position + offset) % len(guides)] for offset in (1, 2)]
            guide.related = [("page", neighbour) for neighbour in neighbours]
            guide.save_revision().publish()


def _load_laws(parent: LawIndexPage) -> None:
    for row in content.LAWS:
        slug, title, level, authority, number, issued, effective, status, summary, articles, notes, tags, _ = row
        page = LawPage(
            title=title,
            slug=slug,
            level=level,
            issuing_authority=authority,
            document_number=number,
            issue_date=issued,
            effective_date=effective,
            status=status,
            summary=summary,
            articles=[
                ("article", {"number": article_number, "heading": heading, "text": text})
                for article_number, heading, text in articles
            ],
            volunteer_notes=notes,
            last_reviewed=REVIEWED,
            is_example=True,
        )
        _publish(parent, _with_tags(page, tags))
    for row in content.LAWS:
        slug, replaced_by_slug = row[0], row[-1]
        if replaced_by_slug:
            law = LawPage.objects.child_of(parent).get(slug=slug)
            if law.replaced_by_id is None:
                law.replaced_by = LawPage.objects.child_of(parent).get(slug=replaced_by_slug)
                law.save_revision().publish()


def _load_faqs(parent: FAQIndexPage) -> None:
    for category, slug, title, summary, questions in content.FAQS:
        items = []
        for question, answer, *anchor in questions:
            items.append(("question", {"question": question, "answer": answer, "anchor": anchor[0] if anchor else ""}))
        page = FAQPage(
            title=title,
            slug=slug,
            category=category,
            summary=summary,
            questions=items,
            last_reviewed=REVIEWED,
            is_example=True,
        )
        _publish(parent, _with_tags(page, [title]))


def _consent_form() -> Document:
    document = Document.objects.filter(title=CONSENT_FORM_TITLE).first()
    if document is None:
        document = Document(title=CONSENT_FORM_TITLE)
        text = "知情同意书(示例)\n本文件为演示用的虚构同意书,不含任何真实个人信息。\n".encode()
        document.file.save("demo-consent-form.txt", ContentFile(text), save=True)
    return document


def _load_stories(parent: StoryIndexPage) -> None:
    for row in content.STORIES:
        slug, title, kind, identifiable, day, department, summary, paragraphs, quote, consents, tags, featured = row
        body = [("paragraph", "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))]
        if quote:
            body.append(("quote", {"quote": quote[0], "attribution": quote[1]}))
        records = [
            StoryConsent(
                consented_on=day,
                covers_publication=True,
                covers_photos=True,
                signed_form=_consent_form(),
                **record,
            )
            for record in consents
        ]
        page = StoryPage(
            title=title,
            slug=slug,
            featured_kind=kind,
            identifiable=identifiable,
            story_date=day,
            department=department,
            summary=summary,
            body=body,
            featured=featured,
            is_example=True,
        )
        _publish(parent, _with_tags(page, tags), consents=records)
