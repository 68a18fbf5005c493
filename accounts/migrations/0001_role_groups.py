"""Create the three role groups. Their permissions are applied by accounts.roles after every migrate."""

from django.db import migrations

ROLE_NAMES = ("志愿者", "医务社工", "协调员")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
