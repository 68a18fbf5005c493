"""Fixtures for the certificates tests: a template, a course page and its issuing rule."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader
from wagtail.models import Page

from certificates.models import CertificateTemplate, IssuingRule, Signatory


@pytest.fixture(autouse=True)
def _fresh_cache_and_pdf_folder(settings, tmp_path):
    """Each test starts with an empty cache (rate limits) and its own folder of stored PDFs."""
    settings.CERTIFICATES_PDF_ROOT = tmp_path / "certificate-pdfs"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def template(db) -> CertificateTemplate:
    template = CertificateTemplate.objects.create(
        name="结业证书(测试)",
        kind=CertificateTemplate.Kind.COMPLETION,
        title="结业证书",
        body="{name} 同志于 {issued_on} 完成《{course}》学习,共计 {hours} 学时,考核合格,特发此证。",
        validity_months=24,
    )
    Signatory.objects.create(template=template, name="陈嘉宁", title="医务社工部主任")
    return template


@pytest.fixture
def course_page(home_page) -> Page:
    return home_page.add_child(instance=Page(title="志愿者岗前培训", slug="onboarding-course"))


@pytest.fixture
def other_course_page(home_page) -> Page:
    return home_page.add_child(instance=Page(title="心理支持进阶", slug="support-course"))


@pytest.fixture
def rule(template, course_page) -> IssuingRule:
    return IssuingRule.objects.create(
        template=template, course_page=course_page, hours=24, scope="工作职责\n风险预防\n心理支持"
    )


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))
