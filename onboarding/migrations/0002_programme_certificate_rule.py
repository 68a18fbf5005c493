import django.db.models.deletion
from django.db import migrations, models


def template_to_rule(apps, schema_editor):
    """Each programme's certificate template and hours become an issuing rule of its own; certificates already
    issued to its members are attached to that rule, so nobody gets a second one."""
    Programme = apps.get_model("onboarding", "Programme")
    Membership = apps.get_model("onboarding", "Membership")
    IssuingRule = apps.get_model("certificates", "IssuingRule")
    Certificate = apps.get_model("certificates", "Certificate")
    for programme in Programme.objects.exclude(certificate_template=None):
        rule = IssuingRule.objects.create(
            template_id=programme.certificate_template_id,
            trigger="programme_completed",
            title=programme.name,
            hours=programme.certificate_hours,
        )
        programme.certificate_rule = rule
        programme.save(update_fields=["certificate_rule"])
        issued = Membership.objects.filter(cohort__programme=programme).exclude(certificate=None)
        Certificate.objects.filter(pk__in=issued.values("certificate_id"), rule=None).update(rule=rule)


def rule_to_template(apps, schema_editor):
    Programme = apps.get_model("onboarding", "Programme")
    for programme in Programme.objects.exclude(certificate_rule=None).select_related("certificate_rule"):
        programme.certificate_template_id = programme.certificate_rule.template_id
        programme.certificate_hours = programme.certificate_rule.hours
        programme.save(update_fields=["certificate_template", "certificate_hours"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_programme_rules_and_quiz_passed"),
        ("onboarding", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="certificate_rule",
            field=models.ForeignKey(
                blank=True,
                help_text="全部必修步骤完成后按此规则颁发(证书模板、学时、有效期);留空则不颁发证书。",
                limit_choices_to={"trigger": "programme_completed"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="certificates.issuingrule",
                verbose_name="结业证书颁发规则",
            ),
        ),
        migrations.RunPython(template_to_rule, rule_to_template),
        migrations.RemoveField(model_name="programme", name="certificate_hours"),
        migrations.RemoveField(model_name="programme", name="certificate_template"),
    ]
