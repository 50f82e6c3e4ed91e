"""Reads of the congress body, shaped for pages and reports."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as dt_time

from auditlog.models import LogEntry as AuditEntry
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress import idnumbers
from congress.models import (
    SESSIONS_PER_YEAR_MINIMUM,
    SESSIONS_PER_YEAR_USUAL,
    Job,
    PresidiumMeeting,
    PresidiumMember,
    Session,
    Term,
    TownshipProfile,
)


def deputies_seated(day, time=None):
    """实有代表数 at that moment (the start of `day` without a time), counted from the roster.
    The roster lives in an app above this one, which names its count in its AppConfig
    (`seated_counter`), as apps name their demo seeders; None when no app keeps a roster."""
    for config in apps.get_app_configs():
        if hasattr(config, "seated_counter"):
            return import_string(config.seated_counter)(day, time or dt_time.min)
    return None


def township_profile():
    """The township's profile, or None before the office has filled it in."""
    return TownshipProfile.objects.filter(pk=1).first()


def township_name():
    """The township's name (青山镇) as official text writes it; "" before the profile is filled."""
    profile = TownshipProfile.objects.filter(pk=1).only("name").first()
    return profile.name if profile else ""


def current_term(day=None):
    """The term in force on `day` (today by default), else the latest one."""
    day = day or timezone.localdate()
    terms = Term.objects.order_by("-start_date")
    return terms.filter(start_date__lte=day).first() or terms.first()


def sessions_list(*, term=None, year=None):
    sessions = Session.objects.select_related("term")
    if term:
        sessions = sessions.filter(term=term)
    if year:
        sessions = sessions.filter(start_date__year=year)
    return sessions


def meetings_list(*, term=None, year=None):
    meetings = PresidiumMeeting.objects.select_related("term").prefetch_related("attendees")
    if term:
        meetings = meetings.filter(term=term)
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings


def presidium_members(*, term):
    return PresidiumMember.objects.filter(term=term).select_related("user")


def next_number(queryset):
    """The number after the highest one in `queryset` (sessions or meetings of one term)."""
    highest = queryset.order_by("-number").values_list("number", flat=True).first()
    return (highest or 0) + 1


@dataclass(frozen=True)
class YearSessionsStatus:
    year: int
    held: int
    scheduled: int
    level: str  # "error" below the legal minimum, "warning" below the usual number, else "ok"
    message: str


def year_sessions_status(year=None):
    """Whether the year has the sessions the law requires (one) and townships usually hold (two)."""
    today = timezone.localdate()
    year = year or today.year
    dates = list(Session.objects.filter(start_date__year=year).values_list("start_date", flat=True))
    held = sum(1 for d in dates if d <= today)
    scheduled = len(dates) - held
    if len(dates) < SESSIONS_PER_YEAR_MINIMUM:
        level = "error"
        message = _(
            "No session of the congress is held or scheduled in %(year)s. The law requires at "
            "least one session a year; townships generally hold two."
        ) % {"year": year}
    elif len(dates) < SESSIONS_PER_YEAR_USUAL:
        level = "warning"
        message = _(
            "Only one session is held or scheduled in %(year)s; townships generally hold two a year."
        ) % {"year": year}
    else:
        level = "ok"
        message = _("%(year)s: %(held)s session(s) held, %(scheduled)s scheduled.") % {
            "year": year,
            "held": held,
            "scheduled": scheduled,
        }
    return YearSessionsStatus(year, held, scheduled, level, message)


def jobs_visible_to(user):
    """A user's own jobs; with congress.view_job (the secretary) every job, the daily ones too."""
    jobs = Job.objects.all()
    return jobs if user.has_perm("congress.view_job") else jobs.filter(started_by=user)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the field's verbose name
    old: str
    new: str
    note: str = ""  # a many-to-many change: "added 张三、李四" instead of old -> new


@dataclass(frozen=True)
class RecordChange:
    at: datetime
    actor: str
    action: str  # "create", "update" or "delete"
    action_label: str
    fields: list


EMPTY_VALUE = "—"
AUDIT_ACTIONS = {
    AuditEntry.Action.CREATE: "create",
    AuditEntry.Action.UPDATE: "update",
    AuditEntry.Action.DELETE: "delete",
}


def changes_visible_to(user, obj):
    """Whether `user` sees a record's change history on its page: the staff who may edit that
    kind of record (not deputies, units or the public)."""
    opts = obj._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def changes_for(obj, limit=10):
    """The audit trail of `obj`, newest first (`limit` entries, None for all): when, who, and
    each field changed from what to what, as the pages write them: the field's name, choices
    by their label, related records by name, dates in Chinese, ID numbers masked as stored."""
    entries = (
        AuditEntry.objects.get_for_object(obj)
        .exclude(action=AuditEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    entries = list(entries[:limit] if limit else entries)
    model = type(obj)
    related = _related_names(model, entries)
    labels = {
        "create": pgettext("audit", "created"),
        "update": pgettext("audit", "changed"),
        "delete": pgettext("audit", "deleted"),
    }
    return [
        RecordChange(
            at=entry.timestamp,
            actor=str(entry.actor) if entry.actor else _("system"),
            action=AUDIT_ACTIONS[entry.action],
            action_label=labels[AUDIT_ACTIONS[entry.action]],
            fields=_field_changes(model, entry.changes_dict, related),
        )
        for entry in entries
    ]


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None  # a field since removed: shown by its name


def _related_names(model, entries):
    """{(related model, stored pk): name} for every foreign key value in `entries`, one query
    per related model."""
    wanted = defaultdict(set)
    for entry in entries:
        for name, values in entry.changes_dict.items():
            field = _model_field(model, name)
            if field is None or not (field.many_to_one or field.one_to_one):
                continue
            if isinstance(values, list):
                wanted[field.related_model].update(v for v in values if v not in (None, "None"))
    names = {}
    for related_model, stored in wanted.items():
        pks = {}
        for value in stored:
            try:
                pks[related_model._meta.pk.to_python(value)] = value
            except ValidationError:
                continue
        for pk, row in related_model._default_manager.in_bulk(list(pks)).items():
            names[(related_model, pks[pk])] = str(row)
    return names


def _field_changes(model, changes, related):
    order = {field.name: i for i, field in enumerate(model._meta.get_fields())}
    rows = []
    for name in sorted(changes, key=lambda n: order.get(n, len(order))):
        field, values = _model_field(model, name), changes[name]
        if field is not None and field.auto_created and not field.concrete:
            continue  # a reverse relation, which auditlog lists on a creation: not data
        label = str(field.verbose_name) if field is not None else name
        if isinstance(values, dict):  # many-to-many: {"operation": "add"/"delete", "objects"}
            names = "、".join(values.get("objects", []))
            if values.get("operation") == "add":
                note = _("added %(names)s") % {"names": names}
            else:
                note = _("removed %(names)s") % {"names": names}
            rows.append(FieldChange(label, "", "", note))
        else:
            old, new = (_value_text(field, value, related) for value in values)
            if old != new:  # a creation lists its empty fields too: nothing to read there
                rows.append(FieldChange(label, old, new))
    return rows


def _value_text(field, value, related):
    """A value as auditlog stored it (text) as a page shows it."""
    if value in (None, "None", ""):
        return EMPTY_VALUE
    value = str(value)
    if field is None:
        return value
    if field.choices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(value, value))
    if field.many_to_one or field.one_to_one:
        return related.get((field.related_model, value), "#" + value)
    kind = field.get_internal_type()
    try:
        if kind == "BooleanField":
            return _("yes") if value == "True" else _("no")
        if kind == "DateField":
            if len(value) == 7:  # a birth date, stored by year and month (idnumbers)
                return idnumbers.birth_month(date.fromisoformat(value + "-01"))
            return date_format(date.fromisoformat(value))
        if kind == "DateTimeField":
            # Stored in UTC without its zone (auditlog's form).
            moment = datetime.fromisoformat(value)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    except ValueError:
        pass
    return value
