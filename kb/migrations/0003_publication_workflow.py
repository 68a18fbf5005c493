"""Create the publication workflow (social worker submits, coordinator approves) and assign it to the whole tree."""

from django.db import migrations


def create_workflow(apps, schema_editor):
    from kb.workflow import ensure_publication_workflow

    ensure_publication_workflow(apps)


def remove_workflow(apps, schema_editor):
    from kb.workflow import WORKFLOW_NAME

    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0002_knowledge_base"),
        ("accounts", "0001_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
