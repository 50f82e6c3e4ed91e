"""Birth dates already in the audit trail cut to their year and month, as new entries store them
(congress.idnumbers.mask_for_audit): the history pages showed the full date beside a masked ID
number. Nothing to undo: the day is gone, as intended."""

import re

from django.db import migrations

PEOPLE = [("deputies", "deputy"), ("elections", "voter"), ("elections", "candidate")]
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _masked(value):
    return value[:7] if isinstance(value, str) and FULL_DATE.fullmatch(value) else value


def mask_birth_dates(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    types = [
        ct.pk
        for app_label, model in PEOPLE
        for ct in ContentType.objects.filter(app_label=app_label, model=model)
    ]
    entries = LogEntry.objects.filter(content_type__in=types, changes__has_key="birth_date")
    for entry in entries.iterator():
        values = entry.changes["birth_date"]
        if isinstance(values, list):
            entry.changes["birth_date"] = [_masked(v) for v in values]
            entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("elections", "0004_congress_elections"),
    ]

    operations = [migrations.RunPython(mask_birth_dates, migrations.RunPython.noop)]
