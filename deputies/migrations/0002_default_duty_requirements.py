"""A default set of duty minimums of the "十个一" kind; the secretary edits them in the back
office. Metrics are those of deputies.selectors.duty_metrics().

Left out for now: "每年至少提出一件高质量建议" (suggestions a year), which can be counted only
once the proposals app records suggestions."""

from django.db import migrations

DEFAULTS = [
    # (order, name, metric, minimum, period)
    (10, "每年至少出席一次人代会", "sessions", 1, "year"),
    (20, "每年至少接待选民一次", "activity:reception", 1, "year"),
    (30, "每月至少走访联系选民一次", "voter_contacts", 1, "month"),
    (40, "每半年至少参加一次培训学习", "activity:training", 1, "half"),
    (50, "每年至少参加一次视察", "activity:inspection", 1, "year"),
    (60, "每年至少向选民述职一次", "activity:report_back", 1, "year"),
]


def create_defaults(apps, schema_editor):
    DutyRequirement = apps.get_model("deputies", "DutyRequirement")
    for order, name, metric, minimum, period in DEFAULTS:
        DutyRequirement.objects.get_or_create(
            name=name,
            defaults={"metric": metric, "minimum": minimum, "period": period, "order": order},
        )


def remove_defaults(apps, schema_editor):
    DutyRequirement = apps.get_model("deputies", "DutyRequirement")
    DutyRequirement.objects.filter(name__in=[row[1] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("deputies", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
