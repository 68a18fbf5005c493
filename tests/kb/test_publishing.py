"""Stories about patients need consent, and no page goes live with personal identifiers — on every publishing path."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from kb.models import StoryPage
from kb.publishing import PublicationBlocked, deidentification_findings
from kb.workflow import WORKFLOW_NAME

from .builders import add_draft, add_live, consent, guide, story


def is_live(page: Page) -> bool:
    return Page.objects.get(pk=page.pk).live


def story_form(page: StoryPage, consents: list[dict] | None = None, **overrides) -> dict:
    """The edit form of a story as the admin would post it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "featured_kind": page.featured_kind,
        "identifiable": "on" if page.identifiable else "",
        "story_date": page.story_date.isoformat(),
        "department": page.department,
        "body": streamfield([("paragraph", rich_text("<p>一位老人独自来医院复查。</p>"))]),
        "tags": "",
        "related": streamfield([]),
        "last_reviewed": "",
        "consents": inline_formset(consents or []),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def consent_form(signed_form_id: int, **overrides) -> dict:
    data = {
        "person_name": "张秀英",
        "person_role": "patient",
        "consented_on": "2026-01-05",
        "covers_publication": "on",
        "names_to_withhold": "",
        "signed_form": signed_form_id,
        "expires_on": "",
        "withdrawn_on": "",
        "guardian_name": "",
        "guardian_relationship": "",
        "guardian_consented_on": "",
    }
    data.update(overrides)
    return data


# Programmatic publishing (revision.publish(), add_child with live=True)


def test_story_featuring_a_patient_without_consent_cannot_be_published_programmatically(kb_tree):
    page = add_draft(kb_tree.stories, story())
    with pytest.raises(PublicationBlocked) as blocked:
        page.get_latest_revision().publish()
    assert "知情同意" in blocked.value.problems[0]
    assert not is_live(page)


def test_story_created_live_in_code_without_consent_is_kept_as_a_draft(kb_tree):
    page = kb_tree.stories.add_child(instance=story())
    assert not is_live(page)
    assert StoryPage.objects.get(pk=page.pk).has_unpublished_changes


def test_story_that_fails_the_check_is_not_live_in_the_database_at_any_point(kb_tree):
    page = add_live(kb_tree.stories, story(), consents=[consent()])
    page.consents = []
    with pytest.raises(PublicationBlocked):
        page.save()
    assert StoryPage.objects.get(pk=page.pk).consents.exists()


def test_story_with_a_signed_consent_covering_publication_is_published(kb_tree):
    page = add_live(kb_tree.stories, story(), consents=[consent()])
    assert page.live


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"covers_publication": False}, "未同意在本网站公开发表"),
        ({"signed_form": None}, "未上传签字的同意书"),
        ({"withdrawn_on": date(2026, 2, 1)}, "撤回"),
        ({"expires_on": date(2026, 2, 1)}, "过期"),
        ({"is_minor": True}, "监护人"),
    ],
)
def test_consent_that_does_not_cover_publication_blocks_it(kb_tree, fields, reason):
    page = add_draft(kb_tree.stories, story(), consents=[consent(**fields)])
    with pytest.raises(PublicationBlocked) as blocked:
        page.get_latest_revision().publish()
    assert any(reason in problem for problem in blocked.value.problems)
    assert not is_live(page)


def test_minor_with_a_guardians_consent_is_published(kb_tree):
    guardian = {"guardian_name": "李建国", "guardian_relationship": "父亲", "guardian_consented_on": date(2026, 1, 5)}
    page = add_live(kb_tree.stories, story(), consents=[consent(is_minor=True, **guardian)])
    assert page.live


def test_story_about_an_unidentifiable_team_needs_no_consent(kb_tree):
    page = add_live(kb_tree.stories, story(featured_kind=StoryPage.FeaturedKind.TEAM, identifiable=False))
    assert page.live


def test_story_about_a_patient_needs_consent_even_when_marked_unidentifiable(kb_tree):
    page = add_draft(kb_tree.stories, story(identifiable=False))
    with pytest.raises(PublicationBlocked):
        page.get_latest_revision().publish()


def test_name_withheld_by_the_consent_record_blocks_publication(kb_tree):
    body = [("paragraph", "<p>开头。</p><p>王桂兰阿姨说,谢谢你们。</p>")]
    page = add_draft(kb_tree.stories, story(body=body), consents=[consent(names_to_withhold="王桂兰、李强")])
    with pytest.raises(PublicationBlocked) as blocked:
        page.get_latest_revision().publish()
    assert any("王桂兰" in problem and "第2段" in problem for problem in blocked.value.problems)


def test_consenting_persons_own_name_may_not_appear_without_real_name_consent(kb_tree):
    body = [("paragraph", "<p>张秀英今年七十岁。</p>")]
    page = add_draft(kb_tree.stories, story(body=body), consents=[consent()])
    with pytest.raises(PublicationBlocked):
        page.get_latest_revision().publish()
    page.consents = [consent(covers_real_name=True)]
    page.save_revision().publish()
    assert is_live(page)


def test_id_number_in_a_guide_blocks_publication_and_says_where(kb_tree):
    page = add_draft(kb_tree.guides, guide(duties="<p>第一段。</p><p>登记患者身份证11010519491231002X。</p>"))
    with pytest.raises(PublicationBlocked) as blocked:
        page.get_latest_revision().publish()
    (problem,) = blocked.value.problems
    assert "工作职责 › 第2段" in problem and "身份证号" in problem and "11010519491231002X" in problem


def test_phone_number_hidden_in_a_link_target_is_found(kb_tree):
    page = guide(duties='<p>有事请<a href="tel:13800138000">打电话给家属</a>。</p>')
    (finding,) = deidentification_findings(page)
    assert finding.text == "13800138000" and finding.where == "工作职责"


def test_finding_in_a_stream_block_names_the_block(kb_tree):
    page = story(body=[("quote", {"quote": "有事打我电话13800138000", "attribution": "家属"})])
    (finding,) = deidentification_findings(page)
    assert finding.where == "正文 › 第1块「引语」 › 引语"


def test_law_article_numbers_and_dates_publish_without_findings(kb_tree):
    from .builders import law

    page = add_live(kb_tree.laws, law())
    assert page.live


# The admin's publish button


def test_admin_publish_of_a_story_without_consent_is_refused_with_the_reason(client, kb_tree, coordinator):
    page = add_draft(kb_tree.stories, story())
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), story_form(page, **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    assert not is_live(page)
    followed = client.get(response["Location"])
    assert "未发布" in followed.content.decode() and "知情同意" in followed.content.decode()


def test_admin_publish_with_a_mobile_number_shows_what_and_where(client, kb_tree, coordinator):
    page = add_draft(kb_tree.stories, story(), consents=[consent()])
    client.force_login(coordinator)
    data = story_form(
        page,
        consents=[consent_form(page.consents.first().signed_form_id)],
        body=streamfield([("paragraph", rich_text("<p>家属电话13800138000</p>"))]),
        **{"action-publish": "action-publish"},
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    content = response.content.decode()
    assert not is_live(page)
    assert "手机号" in content and "13800138000" in content and "正文 › 第1块「段落」" in content


def test_admin_publish_of_a_story_with_consent_goes_live(client, kb_tree, coordinator):
    page = add_draft(kb_tree.stories, story(), consents=[consent()])
    client.force_login(coordinator)
    data = story_form(
        page, consents=[consent_form(page.consents.first().signed_form_id)], **{"action-publish": "action-publish"}
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert is_live(page)


def test_edit_form_shows_the_publication_check_before_publishing(client, kb_tree, social_worker):
    page = add_draft(kb_tree.stories, story())
    client.force_login(social_worker)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "发布前核查" in content and "当前版本不能发布" in content


# The workflow: a social worker submits, a coordinator approves


def test_workflow_from_the_migration_covers_every_page_and_is_approved_by_coordinators(kb_tree):
    workflow_page = WorkflowPage.objects.get(page__depth=1)
    assert workflow_page.workflow.name == WORKFLOW_NAME
    (task,) = [task.specific for task in workflow_page.workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == ["协调员"]
    page = add_draft(kb_tree.faqs, __import__("tests.kb.builders", fromlist=["faq"]).faq())
    assert page.get_workflow() == workflow_page.workflow


def submit_and_approve(client, page, social_worker, coordinator, consents=None):
    client.force_login(social_worker)
    data = story_form(page, consents=consents, **{"action-submit": "action-submit"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(coordinator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    return client.post(url, {"comment": ""}, follow=True), state


def test_workflow_approval_of_a_story_without_consent_does_not_publish(client, kb_tree, social_worker, coordinator):
    page = add_draft(kb_tree.stories, story())
    response, state = submit_and_approve(client, page, social_worker, coordinator)
    assert response.status_code == 200
    assert "知情同意" in response.content.decode()
    assert not is_live(page)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_workflow_approval_of_a_story_with_consent_publishes(client, kb_tree, social_worker, coordinator):
    page = add_draft(kb_tree.stories, story(), consents=[consent()])
    consents = [consent_form(page.consents.first().signed_form_id)]
    response, state = submit_and_approve(client, page, social_worker, coordinator, consents=consents)
    assert response.status_code == 200
    assert is_live(page)


def test_social_worker_cannot_publish_directly(client, kb_tree, social_worker):
    page = add_draft(kb_tree.stories, story(), consents=[consent()])
    client.force_login(social_worker)
    data = story_form(
        page, consents=[consent_form(page.consents.first().signed_form_id)], **{"action-publish": "action-publish"}
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert not is_live(page)


# Scheduled publishing


def schedule(page: Page) -> Revision:
    revision = page.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    return revision


def test_scheduled_publishing_of_a_story_without_consent_is_blocked(kb_tree):
    blocked = add_draft(kb_tree.stories, story())
    fine = add_draft(kb_tree.stories, story(), consents=[consent()])
    schedule(blocked)
    schedule(fine)
    call_command("publish_scheduled", verbosity=0)
    assert not is_live(blocked)
    assert is_live(fine)
    assert Revision.objects.get(pk=blocked.get_latest_revision().pk).approved_go_live_at is None
    assert PageLogEntry.objects.filter(page=blocked, action="kb.publish_blocked").exists()


def test_scheduled_publishing_is_blocked_when_consent_expired_in_the_meantime(kb_tree):
    expires = timezone.localdate() - timedelta(days=1)
    page = add_draft(kb_tree.stories, story(), consents=[consent(expires_on=expires)])
    schedule(page)
    call_command("publish_scheduled", verbosity=0)
    assert not is_live(page)


def test_scheduling_a_story_without_consent_is_refused_at_once(kb_tree):
    page = add_draft(kb_tree.stories, story(go_live_at=timezone.now() + timedelta(days=1)))
    with pytest.raises(PublicationBlocked):
        page.get_latest_revision().publish()
    assert page.get_latest_revision().approved_go_live_at is None


# The admin API's publish action (PublishPageRevisionAction, not Page.publish)


def test_admin_api_publish_of_a_story_without_consent_is_refused(client, kb_tree, coordinator):
    page = add_draft(kb_tree.stories, story())
    client.force_login(coordinator)
    response = client.post(f"/admin/api/main/pages/{page.pk}/action/publish/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "知情同意" in response.content.decode()
    assert not is_live(page)


def test_direct_publish_action_is_refused_too(kb_tree):
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    page = add_draft(kb_tree.guides, guide(boundaries="<p>家属手机 13912345678</p>"))
    with pytest.raises(PublicationBlocked):
        PublishPageRevisionAction(page.get_latest_revision()).execute(skip_permission_checks=True)
    assert not is_live(page)


def test_approval_from_the_review_modal_answers_the_modal_and_does_not_publish(
    client, kb_tree, social_worker, coordinator
):
    page = add_draft(kb_tree.stories, story())
    client.force_login(social_worker)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), story_form(page, **{"action-submit": "1"}))
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(coordinator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    response = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.json()["redirect"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not is_live(page)


def test_approval_while_editing_does_not_publish_a_story_without_consent(client, kb_tree, social_worker, coordinator):
    page = add_draft(kb_tree.stories, story())
    client.force_login(social_worker)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), story_form(page, **{"action-submit": "1"}))
    client.force_login(coordinator)
    data = story_form(page, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert not is_live(page)
    assert "知情同意" in response.content.decode()
