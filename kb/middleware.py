"""Turn a blocked publication anywhere in the admin (e.g. approving a workflow task) into a message, not a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.modal_workflow import render_modal_workflow

from .messages import blocked_message
from .publishing import PublicationBlocked


class PublicationBlockedMiddleware:
    """Workflow approval publishes inside Wagtail's own view, with no hook to refuse politely; the refusal
    (``PublicationBlocked``, raised by the page's ``publish``) rolls the approval back and lands here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PublicationBlocked):
            return None
        messages.error(request, blocked_message(exception.page_title, exception.problems))
        url = reverse("wagtailadmin_pages:edit", args=[exception.page_id]) if exception.page_id else "/admin/"
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": url})
        return redirect(url)
