"""Admin wiring of the knowledge base: the publication check before publishing, and its log entry label."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from .messages import blocked_message
from .publishing import publication_problems


@hooks.register("before_publish_page")
def check_before_publishing(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Stop the editor's "发布" (create and edit views) with a list of what to fix; the draft stays saved."""
    problems = publication_problems(page)
    if not problems:
        return None
    messages.error(request, blocked_message(page.title, problems))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action("kb.publish_blocked", _("发布被拦截"), _("定时发布被拦截:知情同意或去标识化核查未通过"))
