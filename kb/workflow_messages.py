"""The approver is told what their workflow action did: 「《…》已审核通过并发布。」, 「已通过审核」, 「已退回修改」.

Wagtail's approve and reject (from the dashboard's review panel, the review modal or the page editor) change the
page without a word. Its ``task_approved``, ``task_rejected`` and ``workflow_approved`` signals carry no request,
so ``WorkflowConfirmationMiddleware`` collects what they report during the request and turns it into one success
message once the view has answered — and none when the action failed (a blocked publication rolls it back and
``kb.middleware.PublicationBlockedMiddleware`` shows the reason instead).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from wagtail.signals import task_approved, task_rejected, workflow_approved

_events: ContextVar[list[tuple[str, str]] | None] = ContextVar("kb_workflow_events", default=None)


def _title(workflow_state) -> str:
    content = workflow_state.content_object
    return getattr(content, "title", None) or str(content)


def _report(kind: str, workflow_state) -> None:
    events = _events.get()
    if events is not None:
        events.append((kind, _title(workflow_state)))


@receiver(task_approved, dispatch_uid="kb.task_approved_confirmation")
def on_task_approved(sender, instance, user, **kwargs) -> None:
    _report("approved", instance.workflow_state)


@receiver(task_rejected, dispatch_uid="kb.task_rejected_confirmation")
def on_task_rejected(sender, instance, user, **kwargs) -> None:
    _report("rejected", instance.workflow_state)


@receiver(workflow_approved, dispatch_uid="kb.workflow_approved_confirmation")
def on_workflow_approved(sender, instance, user, **kwargs) -> None:
    _report("published", instance)


def confirmation(events: list[tuple[str, str]]) -> str | None:
    """The one message for what happened, the most final outcome first."""
    by_kind = {kind: title for kind, title in events}
    if "published" in by_kind:
        return _("《%(title)s》已审核通过并发布。") % {"title": by_kind["published"]}
    if "approved" in by_kind:
        return _("已通过审核:《%(title)s》。") % {"title": by_kind["approved"]}
    if "rejected" in by_kind:
        return _("已退回修改:《%(title)s》,作者会收到通知。") % {"title": by_kind["rejected"]}
    return None


class WorkflowConfirmationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        events: list[tuple[str, str]] = []
        token = _events.set(events)
        try:
            response = self.get_response(request)
        finally:
            _events.reset(token)
        text = confirmation(events)
        if text and not getattr(request, "_kb_workflow_failed", False):
            messages.success(request, text)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        request._kb_workflow_failed = True  # type: ignore[attr-defined]
        return None
