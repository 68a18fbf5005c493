"""The coordinator who approves or rejects a page in the workflow is told what happened; a blocked approval is
told only why it was blocked."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import WorkflowState

from .builders import add_draft, consent, story
from .test_publishing import consent_form, is_live, story_form, submit_and_approve


def test_approving_a_story_with_consent_confirms_it_was_published(client, kb_tree, social_worker, coordinator):
    page = add_draft(kb_tree.stories, story(), consents=[consent()])
    consents = [consent_form(page.consents.first().signed_form_id)]
    response, _state = submit_and_approve(client, page, social_worker, coordinator, consents=consents)
    assert is_live(page)
    assert f"《{page.title}》已审核通过并发布。" in response.content.decode()


def test_a_blocked_approval_shows_the_reason_and_no_confirmation(client, kb_tree, social_worker, coordinator):
    page = add_draft(kb_tree.stories, story())
    response, _state = submit_and_approve(client, page, social_worker, coordinator)
    html = response.content.decode()
    assert "知情同意" in html
    assert "已审核通过" not in html and "已通过审核" not in html


def test_rejecting_a_page_confirms_it_went_back_to_the_author(client, kb_tree, social_worker, coordinator):
    page = add_draft(kb_tree.stories, story())
    client.force_login(social_worker)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), story_form(page, **{"action-submit": "1"}))
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(coordinator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk])
    response = client.post(url, {"comment": "请补充知情同意书"}, follow=True)
    assert f"已退回修改:《{page.title}》" in response.content.decode()
