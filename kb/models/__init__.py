"""Knowledge-base models, one module per topic, re-exported here."""

from .base import KnowledgePage, PublicationCheckedMixin, SitePageMixin
from .faqs import FAQPage, FAQTag
from .guides import RoleGuidePage, RoleGuideTag
from .home import HomePage
from .indexes import FAQIndexPage, GuideIndexPage, KnowledgeIndexPage, LawIndexPage, SectionIndexPage, StoryIndexPage
from .laws import LawPage, LawTag
from .search import SearchEntry, SynonymGroup
from .stories import StoryConsent, StoryPage, StoryTag

__all__ = [
    "FAQIndexPage",
    "FAQPage",
    "FAQTag",
    "GuideIndexPage",
    "HomePage",
    "KnowledgeIndexPage",
    "KnowledgePage",
    "LawIndexPage",
    "LawPage",
    "LawTag",
    "PublicationCheckedMixin",
    "RoleGuidePage",
    "RoleGuideTag",
    "SectionIndexPage",
    "SitePageMixin",
    "StoryConsent",
    "StoryIndexPage",
    "StoryPage",
    "StoryTag",
    "SearchEntry",
    "SynonymGroup",
]
