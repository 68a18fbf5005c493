"""The official calendar for 2026 and 2027 (public holidays and adjusted working days), from data/holidays_cn.yaml."""

from django.db import migrations


def load_holidays(apps, schema_editor):
    from roster.workdays import shipped_holidays

    Holiday = apps.get_model("roster", "Holiday")
    for day, kind, name in shipped_holidays():
        Holiday.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})


class Migration(migrations.Migration):
    dependencies = [("roster", "0003_volunteer_record_agreements_insurance_health")]

    operations = [migrations.RunPython(load_holidays, migrations.RunPython.noop)]
