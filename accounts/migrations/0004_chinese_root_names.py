"""Wagtail's migrations name the root page and the root collection "Root"; the admin shows both as titles."""

from __future__ import annotations

from django.db import migrations

ROOT = "根目录"


def name_roots_in_chinese(apps, schema_editor) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT, draft_title=ROOT)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT)


def name_roots_in_english(apps, schema_editor) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_number_counter"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_roots_in_chinese, name_roots_in_english)]
