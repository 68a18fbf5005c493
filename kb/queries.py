"""What other apps may read from the knowledge base."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page

from .models import RoleGuidePage


def role_guide_pages() -> QuerySet[Page]:
    """Every role guide (岗位指南) in tree order, as plain pages, for choosers in other apps' editors."""
    return Page.objects.type(RoleGuidePage).order_by("path")
