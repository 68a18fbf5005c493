"""The publication workflow: a social worker submits, a coordinator approves, for every page of the site.

One workflow for guides, laws, FAQs and stories alike: all of them are public, so all of them get a second pair of
eyes; stories are additionally held back by the consent rule in ``kb/publishing.py`` whatever the workflow says.
Created by a data migration and re-created by ``kb.demo.load`` (tests that flush tables remove it).
"""

from __future__ import annotations

from django.apps import apps as global_apps

WORKFLOW_NAME = "知识库发布审核"
TASK_NAME = "协调员审核"
APPROVER_GROUP = "协调员"


def ensure_publication_workflow(apps=global_apps):
    """Create (once) the coordinator-approval workflow and assign it to the root page, so it covers the whole tree.

    Works with the real app registry and with a migration's historical one.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return None
    approvers, _created = Group.objects.get_or_create(name=APPROVER_GROUP)
    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([approvers])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
