"""A social worker writes a page in the admin and submits it; a coordinator approves it and it is live."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from kb.models import LawPage


def law_form(**overrides) -> dict:
    data = {
        "title": "志愿服务条例",
        "slug": "volunteer-regulations",
        "issuing_authority": "国务院",
        "document_number": "国务院令第685号",
        "level": "administrative",
        "issue_date": "2017-08-22",
        "effective_date": "2017-12-01",
        "status": "current",
        "replaced_by": "",
        "summary": "规范志愿服务。",
        "articles": streamfield([("article", {"number": 19, "heading": "服务记录", "text": "如实记录服务情况。"})]),
        "volunteer_notes": rich_text("<p>服务时长要如实记录。</p>"),
        "tags": "志愿服务",
        "related": streamfield([]),
        "last_reviewed": "2026-11-01",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_social_worker_creates_and_submits_a_law_and_coordinator_approves_it(
    client, kb_tree, social_worker, coordinator
):
    client.force_login(social_worker)
    url = reverse("wagtailadmin_pages:add", args=["kb", "lawpage", kb_tree.laws.pk])
    response = client.post(url, law_form(**{"action-submit": "action-submit"}))
    assert response.status_code == 302
    page = LawPage.objects.get(slug="volunteer-regulations")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)

    client.force_login(coordinator)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert "第十九条" in preview.content.decode()
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    client.post(approve, {"comment": "内容准确"})
    page.refresh_from_db()
    assert page.live
    assert 'id="第十九条"' in client.get(page.url).content.decode()


def test_coordinator_cannot_publish_a_new_law_with_a_mobile_number(client, kb_tree, coordinator):
    client.force_login(coordinator)
    url = reverse("wagtailadmin_pages:add", args=["kb", "lawpage", kb_tree.laws.pk])
    data = law_form(summary="咨询请拨 13800138000", **{"action-publish": "action-publish"})
    response = client.post(url, data, follow=True)
    page = LawPage.objects.get(slug="volunteer-regulations")
    assert not page.live
    assert "未发布" in response.content.decode()
    assert "「摘要」中发现手机号“13800138000”" in response.content.decode()
