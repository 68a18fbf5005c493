"""Certificate serials now come from the shared counter in accounts.numbering: carry each year's last serial over, then drop the old counter."""

from django.db import migrations

KEY = "certificate"


def forwards(apps, schema_editor):
    SerialCounter = apps.get_model("certificates", "SerialCounter")
    NumberCounter = apps.get_model("accounts", "NumberCounter")
    for counter in SerialCounter.objects.all():
        shared, _created = NumberCounter.objects.get_or_create(key=KEY, year=counter.year)
        if shared.last < counter.last:
            shared.last = counter.last
            shared.save(update_fields=["last"])


def backwards(apps, schema_editor):
    SerialCounter = apps.get_model("certificates", "SerialCounter")
    NumberCounter = apps.get_model("accounts", "NumberCounter")
    for shared in NumberCounter.objects.filter(key=KEY):
        SerialCounter.objects.update_or_create(year=shared.year, defaults={"last": shared.last})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_number_counter"),
        ("certificates", "0002_programme_rules_and_quiz_passed"),
    ]

    operations = [migrations.RunPython(forwards, backwards), migrations.DeleteModel(name="SerialCounter")]
